import { DataSource } from 'typeorm';

import { codeOf, GqlResult, TestApi } from './support/test-app';

const FIELDS =
  'id code status version severity tlp assigneeId escalationLevel resolutionCode acknowledgedAt ackDueAt';
const REPORT = `mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ ${FIELDS} } }`;

type Incident = {
  id: string;
  code: string;
  status: string;
  version: number;
  severity: string;
  assigneeId: string | null;
  escalationLevel: number;
};

describe('incident lifecycle', () => {
  let api: TestApi;
  const token: Record<string, string> = {};
  let syt: string;
  let huyen: string;
  let responderId: string;

  const call = async <T = Record<string, unknown>>(
    who: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => api.gql<T>(query, variables, { token: token[who] });

  const report = async (who: string, input: Record<string, unknown>): Promise<Incident> => {
    const res = await call<{ reportIncident: Incident }>(who, REPORT, { i: input });
    if (!res.data?.reportIncident) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  };

  const move = async (
    who: string,
    mutation: string,
    id: string,
    extra = '',
  ): Promise<GqlResult<Record<string, Incident>>> =>
    call<Record<string, Incident>>(who, `mutation($id:ID!){ ${mutation}(id:$id${extra}){ ${FIELDS} } }`, {
      id,
    });

  beforeAll(async () => {
    api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '100000' }, { worker: true });
    await api.pageOnly('coordinator@tocsin.local');
    for (const who of [
      'admin',
      'coordinator',
      'responder',
      'responder2',
      'reporter',
      'reporter2',
      'leader',
    ]) {
      token[who] = await api.login(`${who}@tocsin.local`);
    }
    syt = await api.idOf('agency', 'SYT');
    huyen = await api.idOf('agency', 'HUYEN-A');
    responderId = await api.idOf('user', 'responder@tocsin.local');
  });
  afterAll(() => api.stop());

  it('follows an incident from report to close through every status, in the timeline and the audit trail', async () => {
    const reported = await report('reporter', {
      title: 'Sự cố máy chủ cổng thông tin Sở Y tế',
      description: 'Trang chủ bị thay đổi giao diện (deface) lúc 8h sáng.',
      agencyId: syt,
      category: 'INTRUSIONS',
      severity: 'HIGH',
    });
    expect(reported.code).toMatch(/^INC-\d{4}-\d{6}$/);
    expect(reported.status).toBe('NEW');
    const id = reported.id;

    const triaged = await call<{ triageIncident: Incident }>(
      'coordinator',
      `mutation($id:ID!,$i:TriageIncidentInput!){ triageIncident(id:$id, input:$i){ ${FIELDS} } }`,
      {
        id,
        i: {
          severity: 'CRITICAL',
          category: 'INTRUSIONS',
          tlp: 'AMBER',
          assigneeId: responderId,
          expectedVersion: reported.version,
        },
      },
    );
    expect(triaged.data?.triageIncident).toMatchObject({
      status: 'TRIAGED',
      severity: 'CRITICAL',
      assigneeId: responderId,
    });

    const steps: [string, string, string, string][] = [
      ['responder', 'acknowledgeIncident', '', 'IN_PROGRESS'],
      ['responder', 'escalateIncident', ', reason: "Cần hỗ trợ từ cấp trên"', 'IN_PROGRESS'],
      ['responder', 'containIncident', ', note: "Đã cách ly máy chủ"', 'CONTAINED'],
      ['responder', 'resolveIncident', ', resolution: "Khôi phục từ bản sao lưu"', 'RESOLVED'],
      ['reporter', 'reopenIncident', ', reason: "Trang vẫn hiển thị sai"', 'IN_PROGRESS'],
      ['responder', 'resolveIncident', ', resolution: "Xóa bộ nhớ đệm CDN"', 'RESOLVED'],
      [
        'coordinator',
        'closeIncident',
        ', resolutionCode: TRUE_POSITIVE, lessonsLearned: "Cập nhật CMS"',
        'CLOSED',
      ],
      ['coordinator', 'reopenIncident', ', reason: "Tái diễn"', 'IN_PROGRESS'],
      ['coordinator', 'resolveIncident', ', resolution: "Vá lỗ hổng CMS"', 'RESOLVED'],
      ['coordinator', 'closeIncident', ', resolutionCode: TRUE_POSITIVE', 'CLOSED'],
    ];
    let version = triaged.data!.triageIncident.version;
    for (const [who, mutation, extra, status] of steps) {
      const res = await move(who, mutation, id, extra);
      expect({ mutation, errors: res.errors }).toEqual({ mutation, errors: undefined });
      const incident = res.data![mutation];
      expect(incident.status).toBe(status);
      expect(incident.version).toBe(version + 1);
      version = incident.version;
    }

    const detail = await call<{
      incident: { escalationLevel: number; timeline: { kind: string }[]; acknowledgedAt: string };
    }>(
      'coordinator',
      'query($id:ID!){ incident(id:$id){ escalationLevel acknowledgedAt timeline { kind } } }',
      { id },
    );
    expect(detail.data?.incident.escalationLevel).toBe(1);
    // The escalation engine's entries (written by the worker, on its own schedule) are tested in
    // escalation.e2e-spec.ts; here, the lifecycle's own.
    const engineKind = (kind: string) =>
      kind.startsWith('ESCALATION_') || kind.startsWith('SLA_') || kind === 'NOTIFICATION';
    expect(detail.data?.incident.timeline.map((t) => t.kind).filter((k) => !engineKind(k))).toEqual([
      'REPORTED',
      'TRIAGED',
      'ASSIGNED',
      // The runbooks made for the category, suggested at triage (test/runbooks.e2e-spec.ts).
      'RUNBOOK_SUGGESTED',
      'ACKNOWLEDGED',
      'ESCALATED',
      'CONTAINED',
      'RESOLVED',
      'REOPENED',
      'RESOLVED',
      'CLOSED',
      'REOPENED',
      'RESOLVED',
      'CLOSED',
    ]);

    const trail = await call<{
      auditTrail: { edges: { node: { action: string; actorRole: string; requestId: string } }[] };
    }>(
      'coordinator',
      'query($id:ID!){ auditTrail(entityId:$id, first: 50){ edges { node { action actorRole requestId } } } }',
      { id },
    );
    expect(trail.errors).toBeUndefined();
    expect(
      trail.data?.auditTrail.edges
        .map((e) => e.node.action)
        .filter((a) => !a.startsWith('incident.escalation_') && !a.startsWith('incident.sla_')),
    ).toEqual([
      'incident.reported',
      'incident.triaged',
      'incident.acknowledged',
      'incident.escalated',
      'incident.contained',
      'incident.resolved',
      'incident.reopened',
      'incident.resolved',
      'incident.closed',
      'incident.reopened',
      'incident.resolved',
      'incident.closed',
    ]);
    expect(trail.data?.auditTrail.edges[0].node).toMatchObject({
      actorRole: 'REPORTER',
      requestId: expect.any(String),
    });
    const verify = await call<{ verifyAuditChain: { ok: boolean } }>(
      'admin',
      '{ verifyAuditChain { ok checked } }',
    );
    expect(verify.data?.verifyAuditChain.ok).toBe(true);
  });

  it('refuses every illegal move with INVALID_TRANSITION naming both statuses, changing nothing', async () => {
    const incident = await report('coordinator', {
      title: 'Quét cổng từ IP lạ',
      description: 'Nmap scan',
      agencyId: huyen,
      category: 'INFORMATION_GATHERING',
    });
    const illegalFromNew: [string, string][] = [
      ['containIncident', ''],
      ['resolveIncident', ', resolution: "x"'],
      ['closeIncident', ''],
      ['reopenIncident', ', reason: "x"'],
    ];
    for (const [mutation, extra] of illegalFromNew) {
      const res = await move('coordinator', mutation, incident.id, extra);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'NEW' });
      expect(res.errors?.[0].message).toMatch(/NEW/);
    }
    await move('coordinator', 'rejectIncident', incident.id, ', reason: "Quét định kỳ của SOC"');
    for (const [mutation, extra] of [
      ['acknowledgeIncident', ''],
      ['escalateIncident', ', reason: "x"'],
      ['rejectIncident', ', reason: "x"'],
    ]) {
      const res = await move('coordinator', mutation, incident.id, extra);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentStatus: 'REJECTED',
      });
    }
    const after = await call<{ incident: { status: string; version: number; timeline: unknown[] } }>(
      'coordinator',
      'query($id:ID!){ incident(id:$id){ status version timeline { kind } } }',
      { id: incident.id },
    );
    expect(after.data?.incident).toMatchObject({ status: 'REJECTED', version: incident.version + 1 });
    // REPORTED and REJECTED; the escalation engine's own entries aside.
    expect(
      (after.data?.incident.timeline as { kind: string }[]).filter(
        (t) => !t.kind.startsWith('ESCALATION_') && t.kind !== 'NOTIFICATION',
      ),
    ).toHaveLength(2);
  });

  it('refuses a stale version with CONFLICT', async () => {
    const incident = await report('reporter', {
      title: 'Email lừa đảo giả mạo Sở',
      description: 'Phishing',
      agencyId: syt,
      category: 'FRAUD',
    });
    const ok = await call(
      'coordinator',
      'mutation($id:ID!,$v:Int){ assignIncident(id:$id, assigneeId:null, expectedVersion:$v){ version } }',
      { id: incident.id, v: incident.version },
    );
    expect(ok.errors).toBeUndefined();
    const stale = await call(
      'responder',
      'mutation($id:ID!,$v:Int){ acknowledgeIncident(id:$id, expectedVersion:$v){ version } }',
      { id: incident.id, v: incident.version },
    );
    expect(stale.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      currentVersion: incident.version + 1,
    });
    // An unassigned case acknowledged by a responder becomes theirs.
    const took = await move('responder', 'acknowledgeIncident', incident.id);
    expect(took.data?.acknowledgeIncident).toMatchObject({ status: 'IN_PROGRESS', assigneeId: responderId });
    // Someone else's case cannot be taken.
    const other = await report('reporter', {
      title: 'Máy trạm nhiễm mã độc',
      description: 'Ransomware',
      agencyId: syt,
    });
    await call('coordinator', 'mutation($id:ID!,$a:ID){ assignIncident(id:$id, assigneeId:$a){ id } }', {
      id: other.id,
      a: responderId,
    });
    expect(codeOf(await move('responder2', 'acknowledgeIncident', other.id))).toBe('FORBIDDEN');
  });

  it('gives 50 concurrent reports 50 distinct consecutive codes', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        report('coordinator', {
          title: `Cảnh báo SIEM số ${n}`,
          description: 'Alert',
          agencyId: syt,
          isExercise: true,
        }),
      ),
    );
    const seqs = results.map((r) => Number(r.code.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(50);
    expect(seqs[49] - seqs[0]).toBe(49);
    const [{ max }] = await api.dataSource.query<{ max: string }[]>(`SELECT max(code) AS max FROM incident`);
    expect(Number(max.split('-')[2])).toBe(seqs[49]);
  });

  it('keeps agency B out of agency A: no read, list, search, guess or subscription', async () => {
    const secret = await report('reporter', {
      title: 'Rò rỉ dữ liệu bệnh nhân',
      description: 'Lộ hồ sơ bệnh án',
      agencyId: syt,
      category: 'INFORMATION_CONTENT_SECURITY',
    });
    const other = await call('reporter2', 'query($id:ID!){ incident(id:$id){ id } }', { id: secret.id });
    expect(other.data).toEqual({ incident: null });
    expect(
      (await call('reporter2', 'query($c:String!){ incidentByCode(code:$c){ id } }', { c: secret.code }))
        .data,
    ).toEqual({ incidentByCode: null });
    const list = await call<{ incidents: { edges: { node: { agencyId: string } }[]; totalCount: number } }>(
      'reporter2',
      '{ incidents(first: 100){ totalCount edges { node { agencyId } } } }',
    );
    expect(list.data?.incidents.edges.every((e) => e.node.agencyId === huyen)).toBe(true);
    const search = await call<{ incidents: { edges: unknown[] } }>(
      'reporter2',
      '{ incidents(filter:{ search: "ro ri du lieu" }){ edges { node { id } } } }',
    );
    expect(search.data?.incidents.edges).toEqual([]);
    expect(
      codeOf(
        await call(
          'reporter2',
          'mutation($id:ID!){ addComment(incidentId:$id, body:"hi", internal:false){ id } }',
          { id: secret.id },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(await call('reporter2', REPORT, { i: { title: 'Báo hộ', description: 'x', agencyId: syt } })),
    ).toBe('FORBIDDEN');

    // The owning reporter finds it, without diacritics.
    const own = await call<{ incidents: { edges: { node: { id: string } }[] } }>(
      'reporter',
      '{ incidents(filter:{ search: "ro ri du lieu benh nhan" }){ edges { node { id } } } }',
    );
    expect(own.data?.incidents.edges.map((e) => e.node.id)).toEqual([secret.id]);

    // Subscriptions: reporter2 subscribed to everything receives nothing about it; reporter does.
    const seen = { reporter: [] as string[], reporter2: [] as string[] };
    const unsubscribe = (['reporter', 'reporter2'] as const).map((who) =>
      api.ws(token[who]).subscribe(
        { query: 'subscription { incidentChanged { incidentId type incident { code } } }' },
        {
          next: (m) =>
            seen[who].push(
              (m.data as { incidentChanged: { incidentId: string } }).incidentChanged.incidentId,
            ),
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    await call(
      'coordinator',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"Đang xử lý", internal:false){ id } }',
      { id: secret.id },
    );
    const visibleToB = await report('reporter2', {
      title: 'Sự cố của huyện',
      description: 'x',
      agencyId: huyen,
    });
    await waitUntil(() => seen.reporter.includes(secret.id) && seen.reporter2.includes(visibleToB.id));
    expect(seen.reporter2).not.toContain(secret.id);
    unsubscribe.forEach((u) => u());
  });

  it('delivers a change made through one api process to a subscriber on another', async () => {
    const peer = await api.startPeer();
    const incident = await report('reporter', {
      title: 'Tấn công DDoS cổng thông tin',
      description: 'Lưu lượng bất thường',
      agencyId: syt,
      category: 'AVAILABILITY',
    });
    const events: { type: string; incident: { status: string } }[] = [];
    const client = api.ws(token.coordinator, peer);
    const stop = client.subscribe(
      {
        query: 'subscription($id:ID){ incidentChanged(id:$id){ type incident { status } } }',
        variables: { id: incident.id },
      },
      {
        next: (m) =>
          events.push(
            (m.data as { incidentChanged: { type: string; incident: { status: string } } }).incidentChanged,
          ),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    await move('responder', 'acknowledgeIncident', incident.id); // through the first api process
    await waitUntil(() => events.some((e) => e.type === 'incident.acknowledged'));
    expect(events.find((e) => e.type === 'incident.acknowledged')?.incident.status).toBe('IN_PROGRESS');
    stop();
  });

  it('refuses a subscription without valid credentials', async () => {
    const client = api.ws('not-a-token');
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: 'subscription { incidentChanged { type } } ' },
        {
          next: () => resolve('data'),
          error: (e) => resolve(String((e as { code?: number }).code ?? e)),
          complete: () => resolve('complete'),
        },
      );
    });
    expect(outcome).toBe('4403');
  });

  it('hides internal comments and TLP:RED from those not on the incident', async () => {
    const incident = await report('reporter', {
      title: 'Tài khoản thư công vụ bị chiếm',
      description: 'Giám đốc bị chiếm hộp thư',
      agencyId: syt,
      category: 'INTRUSIONS',
    });
    await call(
      'coordinator',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"Nghi APT", internal:true){ id } }',
      { id: incident.id },
    );
    await call(
      'coordinator',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"Chúng tôi đang xử lý", internal:false){ id } }',
      { id: incident.id },
    );
    const asReporter = await call<{
      incident: { comments: { body: string }[]; timeline: { internal: boolean }[] };
    }>('reporter', 'query($id:ID!){ incident(id:$id){ comments { body } timeline { internal } } }', {
      id: incident.id,
    });
    expect(asReporter.data?.incident.comments.map((c) => c.body)).toEqual(['Chúng tôi đang xử lý']);
    expect(asReporter.data?.incident.timeline.every((t) => !t.internal)).toBe(true);
    // A reporter cannot write an internal note: their comments are always visible to their side.
    const note = await call<{ addComment: { internal: boolean } }>(
      'reporter',
      'mutation($id:ID!){ addComment(incidentId:$id, body:"Thêm ảnh chụp"){ internal } }',
      { id: incident.id },
    );
    expect(note.data?.addComment.internal).toBe(false);

    // Triaged as TLP:RED: responder2 (not on it) and the leader lose sight; the reporter keeps it.
    await call(
      'coordinator',
      `mutation($id:ID!){ triageIncident(id:$id, input:{ severity: HIGH, category: INTRUSIONS, tlp: RED, assigneeId: "${responderId}" }){ id } }`,
      { id: incident.id },
    );
    expect(
      (await call('responder2', 'query($id:ID!){ incident(id:$id){ id } }', { id: incident.id })).data,
    ).toEqual({ incident: null });
    expect(
      (await call('leader', 'query($id:ID!){ incident(id:$id){ id } }', { id: incident.id })).data,
    ).toEqual({ incident: null });
    expect(
      (await call('responder', 'query($id:ID!){ incident(id:$id){ id } }', { id: incident.id })).data,
    ).toEqual({ incident: { id: incident.id } });
    expect(
      (await call('reporter', 'query($id:ID!){ incident(id:$id){ id } }', { id: incident.id })).data,
    ).toEqual({ incident: { id: incident.id } });
    const leaderList = await call<{ incidents: { edges: { node: { id: string } }[] } }>(
      'leader',
      '{ incidents(first: 100){ edges { node { id } } } }',
    );
    expect(leaderList.data?.incidents.edges.map((e) => e.node.id)).not.toContain(incident.id);
  });

  it('links incidents that share an observable and validates observables', async () => {
    const a = await report('coordinator', {
      title: 'Mã độc liên lạc C2',
      description: 'Beacon',
      agencyId: syt,
      category: 'MALICIOUS_CODE',
    });
    const b = await report('coordinator', {
      title: 'Máy chủ gửi thư rác',
      description: 'Spam',
      agencyId: huyen,
      category: 'ABUSIVE_CONTENT',
    });
    const ADD =
      'mutation($id:ID!,$i:ObservableInput!){ addObservable(incidentId:$id, input:$i){ id value tlp } }';
    expect(
      (await call('coordinator', ADD, { id: a.id, i: { type: 'IP', value: '203.0.113.7' } })).errors,
    ).toBeUndefined();
    expect(
      (await call('coordinator', ADD, { id: b.id, i: { type: 'IP', value: '203.0.113.7', tlp: 'GREEN' } }))
        .errors,
    ).toBeUndefined();
    expect(
      codeOf(await call('coordinator', ADD, { id: b.id, i: { type: 'IP', value: '203.0.113.7' } })),
    ).toBe('CONFLICT');
    for (const i of [
      { type: 'IP', value: '999.1.1.1' },
      { type: 'DOMAIN', value: 'not a domain' },
      { type: 'HASH', value: 'xyz' },
      { type: 'URL', value: 'javascript:alert(1)' },
    ]) {
      expect(codeOf(await call('coordinator', ADD, { id: a.id, i }))).toBe('BAD_USER_INPUT');
    }
    const linked = await call<{
      incident: { linkedIncidents: { id: string }[]; observables: { value: string }[] };
    }>('coordinator', 'query($id:ID!){ incident(id:$id){ observables { value } linkedIncidents { id } } }', {
      id: a.id,
    });
    expect(linked.data?.incident.linkedIncidents.map((i) => i.id)).toEqual([b.id]);
    // reporter (agency SYT) sees incident A but not B, so no link to B.
    const asReporter = await call<{ incident: { linkedIncidents: unknown[] } }>(
      'reporter',
      'query($id:ID!){ incident(id:$id){ linkedIncidents { id } } }',
      { id: a.id },
    );
    expect(asReporter.data?.incident.linkedIncidents).toEqual([]);
  });

  it('refuses bad input and writes nothing', async () => {
    const before = await api.count('incident');
    for (const i of [
      { title: 'x'.repeat(201), description: 'd', agencyId: syt },
      { title: 'ok title', description: 'd', agencyId: 'not-a-uuid' },
      { title: 'ok title', description: 'd', agencyId: syt, severity: 'APOCALYPTIC' },
      { title: 'ok title', description: 'd'.repeat(10001), agencyId: syt },
      { title: 'ok title', description: 'd', agencyId: syt, detectedAt: '2999-01-01T00:00:00Z' },
    ]) {
      expect(codeOf(await call('reporter', REPORT, { i }))).toBe('BAD_USER_INPUT');
    }
    // An agency that does not exist (a coordinator may report for any agency).
    expect(
      codeOf(
        await call('coordinator', REPORT, {
          i: { title: 'ok title', description: 'd', agencyId: '6f1c1c62-7c55-4d7e-9a2a-2b0f1c1c6200' },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await call('leader', REPORT, { i: { title: 'Leader report', description: 'd', agencyId: syt } }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await api.gql(REPORT, { i: { title: 'Anonymous', description: 'd', agencyId: syt } })),
    ).toBe('UNAUTHENTICATED');
    expect(await api.count('incident')).toBe(before);
    const incident = await report('reporter', { title: 'Kiểm tra quyền', description: 'd', agencyId: syt });
    for (const who of ['reporter', 'responder', 'leader', 'admin']) {
      expect(
        codeOf(
          await call(
            who,
            `mutation($id:ID!){ triageIncident(id:$id, input:{ severity: LOW, category: OTHER, tlp: GREEN }){ id } }`,
            { id: incident.id },
          ),
        ),
      ).toBe('FORBIDDEN');
    }
    const after = await call<{ incident: { status: string; version: number } }>(
      'coordinator',
      'query($id:ID!){ incident(id:$id){ status version } }',
      { id: incident.id },
    );
    expect(after.data?.incident).toEqual({ status: 'NEW', version: incident.version });
  });

  it('lists 50 incidents with agency, people, timeline, comments and observables in a bounded number of queries', async () => {
    const dataSource = api.app.get(DataSource);
    const runner = dataSource.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
    await runner.release();
    const original = proto.query;
    let queries = 0;
    proto.query = function (this: unknown, ...args: unknown[]) {
      queries++;
      return original.apply(this, args);
    };
    try {
      const res = await call<{
        incidents: { edges: { node: { agency: { code: string }; reporter: { email: string } | null } }[] };
      }>(
        'coordinator',
        '{ incidents(first: 50){ edges { node { code agency { code name } assignee { displayName } reporter { email } timeline { kind } comments { body } observables { value } } } } }',
      );
      expect(res.data?.incidents.edges).toHaveLength(50);
      expect(res.data?.incidents.edges.every((e) => e.node.agency.code)).toBe(true);
      // auth, page, agencies, users, timeline, comments, observables: one each, whatever the page size.
      expect(queries).toBeLessThanOrEqual(9);
    } finally {
      proto.query = original;
    }
  });

  it('computes metrics without exercises unless asked, and paginates with cursors', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const Q =
      'query($f:DateTime!,$t:DateTime!,$x:Boolean!){ metrics(from:$f, to:$t, includeExercises:$x){ total mttaSeconds ackSlaCompliance bySeverity { key count } byAgency { agencyId total } byDay { day reported } } }';
    const real = await call<{
      metrics: { total: number; mttaSeconds: number | null; byDay: { reported: number }[] };
    }>('coordinator', Q, { f: from, t: to, x: false });
    const all = await call<{ metrics: { total: number } }>('coordinator', Q, { f: from, t: to, x: true });
    expect(real.errors).toBeUndefined();
    expect(all.data!.metrics.total - real.data!.metrics.total).toBe(50); // the 50 drills
    expect(real.data!.metrics.mttaSeconds).not.toBeNull();
    const reporterView = await call<{ metrics: { byAgency: { agencyId: string }[] } }>('reporter', Q, {
      f: from,
      t: to,
      x: true,
    });
    expect(reporterView.data?.metrics.byAgency.map((a) => a.agencyId)).toEqual([syt]);
    expect(codeOf(await call('coordinator', Q, { f: to, t: from, x: false }))).toBe('BAD_USER_INPUT');

    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: GqlResult<{
        incidents: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }> = await call(
        'coordinator',
        'query($a:String){ incidents(first: 7, after:$a, filter:{ isExercise: true }){ edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { a: after },
      );
      res.data!.incidents.edges.forEach((e) => seen.add(e.node.id));
      if (!res.data!.incidents.pageInfo.hasNextPage) break;
      after = res.data!.incidents.pageInfo.endCursor;
    }
    expect(seen.size).toBe(50);
    expect(
      codeOf(await call('coordinator', '{ incidents(after: "garbage"){ edges { node { id } } } }')),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await call('coordinator', '{ incidents(first: 1000){ edges { node { id } } } }'))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
