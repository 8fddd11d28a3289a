import { randomUUID } from 'node:crypto';

import { auditHash } from '@tocsin/audit';

import { codeOf, DEMO_PASSWORD, TestApi } from './support/test-app';

const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }';
const TRAIL = `query($id:ID!,$first:Int,$after:String){ auditTrail(entityId:$id, first:$first, after:$after){
  totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
  edges { cursor node { id sequence occurredAt actorId actorRole action entityType entityId before after
                        requestId ip hash previousHash } } } }`;
const VERIFY = '{ verifyAuditChain { ok checked firstBrokenId } }';
const CREATE_AGENCY = 'mutation($i:CreateAgencyInput!){ createAgency(input:$i){ id version } }';

interface EventNode {
  id: string;
  sequence: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  hash: string;
  previousHash: string;
}
interface TrailPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: EventNode }[];
}
interface Verification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
}

describe('audit trail', () => {
  let api: TestApi;
  let admin: string;
  let coordinator: string;
  let adminId: string;
  let province: string;
  let seq = 0;
  /** Every secret this suite has seen; none may ever appear in the audit table. */
  const secrets: string[] = [DEMO_PASSWORD];

  const trail = async (entityId: string, token = coordinator): Promise<EventNode[]> => {
    const res = await api.gql<{ auditTrail: TrailPage }>(TRAIL, { id: entityId, first: 100 }, { token });
    expect(res.errors).toBeUndefined();
    return res.data!.auditTrail.edges.map((e) => e.node);
  };
  const verify = async (): Promise<Verification> => {
    const res = await api.gql<{ verifyAuditChain: Verification }>(VERIFY, {}, { token: coordinator });
    expect(res.errors).toBeUndefined();
    return res.data!.verifyAuditChain;
  };
  const auditCount = () => api.count('audit_event');
  const createAgency = async (token = admin) => {
    const res = await api.gql<{ createAgency: { id: string; version: number } }>(
      CREATE_AGENCY,
      { i: { code: `AUD-${++seq}`, name: `Audit district ${seq}`, kind: 'DISTRICT', parentId: province } },
      { token },
    );
    return res;
  };

  beforeAll(async () => {
    api = await TestApi.start({ LOGIN_MAX_FAILURES: '3', RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await api.login('admin@tocsin.local');
    coordinator = await api.login('coordinator@tocsin.local');
    adminId = await api.idOf('user', 'admin@tocsin.local');
    province = await api.idOf('agency', 'TINH-DEMO');
  });
  afterAll(() => api.stop());

  it('records sign-ins with the actor, role, request id and IP', async () => {
    const res = await api.gql(
      LOGIN,
      { e: 'responder@tocsin.local', p: DEMO_PASSWORD },
      { headers: { 'x-request-id': 'audit-login-1' } },
    );
    expect(res.errors).toBeUndefined();
    const responderId = await api.idOf('user', 'responder@tocsin.local');
    const login = (await trail(responderId)).find((e) => e.requestId === 'audit-login-1');
    expect(login).toMatchObject({
      action: 'user.login',
      actorId: responderId,
      actorRole: 'RESPONDER',
      entityType: 'user',
      entityId: responderId,
      ip: '127.0.0.1',
    });
    expect(login!.after).toEqual({ sessionId: expect.any(String) });
  });

  it('records failed sign-ins of known accounts and the lockout, with the IP and no password', async () => {
    const victimId = await api.idOf('user', 'reporter2@tocsin.local');
    const wrong = ['Wrong-password-1', 'Wrong-password-2', 'Wrong-password-3'];
    secrets.push(...wrong);
    for (const [i, p] of wrong.entries()) {
      const res = await api.gql(
        LOGIN,
        { e: 'reporter2@tocsin.local', p },
        { headers: { 'x-request-id': `audit-fail-${i}` } },
      );
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    // Locked now: even the right password is refused, and that is recorded too.
    const locked = await api.gql(LOGIN, { e: 'reporter2@tocsin.local', p: DEMO_PASSWORD });
    expect(locked.errors?.[0].extensions?.reason).toBe('ACCOUNT_LOCKED');

    const events = await trail(victimId);
    const failed = events.filter((e) => e.action === 'user.login_failed');
    expect(failed.map((e) => e.after?.reason)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
    ]);
    expect(failed[0]).toMatchObject({
      actorId: null,
      actorRole: null,
      ip: '127.0.0.1',
      requestId: 'audit-fail-0',
    });
    expect(failed.map((e) => e.after?.failedLoginCount).slice(0, 3)).toEqual([1, 2, 3]);
    const lock = events.find((e) => e.action === 'user.locked');
    expect(lock?.requestId).toBe('audit-fail-2');
    expect(lock?.after?.lockedUntil).toEqual(expect.any(String));

    // An unknown email names no account: nothing to record.
    const before = await auditCount();
    await api.gql(LOGIN, { e: 'nobody@tocsin.local', p: 'whatever-password' });
    expect(await auditCount()).toBe(before);
  });

  it('records admin and self-service changes with before/after, never a secret', async () => {
    const headers = { 'x-request-id': 'audit-admin-1' };
    const newUserPassword = 'Audit-user-password-1';
    secrets.push(newUserPassword);
    const created = await api.gql<{ createUser: { id: string } }>(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      {
        i: {
          email: 'audited@tocsin.local',
          displayName: 'Audited Person',
          role: 'RESPONDER',
          password: newUserPassword,
        },
      },
      { token: admin, headers },
    );
    expect(created.errors).toBeUndefined();
    const userId = created.data!.createUser.id;
    await api.gql(
      'mutation($id:ID!){ updateUser(id:$id, input:{ version:1, displayName:"Renamed Person" }){ id } }',
      { id: userId },
      { token: admin },
    );
    await api.gql('mutation($id:ID!){ deactivateUser(id:$id){ id } }', { id: userId }, { token: admin });
    await api.gql('mutation($id:ID!){ reactivateUser(id:$id){ id } }', { id: userId }, { token: admin });

    const userToken = await api.login('audited@tocsin.local', newUserPassword);
    secrets.push(userToken);
    await api.gql('mutation { updateMyProfile(input:{ locale: "en" }){ id } }', {}, { token: userToken });
    const changedPassword = 'Audit-user-password-2';
    secrets.push(changedPassword);
    const changed = await api.gql(
      'mutation($c:String!,$n:String!){ changePassword(input:{ currentPassword:$c, newPassword:$n }) }',
      { c: newUserPassword, n: changedPassword },
      { token: userToken },
    );
    expect(changed.errors).toBeUndefined();
    await api.gql('mutation { logout }', {}, { token: userToken });

    const events = await trail(userId);
    expect(events.map((e) => e.action)).toEqual([
      'user.created',
      'user.updated',
      'user.deactivated',
      'user.reactivated',
      'user.login',
      'user.profile_updated',
      'user.password_changed',
      'session.logout',
    ]);
    const [create, update, deactivate] = events;
    expect(create).toMatchObject({
      actorId: adminId,
      actorRole: 'ADMIN',
      requestId: 'audit-admin-1',
      before: null,
    });
    expect(create.after).toMatchObject({ email: 'audited@tocsin.local', role: 'RESPONDER', active: true });
    expect(update.before).toMatchObject({ displayName: 'Audited Person', version: 1 });
    expect(update.after).toMatchObject({ displayName: 'Renamed Person', version: 2 });
    expect(update.after).not.toHaveProperty('email'); // unchanged members are left out
    expect(deactivate.after).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
    expect(events[5]).toMatchObject({ actorId: userId, actorRole: 'RESPONDER', after: { locale: 'en' } });
    expect(events[6].after).toMatchObject({ passwordChangedAt: expect.any(String) });
    expect(events[7].after).toMatchObject({ allSessions: false, sessionsEnded: 1 });

    // API keys: never the key or its hash.
    const key = await api.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(input:{ name:"audited machine", scopes:[AGENCIES_READ] }) { secret apiKey { id } } }',
      {},
      { token: admin },
    );
    const { secret, apiKey } = key.data!.createApiKey;
    secrets.push(secret);
    await api.gql('mutation($id:ID!){ revokeApiKey(id:$id){ id } }', { id: apiKey.id }, { token: admin });
    const keyEvents = await trail(apiKey.id);
    expect(keyEvents.map((e) => e.action)).toEqual(['apikey.created', 'apikey.revoked']);
    expect(keyEvents[0].after).toMatchObject({ name: 'audited machine', scopes: ['AGENCIES_READ'] });
    expect(keyEvents[0].after).not.toHaveProperty('keyHash');

    // Agencies and their information systems.
    const agency = await createAgency();
    const agencyId = agency.data!.createAgency.id;
    await api.gql(
      'mutation($id:ID!){ updateAgency(id:$id, input:{ name:"Renamed district", version:1 }){ id } }',
      { id: agencyId },
      { token: admin },
    );
    const system = await api.gql<{ createInformationSystem: { id: string } }>(
      'mutation($a:ID!){ createInformationSystem(agencyId:$a, input:{ name:"Portal", securityLevel:2 }){ id } }',
      { a: agencyId },
      { token: admin },
    );
    const systemId = system.data!.createInformationSystem.id;
    await api.gql(
      'mutation($id:ID!){ updateInformationSystem(id:$id, input:{ name:"Portal", securityLevel:3 }){ id } }',
      { id: systemId },
      { token: admin },
    );
    await api.gql('mutation($id:ID!){ deleteAgency(id:$id) }', { id: agencyId }, { token: admin });
    expect((await trail(agencyId)).map((e) => e.action)).toEqual([
      'agency.created',
      'agency.updated',
      'agency.deleted',
    ]);
    const systemEvents = await trail(systemId);
    expect(systemEvents.map((e) => e.action)).toEqual([
      'information_system.created',
      'information_system.updated',
      'information_system.deleted', // gone with its agency
    ]);
    expect(systemEvents[1]).toMatchObject({ before: { securityLevel: 2 }, after: { securityLevel: 3 } });

    // Nothing secret anywhere in the table: passwords, hashes, tokens, keys.
    const hashes = await api.dataSource.query<{ h: string }[]>(
      'SELECT password_hash AS h FROM "user" UNION ALL SELECT key_hash FROM api_key UNION ALL SELECT refresh_token_hash FROM auth_session',
    );
    const dump = JSON.stringify(await api.dataSource.query('SELECT * FROM audit_event'));
    for (const s of [...secrets, ...hashes.map((r) => r.h.trim()).filter(Boolean)])
      expect(dump).not.toContain(s);
    expect(dump).not.toMatch(/"(password|passwordHash|keyHash|refreshTokenHash|secret|accessToken)"/);
  });

  it('pages a trail oldest first with an opaque cursor', async () => {
    const agency = await createAgency();
    const id = agency.data!.createAgency.id;
    for (let version = 1; version <= 4; version++) {
      const res = await api.gql(
        'mutation($id:ID!,$v:Int!,$n:String!){ updateAgency(id:$id, input:{ name:$n, version:$v }){ id } }',
        { id, v: version, n: `Name ${version}` },
        { token: admin },
      );
      expect(res.errors).toBeUndefined();
    }
    const first = await api.gql<{ auditTrail: TrailPage }>(TRAIL, { id, first: 2 }, { token: admin });
    const page1 = first.data!.auditTrail;
    expect(page1.totalCount).toBe(5);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await api.gql<{ auditTrail: TrailPage }>(
      TRAIL,
      { id, first: 10, after: page1.pageInfo.endCursor },
      { token: admin },
    );
    const page2 = second.data!.auditTrail;
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const all = [...page1.edges, ...page2.edges].map((e) => e.node);
    expect(all.map((e) => e.action)).toEqual(['agency.created', ...Array(4).fill('agency.updated')]);
    const sequences = all.map((e) => Number(e.sequence));
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(all[4].after).toEqual({ name: 'Name 4', version: 5, updatedAt: expect.any(String) });

    const bad = await api.gql(TRAIL, { id, after: 'not-a-cursor' }, { token: admin });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('verifies rows holding quotes, backslashes, tabs, newlines and any script', async () => {
    // No other control character: the API refuses them since issue #18 (docs/api-hardening.md);
    // chain-verifier.spec.ts covers them in the COPY stream.
    const name = 'Sở "Tài chính" \\ C:\\temp\tcột\nhàng 🚨 \\N';
    const res = await api.gql<{ createAgency: { id: string } }>(
      CREATE_AGENCY,
      { i: { code: `AUD-ODD-${++seq}`, name, kind: 'DISTRICT', parentId: province } },
      { token: admin, headers: { 'x-request-id': 'odd.request_id-1' } },
    );
    expect(res.errors).toBeUndefined();
    const [event] = await trail(res.data!.createAgency.id);
    expect(event.after?.name).toBe(name);
    expect(await verify()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('writes no audit row for a refusal', async () => {
    const responder = await api.login('responder2@tocsin.local');
    const before = await auditCount();
    expect(codeOf(await createAgency(responder))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql(TRAIL, { id: province }, { token: responder }))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql(VERIFY, {}, { token: responder }))).toBe('FORBIDDEN');
    expect(await auditCount()).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table in the database itself', async () => {
    const before = await auditCount();
    for (const sql of [
      `UPDATE audit_event SET ip = '6.6.6.6'`,
      `UPDATE audit_event SET action = 'x' WHERE false`,
      'DELETE FROM audit_event',
      'TRUNCATE audit_event',
      'DELETE FROM audit_chain_head',
    ]) {
      await expect(api.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
    expect(await auditCount()).toBe(before);
  });

  it('keeps one unforked chain under concurrent writers', async () => {
    const before = await auditCount();
    const results = await Promise.all([
      ...Array.from({ length: 30 }, () => createAgency()),
      ...Array.from({ length: 4 }, () => api.gql(LOGIN, { e: 'leader@tocsin.local', p: DEMO_PASSWORD })),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await auditCount()).toBe(before + 34);
    const [links] = await api.dataSource.query<{ rows: number; max: string; linked: number }[]>(
      `SELECT count(*)::int AS rows, max(e.sequence)::text AS max,
              count(*) FILTER (WHERE e.previous_hash = coalesce(p.hash, repeat('0', 64)))::int AS linked
         FROM audit_event e LEFT JOIN audit_event p ON p.sequence = e.sequence - 1`,
    );
    expect(links.linked).toBe(links.rows);
    expect(Number(links.max)).toBe(links.rows);
    expect(await verify()).toEqual({ ok: true, checked: links.rows, firstBrokenId: null });
  });

  describe('tampering, as a database superuser with the triggers off', () => {
    /** Runs statements with user triggers disabled for this transaction only. */
    const tamper = async (statements: string[], params: unknown[][] = []) => {
      const runner = api.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query('SET LOCAL session_replication_role = replica');
        for (const [i, sql] of statements.entries()) await runner.query(sql, params[i] ?? []);
        await runner.commitTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    };
    const rowAt = async (sequence: number) => {
      const [row] = await api.dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM audit_event WHERE sequence = $1',
        [sequence],
      );
      return row as { id: string; hash: string; sequence: string };
    };
    let total: number;
    let middle: number;

    beforeAll(async () => {
      total = await auditCount();
      middle = Math.floor(total / 2);
      expect(middle).toBeGreaterThan(5);
      await api.dataSource.query('CREATE TABLE audit_backup AS SELECT * FROM audit_event');
      await api.dataSource.query('CREATE TABLE audit_head_backup AS SELECT * FROM audit_chain_head');
    });
    afterEach(async () => {
      await tamper([
        'DELETE FROM audit_event',
        'INSERT INTO audit_event SELECT * FROM audit_backup',
        'DELETE FROM audit_chain_head',
        'INSERT INTO audit_chain_head SELECT * FROM audit_head_backup',
      ]);
    });

    it('an untouched chain verifies', async () => {
      expect(await verify()).toEqual({ ok: true, checked: total, firstBrokenId: null });
    });

    it('finds a changed row', async () => {
      const target = await rowAt(middle);
      await tamper([`UPDATE audit_event SET after = '{"name":"Forged"}' WHERE id = $1`], [[target.id]]);
      expect(await verify()).toEqual({ ok: false, checked: middle, firstBrokenId: target.id });
    });

    it('finds a deleted row (the next one no longer links)', async () => {
      const next = await rowAt(middle + 1);
      await tamper(['DELETE FROM audit_event WHERE sequence = $1'], [[middle]]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: next.id });
    });

    it('finds a row inserted in the middle, even with a valid hash of its own', async () => {
      const previous = await rowAt(middle);
      const displaced = await rowAt(middle + 1);
      const forged = {
        id: randomUUID(),
        sequence: middle + 1,
        occurredAt: new Date().toISOString(),
        actorId: null,
        actorRole: null,
        action: 'user.created',
        entityType: 'user',
        entityId: randomUUID(),
        before: null,
        after: { email: 'ghost@tocsin.local' },
        requestId: null,
        ip: null,
        previousHash: previous.hash,
      };
      await tamper(
        [
          // Make room: every later row moves up by one (through a detour, for the unique index).
          'UPDATE audit_event SET sequence = -sequence - 1 WHERE sequence > $1',
          'UPDATE audit_event SET sequence = -sequence WHERE sequence < 0',
          `INSERT INTO audit_event (id, sequence, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
                                    before, after, request_id, ip, previous_hash, hash)
           VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6, NULL, $7, NULL, NULL, $8, $9)`,
        ],
        [
          [middle],
          [],
          [
            forged.id,
            forged.sequence,
            forged.occurredAt,
            forged.action,
            forged.entityType,
            forged.entityId,
            JSON.stringify(forged.after),
            forged.previousHash,
            auditHash(forged),
          ],
        ],
      );
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: displaced.id });
    });

    it('finds two swapped rows', async () => {
      const a = await rowAt(middle);
      const b = await rowAt(middle + 1);
      await tamper(
        [
          'UPDATE audit_event SET sequence = -1 WHERE id = $1',
          'UPDATE audit_event SET sequence = $2 WHERE id = $1',
          'UPDATE audit_event SET sequence = $2 WHERE id = $1',
        ],
        [[a.id], [b.id, middle], [a.id, middle + 1]],
      );
      expect(await verify()).toEqual({ ok: false, checked: middle, firstBrokenId: b.id });
    });

    it('finds the last rows cut off the end', async () => {
      const newLast = await rowAt(total - 2);
      await tamper(['DELETE FROM audit_event WHERE sequence > $1'], [[total - 2]]);
      expect(await verify()).toEqual({ ok: false, checked: total - 2, firstBrokenId: newLast.id });
    });

    it('verifies again once restored', async () => {
      expect(await verify()).toEqual({ ok: true, checked: total, firstBrokenId: null });
    });
  });
});
