import { DateTime } from 'luxon';

import { addWorkingMinutes, VN_OFFICE_HOURS, VN_PUBLIC_HOLIDAYS_2026 } from '@tocsin/escalation';

import { codeOf, GqlResult, TestApi } from './support/test-app';

const POLICY_FIELDS = `id severity ackMinutes resolveMinutes warnPercent workingHoursOnly version
  calendar { timeZone holidays weekly { weekday windows { start end } } }`;
const POLICIES = `{ slaPolicies { ${POLICY_FIELDS} } }`;
const UPDATE = `mutation($s:Severity!,$i:SlaPolicyInput!){ updateSlaPolicy(severity:$s, input:$i){ ${POLICY_FIELDS} } }`;
const INCIDENT_FIELDS = `id status version createdAt ackDueAt resolveDueAt slaPaused
  slaPauses { id startedAt endedAt reason }`;
const REPORT = `mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ ${INCIDENT_FIELDS} } }`;
const PAUSE = `mutation($id:ID!,$r:String!){ pauseSlaClock(incidentId:$id, reason:$r){ ${INCIDENT_FIELDS} } }`;
const RESUME = `mutation($id:ID!){ resumeSlaClock(incidentId:$id){ ${INCIDENT_FIELDS} } }`;

interface Policy {
  id: string;
  severity: string;
  ackMinutes: number;
  resolveMinutes: number;
  warnPercent: number;
  workingHoursOnly: boolean;
  version: number;
  calendar: { timeZone: string; holidays: string[]; weekly: { weekday: number }[] };
}
interface Incident {
  id: string;
  status: string;
  version: number;
  createdAt: string;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  slaPaused: boolean;
  slaPauses: { id: string; startedAt: string; endedAt: string | null; reason: string }[];
}

const ms = (iso: string | null) => new Date(iso!).getTime();

