import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

import { codeOf, GqlResult, TestApi } from './support/test-app';

/**
 * The per-request session check is served from memory under a revocation epoch in Redis
 * (libs/auth/src/sessions/session-cache.ts). These tests hold it to "logout and deactivation take
 * effect at once" across two api processes, each with its own cache, both warmed first.
 */
describe('session check cache across two api processes', () => {
  let api: TestApi;
  let peer: NestFastifyApplication;

  beforeAll(async () => {
    api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '100000' });
    peer = await api.startPeer();
  });
  afterAll(() => api.stop());

  async function meAt(
    app: NestFastifyApplication,
    token: string,
  ): Promise<GqlResult<{ me: { role: string } }>> {
    const res = await request(app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ me { id role } }' });
    return { status: res.status, data: res.body.data, errors: res.body.errors, headers: res.headers };
  }
  async function warm(token: string): Promise<void> {
    for (const app of [api.app, peer, api.app, peer]) expect((await meAt(app, token)).errors).toBeUndefined();
  }
  async function newUser(email: string, role = 'RESPONDER'): Promise<{ id: string; token: string }> {
    const admin = await api.login('admin@tocsin.local');
    const res = await api.gql<{ createUser: { id: string } }>(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      {
        i: {
          email,
          displayName: 'Phiên',
          role,
          agencyId: await api.idOf('agency', 'STTTT'),
          password: 'Session-password-1',
        },
      },
      { token: admin },
    );
    return { id: res.data!.createUser.id, token: await api.login(email, 'Session-password-1') };
  }

  it('serves a warmed session from memory: the database is not asked again', async () => {
    const { token } = await newUser('cached@tocsin.local');
    await warm(token);
    // Changed behind the api's back (no epoch bump): memory still answers, which shows the
    // database is not read per request; the api's own paths always bump (tests below).
    await api.dataSource.query(
      `UPDATE auth_session SET revoked_at = now() WHERE user_id = (SELECT id FROM "user" WHERE email = 'cached@tocsin.local')`,
    );
    expect((await meAt(api.app, token)).errors).toBeUndefined();
    expect((await meAt(peer, token)).errors).toBeUndefined();
  });

  it('a logout on one process cuts the session off on the other at once', async () => {
    const { token } = await newUser('logout@tocsin.local');
    await warm(token);
    const out = await api.gql('mutation { logout(allSessions: false) }', {}, { token });
    expect(out.errors).toBeUndefined();
    for (const app of [peer, api.app]) {
      const res = await meAt(app, token);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].extensions?.reason).toBe('SESSION_ENDED');
    }
  });

  it('a deactivation on one process cuts every session off on the other at once', async () => {
    const { id, token } = await newUser('deactivated@tocsin.local');
    await warm(token);
    const admin = await api.login('admin@tocsin.local');
    const res = await request(peer.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${admin}`)
      .send({ query: 'mutation($id:ID!){ deactivateUser(id:$id){ id active } }', variables: { id } });
    expect(res.body.errors).toBeUndefined();
    for (const app of [api.app, peer]) expect(codeOf(await meAt(app, token))).toBe('UNAUTHENTICATED');
  });

  it('a role change on one process is what the other answers with next', async () => {
    const { id, token } = await newUser('promoted@tocsin.local');
    await warm(token);
    const admin = await api.login('admin@tocsin.local');
    const [{ version }] = await api.dataSource.query('SELECT version FROM "user" WHERE id = $1', [id]);
    const res = await api.gql(
      'mutation($id:ID!,$v:Int!){ updateUser(id:$id, input:{ version:$v, role: COORDINATOR }){ role } }',
      { id, v: version },
      { token: admin },
    );
    expect(res.errors).toBeUndefined();
    for (const app of [peer, api.app]) expect((await meAt(app, token)).data?.me.role).toBe('COORDINATOR');
  });

  it('a password change ends the other sessions on both processes at once', async () => {
    const { token: first } = await newUser('password@tocsin.local');
    const second = await api.login('password@tocsin.local', 'Session-password-1');
    await warm(first);
    await warm(second);
    const res = await api.gql(
      'mutation { changePassword(input:{ currentPassword:"Session-password-1", newPassword:"Session-password-2" }) }',
      {},
      { token: second },
    );
    expect(res.errors).toBeUndefined();
    for (const app of [peer, api.app]) {
      expect(codeOf(await meAt(app, first))).toBe('UNAUTHENTICATED');
      expect((await meAt(app, second)).errors).toBeUndefined();
    }
  });
});
