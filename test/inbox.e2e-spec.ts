import { TestApi } from './support/test-app';

/**
 * The inbox (`myNotifications`, `markNotificationsRead`) against a real api and worker: a manual
 * escalation reaches the leader's inbox, one entry per message, newest first, with read marks that
 * only the recipient can set.
 */
const INBOX = `query($unreadOnly: Boolean, $after: String, $first: Int! = 20) {
  myNotifications(first: $first, unreadOnly: $unreadOnly, after: $after) {
    unreadCount totalCount
    edges { cursor node { id event channel readAt incidentId incident { code title } } }
    pageInfo { hasNextPage endCursor }
  } }`;

type Inbox = {
  myNotifications: {
    unreadCount: number;
    totalCount: number;
    edges: {
      cursor: string;
      node: {
        id: string;
        event: string;
        channel: string;
        readAt: string | null;
        incidentId: string;
        incident: { code: string; title: string } | null;
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('inbox', () => {
  let api: TestApi;
  const token: Record<string, string> = {};
  let agencyId: string;
  let leaderId: string;

  const report = async (title: string): Promise<{ id: string; code: string }> => {
    const res = await api.gql<{ reportIncident: { id: string; code: string } }>(
      'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id code } }',
      { i: { title, description: 'Kiểm thử hộp thư', agencyId, severity: 'HIGH' } },
      { token: token.coordinator },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  };
  const escalate = (id: string, reason: string) =>
    api.gql(
      'mutation($id:ID!,$r:String!){ escalateIncident(id:$id, reason:$r){ id } }',
      { id, r: reason },
      {
        token: token.coordinator,
      },
    );
  const inbox = (who: string, variables: Record<string, unknown> = {}) =>
    api.gql<Inbox>(INBOX, variables, { token: token[who] });
  /** The inbox once it holds `count` manual escalations (the worker writes them). */
  const waitForInbox = async (who: string, count: number) => {
    const until = Date.now() + 20_000;
    for (;;) {
      const res = await inbox(who);
      const edges = res.data?.myNotifications.edges ?? [];
      if (edges.filter((e) => e.node.event === 'MANUAL_ESCALATION').length >= count)
        return res.data!.myNotifications;
      if (Date.now() > until) throw new Error(`inbox of ${who}: ${JSON.stringify(res)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '100000' }, { worker: true });
    await api.pageOnly('coordinator@tocsin.local');
    for (const who of ['coordinator', 'leader', 'responder', 'reporter']) {
      token[who] = await api.login(`${who}@tocsin.local`);
    }
    agencyId = await api.idOf('agency', 'SYT');
    leaderId = await api.idOf('user', 'leader@tocsin.local');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('shows a manual escalation in the leader’s inbox, newest first, and marks it read', async () => {
    const first = await report('Máy chủ thư bị dò mật khẩu');
    const second = await report('Cổng thông tin bị thay đổi giao diện');
    expect((await escalate(first.id, 'Cần lãnh đạo quyết định')).errors).toBeUndefined();
    expect((await escalate(second.id, 'Ảnh hưởng tới dịch vụ công')).errors).toBeUndefined();

    const box = await waitForInbox('leader', 2);
    const mine = box.edges.map((e) => e.node).filter((n) => n.event === 'MANUAL_ESCALATION');
    expect(mine.map((n) => n.incident?.code).slice(0, 2)).toEqual([second.code, first.code]);
    expect(mine[0].incident?.title).toBe('Cổng thông tin bị thay đổi giao diện');
    expect(mine.every((n) => n.readAt === null)).toBe(true);
    expect(box.unreadCount).toBe(box.totalCount);
    // One entry per message, whatever channels it also went out on.
    const rows = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(DISTINCT (incident_id, event_key, repeat))::int AS n FROM notification WHERE recipient_id = $1`,
      [leaderId],
    );
    expect(box.totalCount).toBe(rows[0].n);

    // Paging: one at a time gives the same order.
    const page1 = await inbox('leader', { first: 1 });
    expect(page1.data!.myNotifications.pageInfo.hasNextPage).toBe(true);
    const page2 = await inbox('leader', { first: 1, after: page1.data!.myNotifications.pageInfo.endCursor });
    expect(page2.data!.myNotifications.edges[0].node.id).toBe(box.edges[1].node.id);

    const marked = await api.gql<{ markNotificationsRead: number }>(
      'mutation($ids:[ID!]!){ markNotificationsRead(ids:$ids) }',
      { ids: [mine[0].id] },
      { token: token.leader },
    );
    expect(marked.data!.markNotificationsRead).toBeGreaterThanOrEqual(1);
    const after = await inbox('leader');
    expect(after.data!.myNotifications.unreadCount).toBe(box.unreadCount - 1);
    const unread = await inbox('leader', { unreadOnly: true });
    expect(unread.data!.myNotifications.edges.map((e) => e.node.id)).not.toContain(mine[0].id);
    const [row] = await api.dataSource.query<{ read_at: Date | null }[]>(
      'SELECT read_at FROM notification WHERE id = $1',
      [mine[0].id],
    );
    expect(row.read_at).toBeInstanceOf(Date);
  });

  it('never marks someone else’s messages, and refuses bad input and API keys', async () => {
    const box = await waitForInbox('leader', 1);
    const target = box.edges.find((e) => !e.node.readAt)!.node.id;
    const other = await api.gql<{ markNotificationsRead: number }>(
      'mutation($ids:[ID!]!){ markNotificationsRead(ids:$ids) }',
      { ids: [target] },
      { token: token.responder },
    );
    expect(other.data!.markNotificationsRead).toBe(0);
    const [row] = await api.dataSource.query<{ read_at: Date | null }[]>(
      'SELECT read_at FROM notification WHERE id = $1',
      [target],
    );
    expect(row.read_at).toBeNull();

    const bad = await api.gql(
      'mutation { markNotificationsRead(ids: ["not-an-id"]) }',
      {},
      { token: token.leader },
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const empty = await api.gql('mutation { markNotificationsRead(ids: []) }', {}, { token: token.leader });
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await inbox('leader', { after: 'bm9wZQ' });
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // The reporter has no messages, and an anonymous caller no inbox at all.
    const reporter = await inbox('reporter');
    expect(reporter.data!.myNotifications).toMatchObject({ totalCount: 0, unreadCount: 0, edges: [] });
    const anonymous = await api.gql(INBOX, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const all = await api.gql<{ markAllNotificationsRead: number }>(
      'mutation { markAllNotificationsRead }',
      {},
      { token: token.leader },
    );
    expect(all.data!.markAllNotificationsRead).toBeGreaterThanOrEqual(1);
    expect((await inbox('leader')).data!.myNotifications.unreadCount).toBe(0);
  });
});
