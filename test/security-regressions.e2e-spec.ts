import { createHash } from 'node:crypto';

import { jest } from '@jest/globals';

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { TOKEN_EXPIRED_CLOSE_CODE } from '@tocsin/access';
import { Clock } from '@tocsin/core';

import { codeOf, DEMO_PASSWORD, TestApi } from './support/test-app';

/**
 * Issue #18: each finding of the attack on a running instance, replayed as the attacker did it.
 * Every test first shows the attack would succeed against the old behaviour's shape (the data is
 * there for someone allowed), then that it no longer does.
 */
describe('security regressions (issue #18)', () => {
  let api: TestApi;
  const token: Record<string, string> = {};
  let syt: string;
  let huyen: string;

  const call = <T = Record<string, unknown>>(
    who: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => api.gql<T>(query, variables, { token: token[who] });
  const ok = async <T = Record<string, unknown>>(
    who: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> => {
    const res = await call<T>(who, query, variables);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const report = async (who: string, input: Record<string, unknown>) =>
    (
      await ok<{ reportIncident: { id: string; code: string } }>(
        who,
        'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id code } }',
        { i: input },
      )
    ).reportIncident;
  const comment = (who: string, incidentId: string, body: string, internal: boolean) =>
    ok<{ addComment: { id: string } }>(
      who,
      'mutation($id:ID!,$b:String!,$n:Boolean!){ addComment(incidentId:$id, body:$b, internal:$n){ id } }',
      { id: incidentId, b: body, n: internal },
    );
  const waitUntil = async (condition: () => boolean, timeoutMs = 15_000) => {
    const started = Date.now();
    while (!condition()) {
      if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const signIn = async (...who: string[]) => {
    for (const w of who) token[w] = await api.login(`${w}@tocsin.local`);
  };

  beforeAll(async () => {
    api = await TestApi.start(
      {
        RATE_LIMIT_PER_MINUTE: '100000',
        ZALO_APP_ID: '1234567890',
        ZALO_APP_SECRET: 'zalo-app-secret',
        ZALO_OA_SECRET_KEY: 'zalo-oa-secret-key',
        ZALO_REFRESH_TOKEN: 'zalo-refresh-token',
      },
      { worker: true },
    );
    await api.pageOnly('coordinator@tocsin.local');
    await signIn('admin', 'coordinator', 'responder', 'responder2', 'reporter', 'reporter2');
    syt = await api.idOf('agency', 'SYT');
    huyen = await api.idOf('agency', 'HUYEN-A');
  });
  afterAll(() => api.stop());

  describe('live subscriptions follow the user’s rights', () => {
    interface Pushed {
      type: string;
      incident: {
        id: string;
        comments: { body: string; internal: boolean }[];
        linkedIncidents: { id: string }[];
        assigneeId: string | null;
      };
    }

    it('a responder demoted to reporter of another agency receives nothing they may no longer see on their open socket', async () => {
      const mine = await report('reporter', { title: 'Máy chủ SYT bị dò quét', description: 'x', agencyId: syt });
      const other = await report('reporter2', { title: 'Huyện A bị dò quét', description: 'x', agencyId: huyen });
      for (const id of [mine.id, other.id]) {
        await ok('coordinator', 'mutation($id:ID!,$i:ObservableInput!){ addObservable(incidentId:$id, input:$i){ id } }', {
          id,
          i: { type: 'IP', value: '203.0.113.77' },
        });
      }
      await signIn('responder');
      const pushed: Pushed[] = [];
      api.ws(token.responder).subscribe(
        {
          query: `subscription { incidentChanged { type incident { id assigneeId
            comments { body internal } linkedIncidents { id } } } }`,
        },
        { next: (m) => pushed.push((m.data as { incidentChanged: Pushed }).incidentChanged), error: () => undefined, complete: () => undefined },
      );
      await sleep(500);

      // While a responder: internal notes and the other agency's linked case arrive (the rights they had).
      await comment('coordinator', mine.id, 'ghi chú nội bộ 1', true);
      await waitUntil(() => pushed.some((p) => p.incident.comments.some((c) => c.body === 'ghi chú nội bộ 1')));
      const before = pushed.at(-1)!;
      expect(before.incident.linkedIncidents.map((l) => l.id)).toEqual([other.id]);

      // Demoted to a reporter of SYT; the socket stays open.
      const [{ version }] = await api.dataSource.query<{ version: number }[]>(
        `SELECT version FROM "user" WHERE email = 'responder@tocsin.local'`,
      );
      const responderId = await api.idOf('user', 'responder@tocsin.local');
      await ok('admin', 'mutation($id:ID!,$i:UpdateUserInput!){ updateUser(id:$id, input:$i){ id } }', {
        id: responderId,
        i: { role: 'REPORTER', agencyId: syt, version },
      });
      pushed.length = 0;

      await comment('coordinator', mine.id, 'ghi chú nội bộ 2', true); // internal: not announced
      await comment('coordinator', other.id, 'việc của huyện A', false); // another agency's case
      await comment('coordinator', mine.id, 'gửi đơn vị', false); // visible to the reporter
      await waitUntil(() => pushed.some((p) => p.incident.comments.some((c) => c.body === 'gửi đơn vị')));
      await sleep(1000); // anything else that was going to arrive has arrived
      expect(pushed.map((p) => p.incident.id)).toEqual([mine.id]);
      const after = pushed[0];
      expect(after.incident.comments.map((c) => c.body)).toEqual(['gửi đơn vị']);
      expect(after.incident.comments.every((c) => !c.internal)).toBe(true);
      expect(after.incident.linkedIncidents).toEqual([]);
    });

    it('closes a socket that outlives its access token with the reconnect code, and the client reconnects with a fresh token', async () => {
      const incident = await report('reporter', { title: 'Theo dõi lâu', description: 'x', agencyId: syt });
      const clock = jest.spyOn(Clock.prototype, 'now');
      try {
        const closes: number[] = [];
        let connects = 0;
        const types: string[] = [];
        const client = createClient({
          url: `${api.url.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          // As the web UI does: asked at every (re)connection, so a reconnect brings a fresh token.
          connectionParams: async () => ({
            authorization: `Bearer ${await api.login('coordinator@tocsin.local', DEMO_PASSWORD)}`,
          }),
          retryAttempts: 3,
          retryWait: () => Promise.resolve(),
          on: { connected: () => void connects++, closed: (e) => void closes.push((e as { code: number }).code) },
        });
        client.subscribe(
          { query: 'subscription($id:ID){ incidentChanged(id:$id){ type } }', variables: { id: incident.id } },
          { next: (m) => types.push((m.data as { incidentChanged: { type: string } }).incidentChanged.type), error: () => undefined, complete: () => undefined },
        );
        await waitUntil(() => connects === 1);

        // The token's 15 minutes pass (on the service's clock), with no event to push.
        const later = Date.now() + 16 * 60_000;
        clock.mockImplementation(() => new Date(later + (Date.now() % 1000)));
        await waitUntil(() => closes.includes(TOKEN_EXPIRED_CLOSE_CODE), 5000);
        await waitUntil(() => connects === 2, 5000);

        // The new socket works: a change reaches it.
        await signIn('coordinator');
        await comment('coordinator', incident.id, 'sau khi nối lại', false);
        await waitUntil(() => types.includes('incident.comment_added'));
        await client.dispose();
      } finally {
        clock.mockRestore();
        await signIn('coordinator');
      }
    });
  });
});
