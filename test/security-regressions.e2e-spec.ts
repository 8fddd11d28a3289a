import { createHash, randomUUID } from 'node:crypto';

import { jest } from '@jest/globals';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { TOKEN_EXPIRED_CLOSE_CODE } from '@tocsin/access';
import { Clock } from '@tocsin/core';

import { ZaloPeer } from './support/peers/zalo-peer';
import { codeOf, DEMO_PASSWORD, TestApi } from './support/test-app';

const ZALO_APP_ID = '4242424242';
const ZALO_SECRET = 'zalo-app-secret-xyz';
const ZALO_OA_KEY = 'zalo-oa-secret-key-123';

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
  const applyRunbook = async (incidentId: string) =>
    (
      await ok<{ applyRunbook: { id: string }[] }>(
        'coordinator',
        'mutation($i:ID!,$r:ID!){ applyRunbook(incidentId:$i, runbookId:$r){ id } }',
        { i: incidentId, r: 'data-leak' },
      )
    ).applyRunbook;
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

  let zalo: ZaloPeer;

  beforeAll(async () => {
    zalo = new ZaloPeer('rt-initial-000000', ZALO_SECRET);
    const zaloUrl = await zalo.start();
    api = await TestApi.start(
      {
        RATE_LIMIT_PER_MINUTE: '100000',
        ZALO_APP_ID,
        ZALO_APP_SECRET: ZALO_SECRET,
        ZALO_OA_SECRET_KEY: ZALO_OA_KEY,
        ZALO_REFRESH_TOKEN: 'rt-initial-000000',
        ZALO_API_URL: zaloUrl,
        ZALO_OAUTH_URL: zaloUrl,
      },
      { worker: true },
    );
    await api.pageOnly('coordinator@tocsin.local');
    await signIn('admin', 'coordinator', 'responder', 'responder2', 'reporter', 'reporter2');
    syt = await api.idOf('agency', 'SYT');
    huyen = await api.idOf('agency', 'HUYEN-A');
  });
  afterAll(async () => {
    await api.stop();
    await zalo.stop();
  });

  /** Rows of every table an attack could write to (the audit table included). */
  const footprint = async () => ({
    incidents: await api.count('incident'),
    comments: await api.count('incident_comment'),
    taskComments: await api.count('incident_task_comment'),
    timeline: await api.count('incident_timeline_entry'),
    audit: await api.count('audit_event'),
  });
  /** The footprint once the worker has finished with what came before (a new case pages someone). */
  const settledFootprint = async () => {
    let last = await footprint();
    for (;;) {
      await sleep(700);
      const now = await footprint();
      if (JSON.stringify(now) === JSON.stringify(last)) return now;
      last = now;
    }
  };

  describe('the audit trail is no existence oracle', () => {
    it('refuses the trail of a hidden task and task comment exactly like an unknown id', async () => {
      const red = await report('coordinator', {
        title: 'Lộ tài liệu mật',
        description: 'x',
        agencyId: syt,
        tlp: 'RED',
      });
      const tasks = await applyRunbook(red.id);
      const taskId = tasks[0].id;
      await ok('coordinator', 'mutation($t:ID!){ setTaskDone(taskId:$t, done:true){ id } }', { t: taskId });
      const taskCommentId = (
        await ok<{ addTaskComment: { id: string } }>(
          'coordinator',
          'mutation($t:ID!,$b:String!){ addTaskComment(taskId:$t, body:$b){ id } }',
          { t: taskId, b: 'Chi tiết mật của bước này' },
        )
      ).addTaskComment.id;
      const trail = 'query($id:ID!){ auditTrail(entityId:$id){ totalCount edges { node { action } } } }';

      // The coordinator (who sees TLP:RED) reads the task's trail: there is something to hide.
      const allowed = await call<{ auditTrail: { totalCount: number } }>('coordinator', trail, {
        id: taskId,
      });
      expect(allowed.data!.auditTrail.totalCount).toBeGreaterThan(0);

      // An admin not on the incident: the task, its comment and an unknown id get one same answer.
      const answer = async (id: string) => {
        const res = await call('admin', trail, { id });
        const { id: _id, ...extensions } = res.errors?.[0]?.extensions ?? {};
        return { data: res.data, message: res.errors?.[0]?.message, extensions };
      };
      const unknown = await answer(randomUUID());
      expect(unknown.extensions.code).toBe('NOT_FOUND');
      expect(await answer(taskId)).toEqual(unknown);
      expect(await answer(taskCommentId)).toEqual(unknown);
      expect(await answer(red.id)).toEqual(unknown);
      // A responder of the team is no luckier than the admin.
      expect(codeOf(await call('responder', trail, { id: taskCommentId }))).toBe('FORBIDDEN');
    });
  });

  it('counts an OBSERVABLE_ADDED entry’s linked incidents among those the reader may see', async () => {
    const open = await report('reporter', { title: 'Mã độc trên máy trạm', description: 'x', agencyId: syt });
    const red = await report('coordinator', {
      title: 'Điều tra mật',
      description: 'x',
      agencyId: huyen,
      tlp: 'RED',
    });
    const add = (id: string) =>
      ok(
        'coordinator',
        'mutation($id:ID!,$i:ObservableInput!){ addObservable(incidentId:$id, input:$i){ id } }',
        {
          id,
          i: { type: 'DOMAIN', value: 'c2.evil.example' },
        },
      );
    await add(red.id);
    await add(open.id);
    const linkedCount = async (who: string) => {
      const res = await ok<{ incident: { timeline: { kind: string; dataJson: string }[] } }>(
        who,
        'query($id:ID!){ incident(id:$id){ timeline { kind dataJson } } }',
        { id: open.id },
      );
      const entry = res.incident.timeline.find((t) => t.kind === 'OBSERVABLE_ADDED')!;
      return (JSON.parse(entry.dataJson) as { linkedIncidents: number }).linkedIncidents;
    };
    expect(await linkedCount('coordinator')).toBe(1); // the TLP:RED case shares it
    expect(await linkedCount('responder2')).toBe(0); // not on it: not even a count
  });

  describe('one input rule for text', () => {
    it('refuses NUL in a title, a comment and a search with BAD_USER_INPUT naming the field, and writes nothing', async () => {
      const incident = await report('reporter', { title: 'Một sự cố thật', description: 'x', agencyId: syt });
      const before = await settledFootprint();
      const attempts: [who: string, query: string, variables: Record<string, unknown>, field: string][] = [
        [
          'reporter',
          'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id } }',
          { i: { title: 'Tiêu đề\u0000ẩn', description: 'x', agencyId: syt } },
          'input.title',
        ],
        [
          'reporter',
          'mutation($id:ID!,$b:String!){ addComment(incidentId:$id, body:$b, internal:false){ id } }',
          { id: incident.id, b: 'chèn\u0000NUL' },
          'body',
        ],
        [
          'reporter',
          'query($s:String!){ incidents(filter:{ search:$s }){ edges { node { id } } } }',
          { s: '\u0000' },
          'filter.search',
        ],
        ['reporter', 'query($c:String!){ incidentByCode(code:$c){ id } }', { c: 'INC-\u0000' }, 'code'],
        [
          'coordinator',
          'mutation($id:ID!,$r:String!){ escalateIncident(id:$id, reason:$r){ id } }',
          { id: incident.id, r: 'terminal \u001b[2J' },
          'reason',
        ],
      ];
      for (const [who, query, variables, field] of attempts) {
        const res = await call(who, query, variables);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      expect(await footprint()).toEqual(before);
    });

    it('refuses a whitespace-only task comment like any other comment', async () => {
      const incident = await report('coordinator', {
        title: 'Chạy sổ tay',
        description: 'x',
        agencyId: syt,
      });
      const [task] = await applyRunbook(incident.id);
      const before = await settledFootprint();
      const blank = await call(
        'coordinator',
        'mutation($t:ID!,$b:String!){ addTaskComment(taskId:$t, body:$b){ id } }',
        {
          t: task.id,
          b: ' \n\t  ',
        },
      );
      expect(codeOf(blank)).toBe('BAD_USER_INPUT');
      const comment = await call(
        'coordinator',
        'mutation($id:ID!,$b:String!){ addComment(incidentId:$id, body:$b){ id } }',
        {
          id: incident.id,
          b: ' \n\t  ',
        },
      );
      expect(codeOf(comment)).toBe('BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
      // Text around the words is trimmed the same way on both.
      const kept = await ok<{ addTaskComment: { body: string } }>(
        'coordinator',
        'mutation($t:ID!,$b:String!){ addTaskComment(taskId:$t, body:$b){ body } }',
        { t: task.id, b: '  đã xong\r\nbước 1  ' },
      );
      expect(kept.addTaskComment.body).toBe('đã xong\nbước 1');
    });
  });

  it('gives reporters no staff ids where the staff object is hidden', async () => {
    const incident = await report('reporter', { title: 'Ai đang xử lý?', description: 'x', agencyId: syt });
    const responderId = await api.idOf('user', 'responder@tocsin.local');
    await ok('coordinator', 'mutation($id:ID!,$a:ID!){ assignIncident(id:$id, assigneeId:$a){ id } }', {
      id: incident.id,
      a: responderId,
    });
    await comment('coordinator', incident.id, 'Đã tiếp nhận', false);
    const [task] = await applyRunbook(incident.id);
    await ok('coordinator', 'mutation($t:ID!,$a:ID){ assignTask(taskId:$t, assigneeId:$a){ id } }', {
      t: task.id,
      a: responderId,
    });
    await ok('coordinator', 'mutation($t:ID!){ setTaskDone(taskId:$t, done:true){ id } }', { t: task.id });
    await ok(
      'coordinator',
      'mutation($t:ID!,$b:String!){ addTaskComment(taskId:$t, body:$b, internal:false){ id } }',
      {
        t: task.id,
        b: 'gửi đơn vị',
      },
    );
    const QUERY = `query($id:ID!){ incident(id:$id){ assigneeId reporterId teamId assignee { id }
      agency { parentId parent { id } }
      comments { authorId } timeline { actorId }
      tasks { assigneeId doneById comments { authorId } } } }`;
    interface Seen {
      assigneeId: string | null;
      reporterId: string | null;
      teamId: string | null;
      assignee: { id: string } | null;
      agency: { parentId: string | null; parent: { id: string } | null };
      comments: { authorId: string | null }[];
      timeline: { actorId: string | null }[];
      tasks: {
        assigneeId: string | null;
        doneById: string | null;
        comments: { authorId: string | null }[];
      }[];
    }
    const staff = (await ok<{ incident: Seen }>('coordinator', QUERY, { id: incident.id })).incident;
    // The ids exist: staff see them.
    expect(staff.assigneeId).toBe(responderId);
    expect(staff.agency.parentId).not.toBeNull();
    expect(staff.comments.map((c) => c.authorId)).toEqual([
      await api.idOf('user', 'coordinator@tocsin.local'),
    ]);
    expect(staff.tasks[0]).toMatchObject({ assigneeId: responderId, doneById: expect.any(String) });

    const seen = (await ok<{ incident: Seen }>('reporter', QUERY, { id: incident.id })).incident;
    const reporterId = await api.idOf('user', 'reporter@tocsin.local');
    expect(seen.assignee).toBeNull();
    expect(seen.assigneeId).toBeNull();
    expect(seen.reporterId).toBe(reporterId); // themselves
    expect(seen.teamId).toBeNull();
    expect(seen.agency).toEqual({ parentId: null, parent: null });
    expect(seen.comments.map((c) => c.authorId)).toEqual([null]);
    // Only their own entries carry an actor id.
    expect(new Set(seen.timeline.map((t) => t.actorId))).toEqual(new Set([reporterId, null]));
    for (const t of seen.tasks) {
      expect(t.assigneeId).toBeNull();
      expect(t.doneById).toBeNull();
      expect(t.comments.every((c) => c.authorId === null)).toBe(true);
    }
  });

  describe('query limits', () => {
    it('counts aliases of __typename: 16 are refused at the default limit of 15', async () => {
      const aliases = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
      expect((await call('reporter', aliases(15))).errors).toBeUndefined();
      const refused = await call('reporter', aliases(16));
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'ALIAS_LIMIT',
      });
    });

    it('refuses two mutations in one request, even through aliases and fragments, and writes nothing', async () => {
      const incident = await report('reporter', {
        title: 'Một yêu cầu, một thay đổi',
        description: 'x',
        agencyId: syt,
      });
      const before = await settledFootprint();
      const aliased = await call(
        'reporter',
        `mutation($id:ID!){ a: addComment(incidentId:$id, body:"một", internal:false){ id }
                            b: addComment(incidentId:$id, body:"hai", internal:false){ id } }`,
        { id: incident.id },
      );
      expect(aliased.status).toBe(400);
      expect(aliased.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'MUTATION_LIMIT',
      });
      const viaFragment = await call(
        'reporter',
        `mutation($id:ID!){ ...More addComment(incidentId:$id, body:"một", internal:false){ id } }
         fragment More on Mutation { addComment(incidentId:$id, body:"hai", internal:false){ id } }`,
        { id: incident.id },
      );
      expect(viaFragment.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'MUTATION_LIMIT',
      });
      expect(await footprint()).toEqual(before);
      // One mutation (with __typename beside it) still works.
      expect(
        (
          await call(
            'reporter',
            'mutation($id:ID!){ __typename addComment(incidentId:$id, body:"một", internal:false){ id } }',
            { id: incident.id },
          )
        ).errors,
      ).toBeUndefined();
    });
  });

  it('refuses a correctly signed Zalo event whose timestamp is stale', async () => {
    const sign = (body: string, timestamp: string) =>
      `mac=${createHash('sha256').update(`${ZALO_APP_ID}${body}${timestamp}${ZALO_OA_KEY}`).digest('hex')}`;
    const post = (timestamp: string, msgId: string) => {
      const body = JSON.stringify({
        app_id: ZALO_APP_ID,
        event_name: 'user_send_text',
        timestamp,
        sender: { id: '7007' },
        recipient: { id: '999' },
        message: { msg_id: msgId, text: 'OK' },
      });
      return api.http
        .post('/webhooks/zalo')
        .set('content-type', 'application/json')
        .set('x-zevent-signature', sign(body, timestamp))
        .send(body);
    };
    const repliesBefore = zalo.sent('7007').length;
    const auditBefore = await api.count('audit_event');
    const replay = await post(String(Date.parse('2023-05-01T08:00:00Z')), 'old-1');
    expect(replay.status).toBe(401);
    expect(replay.body.errors[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'STALE_EVENT',
    });
    const sixMinutesAgo = await post(String(Date.now() - 6 * 60_000), 'old-2');
    expect(sixMinutesAgo.status).toBe(401);
    const future = await post(String(Date.now() + 6 * 60_000), 'future-1');
    expect(future.status).toBe(401);
    expect(zalo.sent('7007').length).toBe(repliesBefore);
    expect(await api.count('audit_event')).toBe(auditBefore);
    // The same event, fresh, is accepted: the signature was right all along.
    expect((await post(String(Date.now()), 'fresh-1')).status).toBe(200);
  });

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
      const mine = await report('reporter', {
        title: 'Máy chủ SYT bị dò quét',
        description: 'x',
        agencyId: syt,
      });
      const other = await report('reporter2', {
        title: 'Huyện A bị dò quét',
        description: 'x',
        agencyId: huyen,
      });
      for (const id of [mine.id, other.id]) {
        await ok(
          'coordinator',
          'mutation($id:ID!,$i:ObservableInput!){ addObservable(incidentId:$id, input:$i){ id } }',
          {
            id,
            i: { type: 'IP', value: '203.0.113.77' },
          },
        );
      }
      await signIn('responder');
      const pushed: Pushed[] = [];
      api.ws(token.responder).subscribe(
        {
          query: `subscription { incidentChanged { type incident { id assigneeId
            comments { body internal } linkedIncidents { id } } } }`,
        },
        {
          next: (m) => pushed.push((m.data as { incidentChanged: Pushed }).incidentChanged),
          error: () => undefined,
          complete: () => undefined,
        },
      );
      await sleep(500);

      // While a responder: internal notes and the other agency's linked case arrive (the rights they had).
      await comment('coordinator', mine.id, 'ghi chú nội bộ 1', true);
      await waitUntil(() =>
        pushed.some((p) => p.incident.comments.some((c) => c.body === 'ghi chú nội bộ 1')),
      );
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
          on: {
            connected: () => void connects++,
            closed: (e) => void closes.push((e as { code: number }).code),
          },
        });
        client.subscribe(
          {
            query: 'subscription($id:ID){ incidentChanged(id:$id){ type } }',
            variables: { id: incident.id },
          },
          {
            next: (m) => types.push((m.data as { incidentChanged: { type: string } }).incidentChanged.type),
            error: () => undefined,
            complete: () => undefined,
          },
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
