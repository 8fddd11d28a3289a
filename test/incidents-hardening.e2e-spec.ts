import { codeOf, TestApi } from './support/test-app';

/** Regression tests for issues found in review: leaks, races, pagination, recovery. */
describe('incident hardening', () => {
  let api: TestApi;
  const token: Record<string, string> = {};
  let syt: string;
  let responderId: string;

  const call = <T = Record<string, unknown>>(
    who: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => api.gql<T>(query, variables, { token: token[who] });
  const report = async (who: string, input: Record<string, unknown>) => {
    const res = await call<{ reportIncident: { id: string; version: number } }>(
      who,
      'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id version } }',
      { i: input },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  };
  const waitUntil = async (condition: () => boolean, timeoutMs = 15_000) => {
    const started = Date.now();
    while (!condition()) {
      if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '100000' }, { worker: true });
    for (const who of ['admin', 'coordinator', 'responder', 'responder2', 'reporter'])
      token[who] = await api.login(`${who}@tocsin.local`);
    syt = await api.idOf('agency', 'SYT');
    responderId = await api.idOf('user', 'responder@tocsin.local');
  });
  afterAll(() => api.stop());

  it('keeps a TLP:RED incident’s audit trail from those who may not see it', async () => {
    const red = await report('coordinator', {
      title: 'Lộ bí mật nhà nước',
      description: 'Chi tiết mật',
      agencyId: syt,
      tlp: 'RED',
    });
    const trail = 'query($id:ID!){ auditTrail(entityId:$id){ edges { node { action } } } }';
    expect(codeOf(await call('admin', trail, { id: red.id }))).toBe('NOT_FOUND');
    expect((await call('coordinator', trail, { id: red.id })).errors).toBeUndefined();
  });

  it('refuses whitespace-only text and unknown teams', async () => {
    expect(
      codeOf(
        await call('reporter', 'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id } }', {
          i: { title: '     ', description: 'x', agencyId: syt },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    const incident = await report('reporter', { title: 'Kiểm tra đội', description: 'x', agencyId: syt });
    expect(
      codeOf(
        await call('coordinator', 'mutation($id:ID!){ escalateIncident(id:$id, reason:"   "){ id } }', {
          id: incident.id,
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    const unknownTeam = await call(
      'coordinator',
      'mutation($id:ID!){ assignIncident(id:$id, teamId:"6f1c1c62-7c55-4d7e-9a2a-2b0f1c1c6200"){ id } }',
      { id: incident.id },
    );
    expect(unknownTeam.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'teamId' });
  });

  it('lets a coordinator reclassify an acknowledged case, recomputing the deadlines', async () => {
    const incident = await report('reporter', {
      title: 'Nhìn nhỏ mà lớn',
      description: 'x',
      agencyId: syt,
      severity: 'LOW',
    });
    await call('responder', 'mutation($id:ID!){ acknowledgeIncident(id:$id){ id } }', { id: incident.id });
    const Q =
      'mutation($id:ID!){ reclassifyIncident(id:$id, input:{ severity: CRITICAL, category: INTRUSIONS, tlp: AMBER }){ status severity resolveDueAt createdAt } }';
    expect(codeOf(await call('reporter', Q, { id: incident.id }))).toBe('FORBIDDEN');
    const res = await call<{
      reclassifyIncident: { status: string; severity: string; resolveDueAt: string; createdAt: string };
    }>('coordinator', Q, { id: incident.id });
    expect(res.data?.reclassifyIncident).toMatchObject({ status: 'IN_PROGRESS', severity: 'CRITICAL' });
    const { resolveDueAt, createdAt } = res.data!.reclassifyIncident;
    expect(new Date(resolveDueAt).getTime() - new Date(createdAt).getTime()).toBe(4 * 3_600_000);
  });

  it('tells the loser of an acknowledge race INVALID_TRANSITION, not FORBIDDEN', async () => {
    const incident = await report('reporter', { title: 'Ai nhận trước', description: 'x', agencyId: syt });
    const [a, b] = await Promise.all(
      ['responder', 'responder2'].map((who) =>
        call(who, 'mutation($id:ID!){ acknowledgeIncident(id:$id){ assigneeId } }', { id: incident.id }),
      ),
    );
    const codes = [a, b].map((r) => codeOf(r) ?? 'ok').sort();
    expect(codes).toEqual(['INVALID_TRANSITION', 'ok']);
  });

  it('pages through incidents created in the same millisecond without losing any', async () => {
    const [{ id: reporterId }] = await api.dataSource.query<{ id: string }[]>(
      `SELECT id FROM "user" WHERE email = 'reporter@tocsin.local'`,
    );
    await api.dataSource.query(
      `INSERT INTO incident (code, title, description, category, severity, tlp, status, source, is_exercise, agency_id, reporter_id, search_text, version, created_at)
       SELECT 'SAME-' || g, 'same ms ' || g, 'x', 'other', 'LOW', 'GREEN', 'NEW', 'WEB', true, $1, $2, 'same ms', 1, '2020-01-01T00:00:00.123456Z'
         FROM generate_series(1, 3) g`,
      [syt, reporterId],
    );
    const seen = new Set<string>();
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res: {
        data?: {
          incidents: {
            edges: { node: { code: string } }[];
            pageInfo: { endCursor: string; hasNextPage: boolean };
          };
        } | null;
      } = await call(
        'coordinator',
        'query($a:String){ incidents(first:1, after:$a, filter:{ search: "same ms" }){ edges { node { code } } pageInfo { endCursor hasNextPage } } }',
        { a: after },
      );
      res.data!.incidents.edges.forEach((e) => seen.add(e.node.code));
      if (!res.data!.incidents.pageInfo.hasNextPage) break;
      after = res.data!.incidents.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual(['SAME-1', 'SAME-2', 'SAME-3']);
    const forged = Buffer.from(JSON.stringify(['2020-01-01T00:00:00.000Z', 'not-a-uuid'])).toString(
      'base64url',
    );
    expect(
      codeOf(
        await call('coordinator', 'query($a:String){ incidents(after:$a){ edges { node { id } } } }', {
          a: forged,
        }),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('searches the newest rows first and falls back to the trigram index for rare words, with the same answers', async () => {
    const [{ id: reporterId }] = await api.dataSource.query<{ id: string }[]>(
      `SELECT id FROM "user" WHERE email = 'reporter@tocsin.local'`,
    );
    const insert = (prefix: string, text: string, count: number, age: string) =>
      api.dataSource.query(
        `INSERT INTO incident (code, title, description, category, severity, tlp, status, source, is_exercise, agency_id, reporter_id, search_text, version, created_at)
         SELECT $3 || g, $4::text, 'x', 'other', 'LOW', 'GREEN', 'NEW', 'WEB', true, $1, $2, $4::text, 1, now() - ($5::interval) - (g || ' seconds')::interval
           FROM generate_series(1, $6::int) g`,
        [syt, reporterId, prefix, text, age, count],
      );
    await insert('RARE-', 'hiem gap zzqx', 3, '30 days');
    await insert('COMMON-', 'thuong gap abcw', 3100, '1 day');
    const search = async (words: string, after: string | null) =>
      (
        await call<{
          incidents: {
            edges: { node: { code: string } }[];
            pageInfo: { endCursor: string; hasNextPage: boolean };
          };
        }>(
          'coordinator',
          'query($s:String!,$a:String){ incidents(first: 50, after:$a, filter:{ search:$s }){ edges { node { code } } pageInfo { endCursor hasNextPage } } }',
          { s: words, a: after },
        )
      ).data!.incidents;
    const rare = await search('zzqx', null);
    expect(rare.edges.map((e) => e.node.code)).toEqual(['RARE-1', 'RARE-2', 'RARE-3']);
    const first = await search('abcw', null);
    expect(first.edges.map((e) => e.node.code)).toEqual(
      Array.from({ length: 50 }, (_, i) => `COMMON-${i + 1}`),
    );
    const second = await search('abcw', first.pageInfo.endCursor);
    expect(second.edges[0].node.code).toBe('COMMON-51');
    expect(second.pageInfo.hasNextPage).toBe(true);
  });

  it('does not announce internal changes to reporters, and ends a subscription after logout', async () => {
    const incident = await report('reporter', { title: 'Theo dõi sự kiện', description: 'x', agencyId: syt });
    const reporterSession = await api.login('reporter@tocsin.local');
    const events: string[] = [];
    let completed = false;
    api.ws(reporterSession).subscribe(
      { query: 'subscription($id:ID){ incidentChanged(id:$id){ type } }', variables: { id: incident.id } },
      {
        next: (m) => events.push((m.data as { incidentChanged: { type: string } }).incidentChanged.type),
        error: () => (completed = true),
        complete: () => (completed = true),
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    await call(
      'coordinator',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"ghi chú nội bộ", internal:true){ id } }',
      { id: incident.id },
    );
    await call(
      'coordinator',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"gửi đơn vị", internal:false){ id } }',
      { id: incident.id },
    );
    await waitUntil(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(events).toEqual(['incident.comment_added']); // only the visible one

    await api.gql('mutation { logout }', {}, { token: reporterSession });
    await new Promise((r) => setTimeout(r, 5200)); // the subscription re-checks its session every 5 s
    await call(
      'coordinator',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"sau khi đăng xuất", internal:false){ id } }',
      { id: incident.id },
    );
    await waitUntil(() => completed);
    expect(events).toHaveLength(1);
  });

  it('keeps relaying after the relay’s database connection is killed', async () => {
    const incident = await report('reporter', { title: 'Relay recovers', description: 'x', agencyId: syt });
    const events: string[] = [];
    api.ws(token.coordinator).subscribe(
      { query: 'subscription($id:ID){ incidentChanged(id:$id){ type } }', variables: { id: incident.id } },
      {
        next: (m) => events.push((m.data as { incidentChanged: { type: string } }).incidentChanged.type),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    await api.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tocsin-outbox-relay' AND datname = current_database()`,
    );
    await call(
      'coordinator',
      `mutation($id:ID!){ assignIncident(id:$id, assigneeId:"${responderId}"){ id } }`,
      { id: incident.id },
    );
    await waitUntil(() => events.includes('incident.assigned'), 20_000);
  });
});
