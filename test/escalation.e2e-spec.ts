import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';

import { EscalationEngine } from '@tocsin/escalation';

import { codeOf, TestApi } from './support/test-app';

/**
 * The escalation engine end to end: real PostgreSQL, real Redis, the real worker (outbox relay,
 * BullMQ delayed jobs, reconciler), with chains and SLA policies of a few seconds.
 */

const CHAIN_FIELDS = `id name isDefault repeatCount version
  steps { id position delaySeconds channels targets { kind userId teamId role } }`;
const CREATE_CHAIN = `mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ ${CHAIN_FIELDS} } }`;
const UPDATE_CHAIN = `mutation($id:ID!,$i:EscalationChainInput!){ updateEscalationChain(id:$id, input:$i){ ${CHAIN_FIELDS} } }`;
const CREATE_POLICY = `mutation($i:EscalationPolicyInput!){ createEscalationPolicy(input:$i){ id chainId severity category agencyId } }`;
const INCIDENT = `id code status severity version createdAt ackDueAt resolveDueAt escalationLevel
  escalation { chainName run stepIndex repeat stepCount nextAt stoppedAt stopReason }`;
const REPORT = `mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ ${INCIDENT} } }`;
const GET = `query($id:ID!){ incident(id:$id){ ${INCIDENT} } }`;

interface Incident {
  id: string;
  code: string;
  status: string;
  severity: string;
  version: number;
  createdAt: string;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  escalationLevel: number;
  escalation: {
    chainName: string;
    run: number;
    stepIndex: number;
    repeat: number;
    stepCount: number;
    nextAt: string | null;
    stoppedAt: string | null;
    stopReason: string | null;
  } | null;
}

interface TimelineRow {
  kind: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Escalation engine', () => {
  let api: TestApi;
  const token: Record<string, string> = {};
  const user: Record<string, string> = {};
  let syt: string;
  let huyen: string;
  let demoTeam: string;
  let worker: INestApplicationContext;

  const gql = async <T = Record<string, unknown>>(
    who: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => {
    const res = await api.gql<T>(query, variables, { token: token[who] });
    return res;
  };
  const ok = async <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await gql<T>(who, query, variables);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const report = async (severity: string, agencyId = syt, category?: string): Promise<Incident> =>
    (
      await ok<{ reportIncident: Incident }>(agencyId === syt ? 'reporter' : 'reporter2', REPORT, {
        i: { title: `Escalation ${severity}`, description: 'Engine test', agencyId, severity, category },
      })
    ).reportIncident;
  const get = async (id: string, who = 'coordinator') =>
    (await ok<{ incident: Incident }>(who, GET, { id })).incident;
  const timeline = (id: string, kinds: string[]) =>
    api.dataSource.query<TimelineRow[]>(
      `SELECT kind, data, occurred_at FROM incident_timeline_entry WHERE incident_id = $1 AND kind = ANY($2) ORDER BY id`,
      [id, kinds],
    );
  const until = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  const steps = async (id: string) =>
    (await timeline(id, ['ESCALATION_STEP'])).map(
      (r) => `${r.data.repeat as number}:${r.data.position as number}`,
    );
  const setSla = async (severity: string, ackMinutes: number, resolveMinutes: number, extra = {}) => {
    const rows = await api.dataSource.query<{ version: number }[]>(
      'SELECT version FROM sla_policy WHERE severity = $1',
      [severity],
    );
    await ok(
      'coordinator',
      `mutation($s:Severity!,$i:SlaPolicyInput!){ updateSlaPolicy(severity:$s, input:$i){ id } }`,
      {
        s: severity,
        i: {
          ackMinutes,
          resolveMinutes,
          warnPercent: 50,
          workingHoursOnly: false,
          version: rows[0].version,
          ...extra,
        },
      },
    );
  };
  const chainInput = (name: string, stepList: unknown[], extra: Record<string, unknown> = {}) => ({
    name,
    description: 'test',
    repeatCount: 0,
    isDefault: false,
    steps: stepList,
    ...extra,
  });
  const userStep = (who: string, delaySeconds: number, channels = ['IN_APP']) => ({
    delaySeconds,
    channels,
    targets: [{ kind: 'USER', userId: user[who] }],
  });
  const createChain = async (input: unknown) =>
    (
      await ok<{ createEscalationChain: { id: string; version: number } }>('coordinator', CREATE_CHAIN, {
        i: input,
      })
    ).createEscalationChain;
  const policyFor = async (chainId: string, severity: string | null, extra: Record<string, unknown> = {}) =>
    ok('coordinator', CREATE_POLICY, { i: { chainId, severity, ...extra } });

  beforeAll(async () => {
    api = await TestApi.start({
      ESCALATION_RECONCILE_SECONDS: '2',
      // These chains page in the app: this installation counts in-app as reaching someone.
      NOTIFY_IN_APP_REACHES: 'true',
      // Telegram on (pointing nowhere; nobody here has a verified chat until the readiness test).
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef',
      TELEGRAM_API_URL: 'http://127.0.0.1:9',
      TELEGRAM_WEBHOOK_SECRET: 'escalation-test-secret',
      TELEGRAM_BOT_USERNAME: 'tocsin_test_bot',
    });
    worker = await api.startWorker();
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
      user[who] = await api.idOf('user', `${who}@tocsin.local`);
    }
    syt = await api.idOf('agency', 'SYT');
    huyen = await api.idOf('agency', 'HUYEN-A');
    demoTeam = (await api.dataSource.query<{ id: string }[]>('SELECT id FROM team LIMIT 1'))[0].id;
  });
  afterAll(() => api.stop());

