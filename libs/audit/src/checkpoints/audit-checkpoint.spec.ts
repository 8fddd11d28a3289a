import { generateKeyPairSync } from 'node:crypto';

import { checkpointFileName, keyIdOf, readCheckpoint, signCheckpoint } from './audit-checkpoint';

describe('signed audit checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const head = { sequence: 42, hash: 'ab'.repeat(32) };
  const at = new Date('2026-12-01T21:00:00.123Z');

  it('signs the head and verifies with the public key alone', () => {
    const signed = signCheckpoint(head, at, privateKey);
    expect(signed).toMatchObject({
      format: 'tocsin-audit-checkpoint/1',
      ...head,
      createdAt: '2026-12-01T21:00:00.123Z',
      keyId: keyIdOf(publicKey),
    });
    expect(readCheckpoint(JSON.stringify(signed), publicKey)).toEqual({ ok: true, checkpoint: signed });
  });

  it.each([
    ['an edited hash', { hash: 'cd'.repeat(32) }],
    ['an edited sequence', { sequence: 41 }],
    ['an edited time', { createdAt: '2026-12-01T22:00:00.123Z' }],
    ['a signature of something else', { signature: Buffer.alloc(64, 1).toString('base64') }],
  ])('refuses %s as BAD_SIGNATURE', (_what, change) => {
    const signed = { ...signCheckpoint(head, at, privateKey), ...change };
    expect(readCheckpoint(JSON.stringify(signed), publicKey)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('refuses a checkpoint signed by another key', () => {
    const other = generateKeyPairSync('ed25519');
    const signed = signCheckpoint(head, at, other.privateKey);
    expect(readCheckpoint(JSON.stringify(signed), publicKey)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it.each(['not json', '{}', 'null', JSON.stringify({ ...head, format: 'x' })])(
    'refuses %s as UNREADABLE',
    (text) => {
      expect(readCheckpoint(text, publicKey)).toEqual({ ok: false, reason: 'UNREADABLE' });
    },
  );

  it('names files so they sort by sequence', () => {
    const names = [900, 1000, 42].map((sequence) =>
      checkpointFileName(signCheckpoint({ ...head, sequence }, at, privateKey)),
    );
    expect(names[2]).toBe('checkpoint-000000000042-20261201T210000123Z.json');
    expect([...names].sort()).toEqual([names[2], names[0], names[1]]);
  });
});
