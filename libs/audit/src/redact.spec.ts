import { changedFields, isSecretKey, redact } from './redact';

describe('redact', () => {
  it('drops secret keys at any depth, in any spelling', () => {
    const input = {
      email: 'a@b.c',
      password: 'p',
      passwordHash: 'h',
      password_hash: 'h',
      token: 't',
      accessToken: 't',
      refreshToken: 't',
      refreshTokenHash: 'h',
      secret: 's',
      keyHash: 'k',
      nested: { deeper: [{ smtpPassword: 'x', botToken: 'y', clientSecret: 'z', keep: 1 }], SECRET: 's' },
    };
    expect(redact(input)).toEqual({ email: 'a@b.c', nested: { deeper: [{ keep: 1 }] } });
  });

  it('keeps harmless keys that only mention a secret', () => {
    for (const key of ['passwordChangedAt', 'tokenCount', 'prefix', 'secretary', 'keyHashAlgorithm']) {
      expect(isSecretKey(key)).toBe(false);
    }
  });

  it('makes plain JSON: dates as ISO strings, no undefined or functions, storable strings', () => {
    const when = new Date('2026-05-01T07:30:00.123Z');
    const out = redact({
      when,
      missing: undefined,
      fn: () => 1,
      big: 10n,
      nan: NaN,
      list: [undefined, when],
      text: 'a\u0000b\ud800c',
      __proto__x: 1,
    });
    expect(out).toEqual({
      when: '2026-05-01T07:30:00.123Z',
      big: '10',
      nan: null,
      list: [null, '2026-05-01T07:30:00.123Z'],
      text: 'a\ufffdb\ufffdc',
      __proto__x: 1,
    });
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeNull();
  });

  it('stops at a depth limit instead of following cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(JSON.stringify(redact(cyclic))).toContain('[nested too deep]');
  });

  it('diffs two snapshots to the changed members only, secrets excluded', () => {
    const before = { id: '1', name: 'Old', version: 1, passwordHash: 'a', updatedAt: new Date(0) };
    const after = {
      id: '1',
      name: 'New',
      version: 2,
      passwordHash: 'b',
      updatedAt: new Date(0),
      extra: true,
    };
    expect(changedFields(before, after)).toEqual({
      before: { name: 'Old', version: 1, extra: null },
      after: { name: 'New', version: 2, extra: true },
    });
  });
});