  it('seeds a default chain: on-call, whole team, coordinators, leadership', async () => {
    const { escalationChains } = await ok<{
      escalationChains: {
        name: string;
        isDefault: boolean;
        steps: { targets: { kind: string; role: string | null }[] }[];
      }[];
    }>('responder', `{ escalationChains { ${CHAIN_FIELDS} } }`);
    const defaults = escalationChains.filter((c) => c.isDefault);
    expect(defaults).toHaveLength(1);
    expect(
      defaults[0].steps.map((s) => s.targets[0].kind + (s.targets[0].role ? `:${s.targets[0].role}` : '')),
    ).toEqual(['TEAM_ON_CALL', 'TEAM', 'ROLE:COORDINATOR', 'ROLE:LEADER']);
  });

  it('without acknowledgement walks step 1, step 2, then leadership, each once; SLA warning and breach once each', async () => {
    const chain = await createChain(
      chainInput('Walk', [
        userStep('responder', 2),
        userStep('responder2', 2),
        { delaySeconds: 2, channels: ['IN_APP'], targets: [{ kind: 'TEAM', teamId: demoTeam }] },
        { delaySeconds: 0, channels: ['IN_APP'], targets: [{ kind: 'ROLE', role: 'LEADER' }] },
      ]),
    );
    await policyFor(chain.id, 'CRITICAL');
    await setSla('CRITICAL', 0.1, 1); // acknowledge within 6 s (warning at 3 s), resolve within 60 s
    const incident = await report('CRITICAL');
    expect(new Date(incident.ackDueAt!).getTime() - new Date(incident.createdAt).getTime()).toBe(6000);

    await until(
      'the chain to finish',
      async () => (await get(incident.id)).escalation?.stopReason === 'EXHAUSTED',
    );
    await until(
      'the acknowledgement breach',
      async () => (await timeline(incident.id, ['SLA_BREACHED'])).length > 0,
    );
    await sleep(2500); // several reconciler passes and any stray timers
    expect(await steps(incident.id)).toEqual(['0:0', '0:1', '0:2', '0:3']);
    const warnings = await timeline(incident.id, ['SLA_WARNING']);
    const breaches = await timeline(incident.id, ['SLA_BREACHED']);
    expect(warnings.map((w) => w.data.clock)).toEqual(['ACKNOWLEDGE']);
    expect(breaches.map((w) => w.data.clock)).toEqual(['ACKNOWLEDGE']);
    // Warning at 3 s, breach at 6 s after the report, not before.
    const created = new Date(incident.createdAt).getTime();
    expect(warnings[0].occurred_at.getTime() - created).toBeGreaterThanOrEqual(2990);
    expect(breaches[0].occurred_at.getTime() - created).toBeGreaterThanOrEqual(5990);

    // The leaders were told by the last step and by the breach; every request exactly once.
    const rows = await api.dataSource.query<
      { event: string; event_key: string; recipient_id: string; n: number }[]
    >(
      `SELECT event, event_key, recipient_id, count(*)::int AS n FROM notification WHERE incident_id = $1
        GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      [incident.id],
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const leaderEvents = rows.filter((r) => r.recipient_id === user.leader).map((r) => r.event);
    expect(leaderEvents.sort()).toEqual(['ESCALATION_STEP', 'SLA_BREACH']);
    expect(rows.filter((r) => r.event === 'SLA_WARNING')).toHaveLength(1);
    expect(
      await api.count('audit_event', "entity_id = $1 AND action = 'incident.escalation_step'", [incident.id]),
    ).toBe(4);
    expect(
      await api.count('audit_event', "entity_id = $1 AND action = 'incident.sla_breached'", [incident.id]),
    ).toBe(1);
    // Paged people are on the case (they may open it even when it is TLP:RED).
    const participants = await api.count('incident_participant', 'incident_id = $1 AND user_id = $2', [
      incident.id,
      user.leader,
    ]);
    expect(participants).toBe(1);
  });

  it('stops when acknowledged between steps', async () => {
    const chain = await createChain(
      chainInput('Stop on ack', [userStep('responder', 3), userStep('responder2', 3)]),
    );
    await policyFor(chain.id, 'HIGH');
    await setSla('HIGH', 0.2, 2);
    const incident = await report('HIGH');
    await until('step 0', async () => (await steps(incident.id)).length === 1);
    await ok('responder', 'mutation($id:ID!){ acknowledgeIncident(id:$id){ id status } }', {
      id: incident.id,
    });
    await until('the stop', async () => (await get(incident.id)).escalation?.stopReason === 'ACKNOWLEDGED');
    await sleep(4000); // past step 1's time and the 12 s acknowledgement deadline's warning point
    expect(await steps(incident.id)).toEqual(['0:0']);
    expect(await timeline(incident.id, ['SLA_WARNING', 'SLA_BREACHED'])).toEqual([]);
  });

  it('skips a step that reaches nobody at once, and says why', async () => {
    const empty = (
      await ok<{ createTeam: { id: string } }>(
        'coordinator',
        'mutation{ createTeam(input:{ name: "Nobody on call" }){ id } }',
      )
    ).createTeam.id;
    const chain = await createChain(
      chainInput('Skips', [
        { delaySeconds: 60, channels: ['IN_APP'], targets: [{ kind: 'TEAM_ON_CALL', teamId: empty }] },
        userStep('responder', 60, ['TELEGRAM']), // no verified Telegram: unusable
        userStep('responder2', 60),
      ]),
    );
    await policyFor(chain.id, null, { agencyId: huyen });
    const incident = await report('LOW', huyen);
    await until('step 2', async () => (await steps(incident.id)).length === 1);
    const skipped = await timeline(incident.id, ['ESCALATION_STEP_SKIPPED']);
    expect(skipped.map((s) => [s.data.position, s.data.reason])).toEqual([
      [0, 'NOBODY_TO_NOTIFY'],
      [1, 'NO_USABLE_CONTACT_METHOD'],
    ]);
    expect(await steps(incident.id)).toEqual(['0:2']);
    // Skipped at once, not after the 60 s delays.
    const [step] = await timeline(incident.id, ['ESCALATION_STEP']);
    expect(step.occurred_at.getTime() - new Date(incident.createdAt).getTime()).toBeLessThan(5000);
    expect((await get(incident.id)).escalation?.chainName).toBe('Skips'); // agency policy beats severity
  });

  it('picks the most specific policy, and the default chain when none matches', async () => {
    const bySeverity = await createChain(chainInput('Medium', [userStep('responder', 60)]));
    const byCategory = await createChain(chainInput('Medium phishing', [userStep('responder2', 60)]));
    await policyFor(bySeverity.id, 'MEDIUM');
    await policyFor(byCategory.id, 'MEDIUM', { category: 'FRAUD' });
    const plain = await report('MEDIUM');
    const fraud = await report('MEDIUM', syt, 'FRAUD');
    const other = await report('LOW');
    const chainOf = async (id: string) => until('a chain', async () => (await get(id)).escalation?.chainName);
    expect(await chainOf(plain.id)).toBe('Medium');
    expect(await chainOf(fraud.id)).toBe('Medium phishing');
    expect(await chainOf(other.id)).toBe('Mặc định');
  });

  it('escalateIncident jumps one level now and always informs the leadership', async () => {
    const chain = await createChain(
      chainInput('Manual', [
        userStep('responder', 300),
        userStep('responder2', 300),
        userStep('coordinator', 300),
      ]),
    );
    await policyFor(chain.id, 'LOW', { agencyId: syt });
    const incident = await report('LOW');
    await until('step 0', async () => (await steps(incident.id)).length === 1);
    const res = await ok<{ escalateIncident: Incident }>(
      'responder',
      'mutation($id:ID!){ escalateIncident(id:$id, reason:"Cần hỗ trợ"){ id escalationLevel } }',
      { id: incident.id },
    );
    expect(res.escalateIncident.escalationLevel).toBe(1);
    await until('step 1', async () => (await steps(incident.id)).length === 2);
    const leaderNotes = await until('the leader notice', async () => {
      const rows = await api.dataSource.query<{ event: string }[]>(
        'SELECT event FROM notification WHERE incident_id = $1 AND recipient_id = $2',
        [incident.id, user.leader],
      );
      return rows.length ? rows : null;
    });
    expect(leaderNotes.map((r) => r.event)).toEqual(['MANUAL_ESCALATION']);
    await sleep(1500);
    expect(await steps(incident.id)).toEqual(['0:0', '0:1']);
    expect((await get(incident.id)).escalation?.stepIndex).toBe(2);
  });

  it('moves the due times on a severity change and fires on the new deadline', async () => {
    await setSla('MEDIUM', 0.15, 3);
    await setSla('CRITICAL', 0.1, 1);
    const incident = await report('MEDIUM', huyen);
    // (Had the report's own sync run after the triage, run 1 would already use the triaged state.)
    await until('the first run', async () => (await get(incident.id)).escalation?.run === 1);
    const triaged = await ok<{ reclassifyIncident?: Incident; triageIncident?: Incident }>(
      'coordinator',
      `mutation($id:ID!,$i:TriageIncidentInput!){ triageIncident(id:$id, input:$i){ ${INCIDENT} } }`,
      {
        id: incident.id,
        i: { severity: 'CRITICAL', category: 'MALICIOUS_CODE', tlp: 'AMBER', teamId: demoTeam },
      },
    );
    const after = triaged.triageIncident!;
    const created = new Date(incident.createdAt).getTime();
    expect(new Date(incident.ackDueAt!).getTime() - created).toBe(9000);
    expect(new Date(after.ackDueAt!).getTime() - created).toBe(6000);
    expect(new Date(after.resolveDueAt!).getTime() - created).toBe(60_000);
    const breach = await until('the breach of the new deadline', async () => {
      const rows = await timeline(incident.id, ['SLA_BREACHED']);
      return rows.length ? rows : null;
    });
    expect(breach[0].data.dueAt).toBe(after.ackDueAt);
    // Triage restarted the chain (run 2), for the team that now owns the case.
    expect((await get(incident.id)).escalation?.run).toBe(2);
  });

  it('restarts the resolution clock on reopen', async () => {
    await setSla('LOW', 1, 0.2 + 1); // resolve within 72 s
    const incident = await report('LOW', huyen);
    await ok('responder', 'mutation($id:ID!){ acknowledgeIncident(id:$id){ id } }', { id: incident.id });
    await ok('responder', 'mutation($id:ID!){ resolveIncident(id:$id, resolution:"fixed"){ id } }', {
      id: incident.id,
    });
    await sleep(1100);
    const reopened = await ok<{ reopenIncident: Incident & { reopenedAt: string } }>(
      'coordinator',
      `mutation($id:ID!){ reopenIncident(id:$id, reason:"back"){ ${INCIDENT} reopenedAt } }`,
      { id: incident.id },
    );
    const r = reopened.reopenIncident;
    expect(new Date(r.resolveDueAt!).getTime() - new Date(r.reopenedAt).getTime()).toBe(72_000);
    expect(new Date(r.resolveDueAt!).getTime()).toBeGreaterThan(
      new Date(incident.resolveDueAt!).getTime() + 1000,
    );
    expect(r.ackDueAt).toBe(incident.ackDueAt); // the acknowledgement stands
  });

  it('counts only working hours when the policy says so: a LOW case reported out of hours waits for the next window', async () => {
    // A calendar whose only window opens two days from now at 08:00 (Asia/Ho_Chi_Minh).
    const opens = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 2 }).startOf('day');
    const rows = await api.dataSource.query<{ version: number }[]>(
      "SELECT version FROM sla_policy WHERE severity = 'LOW'",
    );
    await ok('coordinator', `mutation($i:SlaPolicyInput!){ updateSlaPolicy(severity:LOW, input:$i){ id } }`, {
      i: {
        ackMinutes: 0.1,
        resolveMinutes: 60,
        warnPercent: 50,
        workingHoursOnly: true,
        version: rows[0].version,
        calendar: {
          timeZone: 'Asia/Ho_Chi_Minh',
          holidays: [],
          weekly: [{ weekday: opens.weekday, windows: [{ start: '08:00', end: '17:00' }] }],
        },
      },
    });
    const incident = await report('LOW', huyen);
    expect(new Date(incident.ackDueAt!).getTime()).toBe(opens.plus({ hours: 8, seconds: 6 }).toMillis());
    await sleep(8000); // wall-clock 6 s passed: nothing may fire
    expect(await timeline(incident.id, ['SLA_WARNING', 'SLA_BREACHED'])).toEqual([]);
  });

  it('edits chains with validation, versions and roles; a refused change writes nothing', async () => {
    const before = await api.count('escalation_chain');
    const auditBefore = await api.count('audit_event');
    const cases: [string, unknown, string][] = [
      ['responder', chainInput('R', [userStep('responder', 1)]), 'FORBIDDEN'],
      ['reporter', chainInput('R', [userStep('responder', 1)]), 'FORBIDDEN'],
      ['leader', chainInput('R', [userStep('responder', 1)]), 'FORBIDDEN'],
      ['coordinator', chainInput('', [userStep('responder', 1)]), 'BAD_USER_INPUT'],
      ['coordinator', chainInput('x'.repeat(121), [userStep('responder', 1)]), 'BAD_USER_INPUT'],
      ['coordinator', chainInput('No steps', []), 'BAD_USER_INPUT'],
      ['coordinator', chainInput('Neg', [userStep('responder', -1)]), 'BAD_USER_INPUT'],
      ['coordinator', chainInput('Too long', [userStep('responder', 700_000)]), 'BAD_USER_INPUT'],
      [
        'coordinator',
        chainInput('No user', [{ delaySeconds: 1, channels: ['IN_APP'], targets: [{ kind: 'USER' }] }]),
        'BAD_USER_INPUT',
      ],
      ['coordinator', chainInput('Reporter', [userStep('reporter', 1)]), 'BAD_USER_INPUT'],
      [
        'coordinator',
        chainInput('Role', [
          { delaySeconds: 1, channels: ['IN_APP'], targets: [{ kind: 'ROLE', role: 'REPORTER' }] },
        ]),
        'BAD_USER_INPUT',
      ],
      [
        'coordinator',
        chainInput('No channel', [
          { delaySeconds: 1, channels: [], targets: [{ kind: 'ROLE', role: 'LEADER' }] },
        ]),
        'BAD_USER_INPUT',
      ],
      [
        'coordinator',
        chainInput('Bad channel', [
          { delaySeconds: 1, channels: ['SMS'], targets: [{ kind: 'ROLE', role: 'LEADER' }] },
        ]),
        'BAD_USER_INPUT',
      ],
      [
        'coordinator',
        chainInput('Repeat', [userStep('responder', 1)], { repeatCount: 11 }),
        'BAD_USER_INPUT',
      ],
      ['coordinator', chainInput('Walk', [userStep('responder', 1)]), 'CONFLICT'], // name taken
    ];
    for (const [who, input, code] of cases) {
      const res = await gql(who, CREATE_CHAIN, { i: input });
      expect([who, (input as { name: string }).name, codeOf(res)]).toEqual([
        who,
        (input as { name: string }).name,
        code,
      ]);
    }
    expect(await api.count('escalation_chain')).toBe(before);
    expect(await api.count('audit_event')).toBe(auditBefore);

    const chain = await createChain(chainInput('Editable', [userStep('responder', 5)], { repeatCount: 2 }));
    const updated = await ok<{ updateEscalationChain: { version: number; steps: unknown[] } }>(
      'coordinator',
      UPDATE_CHAIN,
      {
        id: chain.id,
        i: chainInput('Editable', [userStep('responder', 5), userStep('leader', 0)], {
          version: chain.version,
        }),
      },
    );
    expect(updated.updateEscalationChain.steps).toHaveLength(2);
    const stale = await gql('coordinator', UPDATE_CHAIN, {
      id: chain.id,
      i: chainInput('Editable', [userStep('responder', 1)], { version: chain.version }),
    });
    expect(codeOf(stale)).toBe('CONFLICT');
    const { escalationChains } = await ok<{ escalationChains: { id: string; isDefault: boolean }[] }>(
      'coordinator',
      `{ escalationChains { id isDefault } }`,
    );
    const theDefault = escalationChains.find((c) => c.isDefault)!;
    expect(
      codeOf(
        await gql('coordinator', 'mutation($id:ID!){ deleteEscalationChain(id:$id) }', { id: theDefault.id }),
      ),
    ).toBe('CONFLICT');
    expect(codeOf(await gql('coordinator', CREATE_POLICY, { i: { chainId: chain.id } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await gql('coordinator', CREATE_POLICY, { i: { chainId: chain.id, severity: 'CRITICAL' } })),
    ).toBe('CONFLICT'); // CRITICAL already has a policy
    expect(codeOf(await gql('responder', CREATE_POLICY, { i: { chainId: chain.id, severity: 'LOW' } }))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await gql('reporter', '{ escalationChains { id } }'))).toBe('FORBIDDEN');
    expect(
      await api.count('audit_event', "action = 'escalation_chain.updated' AND entity_id = $1", [chain.id]),
    ).toBe(1);
  });

  it('reports readiness: steps reaching nobody now, on-call gaps within 7 days, people without a verified contact', async () => {
    const { escalationReadiness } = await ok<{
      escalationReadiness: {
        chains: {
          chainName: string;
          ready: boolean;
          steps: {
            position: number;
            reachesNobodyNow: boolean;
            reason: string | null;
            onCallGaps: { start: string; end: string }[];
          }[];
        }[];
        teams: {
          teamName: string;
          gaps: { start: string; end: string }[];
          membersWithoutVerifiedContact: { id: string }[];
          onCallNowWithoutVerifiedContact: { id: string }[];
        }[];
      };
    }>(
      'coordinator',
      `{ escalationReadiness { chains { chainName ready steps { position reachesNobodyNow reason onCallGaps { start end } } }
          teams { teamName gaps { start end } membersWithoutVerifiedContact { id } onCallNowWithoutVerifiedContact { id } } } }`,
    );
    const skips = escalationReadiness.chains.find((c) => c.chainName === 'Skips')!;
    expect(skips.ready).toBe(false);
    expect(skips.steps.map((s) => [s.reachesNobodyNow, s.reason])).toEqual([
      [true, 'NOBODY_TO_NOTIFY'],
      [true, 'NO_USABLE_CONTACT_METHOD'],
      [false, null],
    ]);
    expect(skips.steps[0].onCallGaps).toHaveLength(1); // the empty team: a gap over the whole horizon
    const nobody = escalationReadiness.teams.find((t) => t.teamName === 'Nobody on call')!;
    expect(nobody.gaps).toHaveLength(1);
    const demo = escalationReadiness.teams.find((t) => t.teamName !== 'Nobody on call')!;
    expect(demo.gaps).toEqual([]); // the weekly rotation covers every hour
    expect(demo.membersWithoutVerifiedContact.map((u) => u.id).sort()).toEqual(
      [user.coordinator, user.responder, user.responder2].sort(),
    );
    expect(demo.onCallNowWithoutVerifiedContact).toHaveLength(1);

    // A verified contact method takes the member off the list and makes a Telegram-only step usable.
    await api.dataSource.query(
      `INSERT INTO contact_method (user_id, channel, address, verified_at) VALUES ($1, 'TELEGRAM', '1001', now())`,
      [user.responder],
    );
    const again = await ok<{
      escalationReadiness: {
        chains: { chainName: string; steps: { reachesNobodyNow: boolean }[] }[];
        teams: { teamName: string; membersWithoutVerifiedContact: { id: string }[] }[];
      };
    }>(
      'coordinator',
      `{ escalationReadiness(days: 2) { chains { chainName steps { reachesNobodyNow } } teams { teamName membersWithoutVerifiedContact { id } } } }`,
    );
    expect(
      again.escalationReadiness.chains.find((c) => c.chainName === 'Skips')!.steps[1].reachesNobodyNow,
    ).toBe(false);
    expect(
      again.escalationReadiness.teams
        .find((t) => t.teamName !== 'Nobody on call')!
        .membersWithoutVerifiedContact.map((u) => u.id)
        .sort(),
    ).toEqual([user.coordinator, user.responder2].sort());
    expect(codeOf(await gql('coordinator', '{ escalationReadiness(days: 40) { from } }'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await gql('reporter', '{ escalationReadiness { from } }'))).toBe('FORBIDDEN');
  });

  it('warns once per clock: a pause and resume after the warning does not warn again; resolving ends an open pause', async () => {
    await setSla('MEDIUM', 0.1, 0.25); // resolve within 15 s, warning at 7.5 s
    const incident = await report('MEDIUM', huyen);
    await ok('responder', 'mutation($id:ID!){ acknowledgeIncident(id:$id){ id } }', { id: incident.id });
    const resolveWarnings = async () =>
      (await timeline(incident.id, ['SLA_WARNING'])).filter((w) => w.data.clock === 'RESOLVE');
    await until('the resolution warning', async () => (await resolveWarnings()).length === 1);
    await ok('coordinator', 'mutation($id:ID!){ pauseSlaClock(incidentId:$id, reason:"chờ đơn vị"){ id } }', {
      id: incident.id,
    });
    await sleep(1500);
    const resumed = await ok<{ resumeSlaClock: { resolveDueAt: string } }>(
      'coordinator',
      'mutation($id:ID!){ resumeSlaClock(incidentId:$id){ resolveDueAt } }',
      { id: incident.id },
    );
    expect(new Date(resumed.resumeSlaClock.resolveDueAt).getTime()).toBeGreaterThan(
      new Date(incident.resolveDueAt!).getTime() + 1000,
    );
    await until('the breach of the moved deadline', async () =>
      (await timeline(incident.id, ['SLA_BREACHED'])).some((b) => b.data.clock === 'RESOLVE'),
    );
    await sleep(1500);
    expect(await resolveWarnings()).toHaveLength(1);
    expect((await timeline(incident.id, ['SLA_BREACHED'])).map((b) => b.data.clock)).toEqual(['RESOLVE']);

    // A pause still open when the case is resolved ends with it (a reopened case starts clean).
    await ok('coordinator', 'mutation($id:ID!){ pauseSlaClock(incidentId:$id, reason:"chờ"){ id } }', {
      id: incident.id,
    });
    await ok('responder', 'mutation($id:ID!){ resolveIncident(id:$id, resolution:"xong"){ id } }', {
      id: incident.id,
    });
    await until('the automatic end of the pause', async () =>
      (await timeline(incident.id, ['SLA_RESUMED'])).some((r) => r.data.automatic === true),
    );
    expect(
      await api.count('incident_sla_pause', 'incident_id = $1 AND ended_at IS NULL', [incident.id]),
    ).toBe(0);
  });

  it('a replayed triage event does not page again; a fenced step job re-arms the current step', async () => {
    const incident = await report('LOW', huyen);
    await until('the first run', async () => (await get(incident.id)).escalation?.run === 1);
    await ok(
      'coordinator',
      `mutation($id:ID!,$i:TriageIncidentInput!){ triageIncident(id:$id, input:$i){ id } }`,
      {
        id: incident.id,
        i: { severity: 'LOW', category: 'OTHER', tlp: 'AMBER', teamId: demoTeam },
      },
    );
    await until('the restart at triage', async () => (await get(incident.id)).escalation?.run === 2);
    const engine = worker.get(EscalationEngine);
    const before = await api.count('notification', 'incident_id = $1', [incident.id]);
    await engine.sync(incident.id, 'incident.triaged'); // as a replayed outbox event would
    await engine.sync(incident.id, 'incident.reported');
    expect((await get(incident.id)).escalation?.run).toBe(2);
    expect(await api.count('notification', 'incident_id = $1', [incident.id])).toBe(before);
    const timers = await engine.fireStep(incident.id, '00000000-0000-4000-8000-000000000000');
    const [row] = await api.dataSource.query<{ step_token: string }[]>(
      'SELECT step_token FROM incident_escalation WHERE incident_id = $1',
      [incident.id],
    );
    expect(timers).toEqual([expect.objectContaining({ kind: 'step', token: row.step_token })]);
    expect(await api.count('notification', 'incident_id = $1', [incident.id])).toBe(before);
  });

  it('hides the escalation state from reporters', async () => {
    const incident = await report('LOW', huyen);
    const seen = await get(incident.id, 'reporter2');
    expect(seen.escalation).toBeNull();
  });
});
