import { TestApi } from './support/test-app';

/**
 * The all-open and closed lists' API: the SLA-state, source and closed-date filters, urgency order,
 * per-facet counts, and refusals of bad input.
 */
const LIST = `query($f: IncidentFilter, $o: IncidentOrder!, $after: String, $first: Int! = 20) {
  incidents(filter: $f, orderBy: $o, first: $first, after: $after) {
    edges { node { code } } pageInfo { hasNextPage endCursor } totalCount } }`;
const COUNTS = `query($f: IncidentFilter) { incidentCounts(filter: $f) {
  total byStatus { key count } bySeverity { key count } bySlaState { key count } bySource { key count } byCategory { key count } } }`;

type List = {
  incidents: {
    edges: { node: { code: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
};
type KeyCount = { key: string; count: number }[];
type Counts = {
  incidentCounts: {
    total: number;
    byStatus: KeyCount;
    bySeverity: KeyCount;
    bySlaState: KeyCount;
    bySource: KeyCount;
    byCategory: KeyCount;
  };
};

describe('incident lists: filters, urgency, counts', () => {
  let api: TestApi;
  let token: string;
  const codes: Record<string, string> = {};
  const tag = `L${Date.now().toString(36)}`;

  const list = async (f: Record<string, unknown>, o = 'URGENCY', extra: Record<string, unknown> = {}) => {
    const res = await api.gql<List>(LIST, { f: { search: tag, ...f }, o, ...extra }, { token });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.incidents;
  };

  beforeAll(async () => {
    api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '100000' });
    token = await api.login('coordinator@tocsin.local');
    const agencyId = await api.idOf('agency', 'SYT');
    const cases: [string, string][] = [
      ['breached', 'LOW'],
      ['risk', 'MEDIUM'],
      ['calm', 'CRITICAL'],
      ['calmHigh', 'HIGH'],
      ['closed', 'HIGH'],
    ];
    for (const [name, severity] of cases) {
      const res = await api.gql<{ reportIncident: { id: string; code: string } }>(
        'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id code } }',
        { i: { title: `${tag} ${name}`, description: 'Danh sách', agencyId, severity } },
        { token },
      );
      codes[name] = res.data!.reportIncident.code;
    }
    // Set-up: where each clock stands (now is between created_at and the due time, or past it).
    const at = (code: string, created: string, due: string) =>
      api.dataSource.query(
        `UPDATE incident SET created_at = now() - $2::interval, ack_due_at = now() + $3::interval WHERE code = $1`,
        [code, created, due],
      );
    await at(codes.breached, '2 hours', '-10 minutes');
    await at(codes.risk, '90 minutes', '10 minutes'); // 90% of the way: past the 80% warning point
    await at(codes.calm, '1 minute', '3 hours');
    await at(codes.calmHigh, '1 minute', '2 hours');
    await api.dataSource.query(
      `UPDATE incident SET status = 'CLOSED', closed_at = '2026-03-10T05:00:00Z', source = 'EMAIL' WHERE code = $1`,
      [codes.closed],
    );
  });

  afterAll(async () => {
    await api?.stop();
  });

  const OPEN = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED'];

  it('sorts the open cases by the running clock, most urgent first', async () => {
    const page = await list({ status: OPEN });
    expect(page.edges.map((e) => e.node.code)).toEqual([
      codes.breached,
      codes.risk,
      codes.calmHigh,
      codes.calm,
    ]);
    // Position cursors page through the same order.
    const first = await list({ status: OPEN }, 'URGENCY', { first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await list({ status: OPEN }, 'URGENCY', { first: 2, after: first.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.code)).toEqual([codes.calmHigh, codes.calm]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by SLA state, source and closing date', async () => {
    expect((await list({ status: OPEN, slaState: ['BREACHED'] })).edges.map((e) => e.node.code)).toEqual([
      codes.breached,
    ]);
    expect((await list({ status: OPEN, slaState: ['AT_RISK'] })).edges.map((e) => e.node.code)).toEqual([
      codes.risk,
    ]);
    expect((await list({ status: OPEN, slaState: ['ON_TIME'] })).totalCount).toBe(2);
    // A paused clock is on time, whatever its due time says.
    const [breached] = await api.dataSource.query<{ id: string }[]>(
      'SELECT id FROM incident WHERE code = $1',
      [codes.breached],
    );
    await api.dataSource.query(
      `INSERT INTO incident_sla_pause (incident_id, started_at, reason) VALUES ($1, now(), 'chờ nhật ký')`,
      [breached.id],
    );
    expect((await list({ status: OPEN, slaState: ['BREACHED'] })).totalCount).toBe(0);
    await api.dataSource.query('UPDATE incident_sla_pause SET ended_at = now() WHERE incident_id = $1', [
      breached.id,
    ]);

    expect((await list({ source: ['EMAIL'] }, 'NEWEST')).edges.map((e) => e.node.code)).toEqual([
      codes.closed,
    ]);
    const march = {
      status: ['CLOSED'],
      closedFrom: '2026-03-10T00:00:00Z',
      closedTo: '2026-03-11T00:00:00Z',
    };
    expect((await list(march, 'NEWEST')).edges.map((e) => e.node.code)).toEqual([codes.closed]);
    expect((await list({ ...march, closedFrom: '2026-03-11T00:00:00Z' }, 'NEWEST')).totalCount).toBe(0);
  });

  it('counts each facet without its own selection', async () => {
    const res = await api.gql<Counts>(
      COUNTS,
      { f: { search: tag, status: OPEN, severity: ['LOW'] } },
      { token },
    );
    const c = res.data!.incidentCounts;
    expect(c.total).toBe(1);
    // Severity counted as if no severity were chosen; the other facets within LOW.
    expect(Object.fromEntries(c.bySeverity.map((x) => [x.key, x.count]))).toEqual({
      LOW: 1,
      MEDIUM: 1,
      HIGH: 1,
      CRITICAL: 1,
    });
    expect(c.bySlaState).toEqual([{ key: 'BREACHED', count: 1 }]);
    expect(c.bySource).toEqual([{ key: 'WEB', count: 1 }]);
    expect(c.byStatus).toEqual([{ key: 'NEW', count: 1 }]);
  });

  it('refuses bad input with a clear error', async () => {
    const cursor = await api.gql(LIST, { f: {}, o: 'URGENCY', after: 'bm9wZQ' }, { token });
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const keyset = await list({}, 'NEWEST', { first: 1 });
    const mixed = await api.gql(LIST, { f: {}, o: 'URGENCY', after: keyset.pageInfo.endCursor }, { token });
    expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const state = await api.gql(LIST, { f: { slaState: ['LATE'] }, o: 'URGENCY' }, { token });
    expect(state.errors?.length).toBeGreaterThan(0);
    const reporter = await api.login('reporter@tocsin.local');
    const scoped = await api.gql<Counts>(COUNTS, { f: { search: tag } }, { token: reporter });
    expect(scoped.data!.incidentCounts.total).toBe(5); // the reporter's own agency: all five are SYT's
  });
});