describe('SLA policies and clock pauses', () => {
  let api: TestApi;
  const token: Record<string, string> = {};
  let syt: string;
  let huyen: string;

  const policies = async (who = 'coordinator') =>
    (await api.gql<{ slaPolicies: Policy[] }>(POLICIES, {}, { token: token[who] })).data!.slaPolicies;
  const policy = async (severity: string) => (await policies()).find((p) => p.severity === severity)!;
  const update = (who: string, severity: string, input: Record<string, unknown>) =>
    api.gql<{ updateSlaPolicy: Policy }>(UPDATE, { s: severity, i: input }, { token: token[who] });
  const report = async (severity: string, agencyId = syt, who = 'reporter'): Promise<Incident> => {
    const res = await api.gql<{ reportIncident: Incident }>(
      REPORT,
      { i: { title: `SLA ${severity}`, description: 'SLA test case', agencyId, severity } },
      { token: token[who] },
    );
    if (!res.data?.reportIncident) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  };
  const auditCount = (action: string) => api.count('audit_event', 'action = $1', [action]);

  beforeAll(async () => {
    api = await TestApi.start();
    for (const who of ['admin', 'coordinator', 'responder', 'reporter', 'leader'])
      token[who] = await api.login(`${who}@tocsin.local`);
    syt = await api.idOf('agency', 'SYT');
    huyen = await api.idOf('agency', 'HUYEN-A');
  });
  afterAll(() => api.stop());

  it('seeds one policy per severity, readable by staff and leaders but not reporters', async () => {
    const rows = await policies();
    expect(
      rows.map((p) => [p.severity, p.ackMinutes, p.resolveMinutes, p.warnPercent, p.workingHoursOnly]),
    ).toEqual([
      ['CRITICAL', 15, 240, 80, false],
      ['HIGH', 30, 480, 80, false],
      ['MEDIUM', 120, 1440, 80, false],
      ['LOW', 480, 4320, 80, false],
    ]);
    expect(rows[0].calendar.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(rows[0].calendar.weekly.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0].calendar.holidays).toEqual(VN_PUBLIC_HOLIDAYS_2026);
    for (const who of ['leader', 'responder', 'admin']) expect(await policies(who)).toHaveLength(4);
    expect(codeOf(await api.gql(POLICIES, {}, { token: token.reporter }))).toBe('FORBIDDEN');
  });

  it('updates a policy: new reports get the new due times; stale, bad or unauthorised updates change nothing', async () => {
    const critical = await policy('CRITICAL');
    const good = { ackMinutes: 10, resolveMinutes: 120, warnPercent: 75, workingHoursOnly: false };
    const audited = await auditCount('sla_policy.updated');

    const refusals: [string, Record<string, unknown>, string][] = [
      ['responder', { ...good, version: critical.version }, 'FORBIDDEN'],
      ['reporter', { ...good, version: critical.version }, 'FORBIDDEN'],
      ['leader', { ...good, version: critical.version }, 'FORBIDDEN'],
      ['coordinator', { ...good, resolveMinutes: 10, version: critical.version }, 'BAD_USER_INPUT'],
      ['coordinator', { ...good, ackMinutes: 0, version: critical.version }, 'BAD_USER_INPUT'],
      ['coordinator', { ...good, warnPercent: 100, version: critical.version }, 'BAD_USER_INPUT'],
      [
        'coordinator',
        {
          ...good,
          version: critical.version,
          calendar: {
            timeZone: 'Asia/Ho_Chi_Minh',
            weekly: [{ weekday: 1, windows: [{ start: '17:00', end: '08:00' }] }],
            holidays: [],
          },
        },
        'BAD_USER_INPUT',
      ],
      [
        'coordinator',
        {
          ...good,
          version: critical.version,
          calendar: { timeZone: 'Asia/Ho_Chi_Minh', weekly: [{ weekday: 8, windows: [] }], holidays: [] },
        },
        'BAD_USER_INPUT',
      ],
      [
        'coordinator',
        {
          ...good,
          version: critical.version,
          calendar: { timeZone: 'Asia/Ho_Chi_Minh', weekly: [], holidays: ['2026-13-40'] },
        },
        'BAD_USER_INPUT',
      ],
      [
        'coordinator',
        {
          ...good,
          version: critical.version,
          calendar: { timeZone: 'Mars/Olympus', weekly: [], holidays: [] },
        },
        'BAD_USER_INPUT',
      ],
    ];
    for (const [who, input, code] of refusals) {
      const res: GqlResult = await update(who, 'CRITICAL', input);
      expect([who, JSON.stringify(input), codeOf(res)]).toEqual([who, JSON.stringify(input), code]);
    }
    expect(await policy('CRITICAL')).toEqual(critical);
    expect(await auditCount('sla_policy.updated')).toBe(audited);

    const updated = await update('coordinator', 'CRITICAL', { ...good, version: critical.version });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateSlaPolicy).toMatchObject({ ...good, version: critical.version + 1 });
    expect(await auditCount('sla_policy.updated')).toBe(audited + 1);
    const trail = await api.gql<{ auditTrail: { edges: { node: { action: string } }[] } }>(
      'query($id:ID!){ auditTrail(entityId:$id){ edges { node { action } } } }',
      { id: critical.id },
      { token: token.coordinator },
    );
    expect(trail.data!.auditTrail.edges.map((e) => e.node.action)).toEqual(['sla_policy.updated']);

    const stale = await update('admin', 'CRITICAL', { ...good, ackMinutes: 5, version: critical.version });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect((await policy('CRITICAL')).ackMinutes).toBe(10);

    const incident = await report('CRITICAL');
    expect(ms(incident.ackDueAt) - ms(incident.createdAt)).toBe(10 * 60_000);
    expect(ms(incident.resolveDueAt) - ms(incident.createdAt)).toBe(120 * 60_000);
  });

  it('counts only office hours when the policy says so', async () => {
    const low = await policy('LOW');
    const res = await update('coordinator', 'LOW', {
      ackMinutes: 60,
      resolveMinutes: 600,
      warnPercent: 80,
      workingHoursOnly: true,
      version: low.version,
    });
    expect(res.errors).toBeUndefined();
    const incident = await report('LOW');
    const calendar = {
      timeZone: 'Asia/Ho_Chi_Minh',
      weekly: VN_OFFICE_HOURS,
      holidays: VN_PUBLIC_HOLIDAYS_2026,
    };
    const created = new Date(incident.createdAt);
    expect(ms(incident.ackDueAt)).toBe(addWorkingMinutes(calendar, created, 60).getTime());
    expect(ms(incident.resolveDueAt)).toBe(addWorkingMinutes(calendar, created, 600).getTime());
    for (const due of [incident.ackDueAt!, incident.resolveDueAt!]) {
      const local = DateTime.fromISO(due).setZone('Asia/Ho_Chi_Minh');
      const minute = local.hour * 60 + local.minute;
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(VN_PUBLIC_HOLIDAYS_2026).not.toContain(local.toISODate());
      expect(
        (minute > 7 * 60 + 30 && minute <= 11 * 60 + 30) || (minute > 13 * 60 + 30 && minute <= 17 * 60),
      ).toBe(true);
    }
  });

  it('pauses and resumes the clock: due times move on by the paused time, on the timeline and in the audit trail', async () => {
    const incident = await report('HIGH');
    const paused = await api.gql<{ pauseSlaClock: Incident }>(
      PAUSE,
      { id: incident.id, r: 'Waiting for the agency to send logs' },
      { token: token.coordinator },
    );
    expect(paused.errors).toBeUndefined();
    expect(paused.data!.pauseSlaClock).toMatchObject({
      slaPaused: true,
      ackDueAt: null,
      resolveDueAt: null,
      version: incident.version + 1,
    });
    expect(paused.data!.pauseSlaClock.slaPauses).toEqual([
      expect.objectContaining({ reason: 'Waiting for the agency to send logs', endedAt: null }),
    ]);

    const twice = await api.gql(PAUSE, { id: incident.id, r: 'again' }, { token: token.coordinator });
    expect(codeOf(twice)).toBe('CONFLICT');

    await new Promise((r) => setTimeout(r, 50));
    const resumed = await api.gql<{ resumeSlaClock: Incident }>(
      RESUME,
      { id: incident.id },
      { token: token.coordinator },
    );
    expect(resumed.errors).toBeUndefined();
    const after = resumed.data!.resumeSlaClock;
    const [pause] = after.slaPauses;
    const pausedMs = ms(pause.endedAt) - ms(pause.startedAt);
    expect(pausedMs).toBeGreaterThanOrEqual(40);
    expect(after.slaPaused).toBe(false);
    expect(after.version).toBe(incident.version + 2);
    expect(ms(after.ackDueAt) - ms(incident.ackDueAt)).toBe(pausedMs);
    expect(ms(after.resolveDueAt) - ms(incident.resolveDueAt)).toBe(pausedMs);
    expect(codeOf(await api.gql(RESUME, { id: incident.id }, { token: token.coordinator }))).toBe('CONFLICT');

    const timeline = await api.gql<{ incident: { timeline: { kind: string }[] } }>(
      'query($id:ID!){ incident(id:$id){ timeline { kind } } }',
      { id: incident.id },
      { token: token.coordinator },
    );
    expect(timeline.data!.incident.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['SLA_PAUSED', 'SLA_RESUMED']),
    );
    const trail = await api.gql<{ auditTrail: { edges: { node: { action: string } }[] } }>(
      'query($id:ID!){ auditTrail(entityId:$id){ edges { node { action } } } }',
      { id: incident.id },
      { token: token.coordinator },
    );
    expect(trail.data!.auditTrail.edges.map((e) => e.node.action)).toEqual(
      expect.arrayContaining(['incident.sla_paused', 'incident.sla_resumed']),
    );
    expect(
      await api.count('outbox_event', `aggregate_id = $1 AND event_type LIKE 'incident.sla_%'`, [
        incident.id,
      ]),
    ).toBe(2);

    // Reporters see that the clock is paused, never the internal reasons.
    const seen = await api.gql<{ incident: Incident }>(
      `query($id:ID!){ incident(id:$id){ ${INCIDENT_FIELDS} } }`,
      { id: incident.id },
      { token: token.reporter },
    );
    expect(seen.data!.incident).toMatchObject({ slaPaused: false, slaPauses: [] });
  });

  it('refuses pauses on closed cases, for non-coordinators and on invisible cases, writing nothing', async () => {
    const rejected = await report('MEDIUM');
    const rej = await api.gql(
      'mutation($id:ID!){ rejectIncident(id:$id, reason:"not an incident"){ id } }',
      { id: rejected.id },
      { token: token.coordinator },
    );
    expect(rej.errors).toBeUndefined();
    const open = await report('MEDIUM');
    const away = await report('MEDIUM', huyen, 'coordinator');
    const pauses = await api.count('incident_sla_pause');
    const audited = await api.count('audit_event');

    const cases: [string, string, string][] = [
      ['coordinator', rejected.id, 'INVALID_TRANSITION'],
      ['responder', open.id, 'FORBIDDEN'],
      ['leader', open.id, 'FORBIDDEN'],
      ['reporter', open.id, 'FORBIDDEN'],
      ['reporter', away.id, 'NOT_FOUND'],
    ];
    for (const [who, id, code] of cases) {
      expect([who, codeOf(await api.gql(PAUSE, { id, r: 'x' }, { token: token[who] }))]).toEqual([who, code]);
    }
    expect(codeOf(await api.gql(RESUME, { id: rejected.id }, { token: token.coordinator }))).toBe(
      'INVALID_TRANSITION',
    );
    expect(await api.count('incident_sla_pause')).toBe(pauses);
    expect(await api.count('audit_event')).toBe(audited);
  });
});
