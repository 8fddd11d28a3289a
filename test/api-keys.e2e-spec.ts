import { createHash } from 'node:crypto';

import { codeOf, TestApi } from './support/test-app';

describe('API keys for machines', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await TestApi.start();
    admin = await api.login('admin@tocsin.local');
  });
  afterAll(() => api.stop());

  it('shows the key once, stores only its hash, records its use, and stops it when revoked', async () => {
    const created = await api.gql<{
      createApiKey: {
        secret: string;
        apiKey: { id: string; prefix: string; scopes: string[]; lastUsedAt: string | null };
      };
    }>(
      'mutation { createApiKey(input:{ name:"SIEM Wazuh", scopes:[AGENCIES_READ] }) { secret apiKey { id prefix scopes lastUsedAt } } }',
      {},
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret).toMatch(/^tsk_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.lastUsedAt).toBeNull();

    const [row] = await api.dataSource.query<{ key_hash: string }[]>(
      'SELECT key_hash FROM api_key WHERE id = $1',
      [apiKey.id],
    );
    expect(row.key_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    const dump = JSON.stringify(await api.dataSource.query('SELECT * FROM api_key'));
    expect(dump).not.toContain(secret);
    // The list never shows the secret again.
    const listed = await api.gql<{ apiKeys: Record<string, unknown>[] }>(
      '{ apiKeys { id prefix name } }',
      {},
      { token: admin },
    );
    expect(JSON.stringify(listed.data)).not.toContain(secret);

    // Scoped: it may read agencies (header or bearer), nothing else.
    expect((await api.gql('{ agencies { code } }', {}, { apiKey: secret })).errors).toBeUndefined();
    expect((await api.gql('{ agencies { code } }', {}, { token: secret })).errors).toBeUndefined();
    expect(codeOf(await api.gql('{ users { id } }', {}, { apiKey: secret }))).toBeUndefined(); // empty list, not an error
    expect(
      (await api.gql<{ users: unknown[] }>('{ users { id } }', {}, { apiKey: secret })).data?.users,
    ).toEqual([]);
    expect(codeOf(await api.gql('{ apiKeys { id } }', {}, { apiKey: secret }))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql('{ me { id } }', {}, { apiKey: secret }))).toBe('FORBIDDEN');

    const used = await api.gql<{ apiKeys: { id: string; lastUsedAt: string | null }[] }>(
      '{ apiKeys { id lastUsedAt } }',
      {},
      { token: admin },
    );
    const usedAt = used.data!.apiKeys.find((k) => k.id === apiKey.id)!.lastUsedAt;
    expect(Date.now() - new Date(usedAt!).getTime()).toBeLessThan(60_000);

    const revoked = await api.gql<{ revokeApiKey: { revokedAt: string } }>(
      'mutation($id:ID!){ revokeApiKey(id:$id){ revokedAt } }',
      { id: apiKey.id },
      { token: admin },
    );
    expect(revoked.data?.revokeApiKey.revokedAt).toBeTruthy();
    const after = await api.gql('{ agencies { code } }', {}, { apiKey: secret });
    expect(after.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'INVALID_API_KEY',
    });
  });

  it('refuses unknown, malformed and expired keys, and bad input when creating one', async () => {
    expect(codeOf(await api.gql('{ agencies { code } }', {}, { apiKey: 'tsk_not-a-real-key' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(await api.gql('{ agencies { code } }', {}, { apiKey: 'x'.repeat(500) }))).toBe(
      'UNAUTHENTICATED',
    );
    const before = await api.count('api_key');
    const CREATE = 'mutation($i:CreateApiKeyInput!){ createApiKey(input:$i){ secret } }';
    for (const i of [
      { name: 'no scopes', scopes: [] },
      { name: 'bad scope', scopes: ['EVERYTHING'] },
      { name: 'x', scopes: ['AGENCIES_READ'] },
      { name: 'past', scopes: ['AGENCIES_READ'], expiresAt: '2020-01-01T00:00:00Z' },
    ]) {
      expect(codeOf(await api.gql(CREATE, { i }, { token: admin }))).toBe('BAD_USER_INPUT');
    }
    expect(await api.count('api_key')).toBe(before);

    const soon = await api.gql<{ createApiKey: { secret: string } }>(
      CREATE,
      {
        i: {
          name: 'short-lived',
          scopes: ['AGENCIES_READ'],
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        },
      },
      { token: admin },
    );
    const secret = soon.data!.createApiKey.secret;
    expect((await api.gql('{ agencies { code } }', {}, { apiKey: secret })).errors).toBeUndefined();
    await api.dataSource.query(
      `UPDATE api_key SET expires_at = now() - interval '1 second' WHERE name = 'short-lived'`,
    );
    expect(codeOf(await api.gql('{ agencies { code } }', {}, { apiKey: secret }))).toBe('UNAUTHENTICATED');
  });
});
