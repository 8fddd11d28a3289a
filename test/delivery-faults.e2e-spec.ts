import { ChildProcessWithoutNullStreams } from 'node:child_process';

import {
  NOTIFICATION_REQUESTER,
  NotificationChannel,
  NotificationEvent,
  NotificationRequester,
} from '@tocsin/notifications';
import { IncidentChanges, SYSTEM } from '@tocsin/incidents';

import { SmtpPeer } from './support/peers/smtp-peer';
import { TelegramPeer } from './support/peers/telegram-peer';
import { ZaloPeer } from './support/peers/zalo-peer';
import { spawnWorker, waitFor } from './support/processes';
import { TestApi } from './support/test-app';

/**
 * Deliveries under faults, counted at the protocol peers (what people received), not in the
 * database: a worker killed with SIGKILL in the middle of a fan-out (repeatedly, at different
 * moments), an SMTP server down for longer than the old count-based retry budget, a person every
 * channel refuses, and a Zalo token that expires during a fan-out served by two workers.
 */

const BOT_TOKEN = '123456:FAULT-token-abcdefghijklmnopqrstuvwx';
const ZALO_SECRET = 'zalo-fault-secret';
const PEOPLE = 30;
const { EMAIL, TELEGRAM, ZALO } = NotificationChannel;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('Deliveries under faults (two worker processes)', () => {
  let api: TestApi;
  const smtp = new SmtpPeer();
  const telegram = new TelegramPeer(BOT_TOKEN);
  const zalo = new ZaloPeer('rt-fault-000000', ZALO_SECRET);
  let smtpPort: number;
  let env: Record<string, string>;
  const workers: ChildProcessWithoutNullStreams[] = [];
  let people: { id: string; email: string; chat: string; follower: string }[];
  let spare: { id: string; email: string; chat: string; follower: string };
  let requester: NotificationRequester;
  let reporter: string;
  let agencyId: string;

  const startWorker = async () => {
    const worker = spawnWorker(env);
    workers.push(worker);
    await waitFor(worker, /Tocsin worker started/, 240_000);
    return worker;
  };

  /** A new incident (no chain runs for LOW: no policy, no default) to hang a fan-out on. */
  const incident = async (title: string, severity = 'LOW'): Promise<{ id: string; code: string }> => {
    const res = await api.gql<{ reportIncident: { id: string; code: string } }>(
      'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id code } }',
      { i: { title, description: `${title}: fault test`, agencyId, severity } },
      { token: reporter },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  };

  const fanOut = (incidentId: string, key: string, channels = [EMAIL, TELEGRAM, ZALO]) =>
    api.app.get(IncidentChanges).run(SYSTEM, {}, incidentId, {}, (change) =>
      requester.request(change, {
        event: NotificationEvent.ESCALATION_STEP,
        eventKey: key,
        repeat: 0,
        recipients: people.map((p) => ({ userId: p.id, channels })),
      }),
    );

  /** What each person received about this incident, per channel, at the peers. */
  const received = (code: string) => {
    const mails = smtp.mails.filter((m) => m.subject.includes(code));
    const chats = telegram.sent().filter((r) => String(r.body.text).includes(code));
    const zalos = zalo.acceptedRequests.filter((r) => zalo.textOf(r).includes(code));
    return people.map((p) => ({
      email: mails.filter((m) => m.to.includes(p.email)).length,
      telegram: chats.filter((r) => r.body.chat_id === p.chat).length,
      zalo: zalos.filter((r) => zalo.userOf(r) === p.follower).length,
    }));
  };
  const pendingOf = (incidentId: string) =>
    api.count('notification', "incident_id = $1 AND state = 'PENDING'", [incidentId]);

  beforeAll(async () => {
    smtpPort = await smtp.start();
    const telegramUrl = await telegram.start();
    const zaloUrl = await zalo.start();
    const channelEnv: Record<string, string> = {
      NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
      // Generous for a loaded 2-core machine whose peers live in the test process.
      NOTIFY_SEND_TIMEOUT_MS: '4000',
      NOTIFY_CLAIM_LEASE_MS: '9000',
      NOTIFY_RETRY_BASE_MS: '100',
      NOTIFY_RETRY_MAX_DELAY_MS: '1000',
      // The horizon is shortened (from 30 minutes) for the outage test, not the outage.
      NOTIFY_EMAIL_RETRY_MINUTES: '1',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'Tocsin <tocsin@example.gov.vn>',
      SMTP_MAX_CONNECTIONS: '5',
      EMAIL_RATE_PER_SECOND: '1000',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: telegramUrl,
      TELEGRAM_WEBHOOK_SECRET: 'fault-secret-0123456789',
      TELEGRAM_RATE_PER_SECOND: '1000',
      ZALO_APP_ID: '4343',
      ZALO_APP_SECRET: ZALO_SECRET,
      ZALO_OA_SECRET_KEY: 'zalo-oa-fault-key',
      ZALO_REFRESH_TOKEN: 'rt-fault-000000',
      ZALO_API_URL: zaloUrl,
      ZALO_OAUTH_URL: zaloUrl,
      ZALO_RATE_PER_SECOND: '1000',
      ESCALATION_RECONCILE_SECONDS: '1',
    };
    api = await TestApi.start({ ...channelEnv, RATE_LIMIT_PER_MINUTE: '100000' });
    env = {
      ...channelEnv,
      DATABASE_URL: api.db.url,
      REDIS_URL: api.config.redis.url!,
      REDIS_PREFIX: api.config.redis.prefix,
      JWT_SECRET: api.config.auth.jwtSecret,
      LOG_LEVEL: 'warn',
    };
    const ds = api.dataSource;
    requester = api.app.get<NotificationRequester>(NOTIFICATION_REQUESTER);
    reporter = await api.login('reporter@tocsin.local');
    agencyId = await api.idOf('agency', 'SYT');
    await ds.query('UPDATE escalation_chain SET is_default = false');
    await ds.query(
      `INSERT INTO "user" (email, display_name, role, password_hash, locale, version)
       SELECT 'fault' || g || '@fault.test', 'Fault ' || g, 'RESPONDER', 'x', 'vi', 1
         FROM generate_series(1, $1::int) g`,
      [PEOPLE + 1],
    );
    const rows = await ds.query<{ id: string; email: string; n: number }[]>(
      `SELECT id, email, substring(email from 'fault(\\d+)')::int AS n FROM "user"
        WHERE email LIKE 'fault%@fault.test' ORDER BY 3`,
    );
    const all = rows.map((r) => ({
      id: r.id,
      email: r.email,
      chat: String(300000 + r.n),
      follower: String(400000 + r.n),
    }));
    for (const p of all) {
      await ds.query(
        `INSERT INTO contact_method (user_id, channel, address, verified_at)
         VALUES ($1, 'EMAIL', $2, now()), ($1, 'TELEGRAM', $3, now()), ($1, 'ZALO', $4, now())`,
        [p.id, p.email, p.chat, p.follower],
      );
    }
    people = all.slice(0, PEOPLE);
    spare = all[PEOPLE];
    await Promise.all([startWorker(), startWorker()]);
  }, 400_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await api?.stop();
    await smtp.stop();
    await telegram.stop();
    await zalo.stop();
  });

  it('one of two workers killed with SIGKILL mid fan-out, five times at different moments: nothing twice, nothing the dead worker held is lost, every row ends final', async () => {
    smtp.latencyMs = telegram.latencyMs = zalo.latencyMs = 400;
    // The Zalo token is obtained first: a process killed between Zalo's answer to a refresh and
    // its commit loses the single-use refresh token (Zalo's design; see docs/notifications.md).
    const warm = await incident('Warm-up');
    await fanOut(warm.id, 'warm-up', [ZALO]);
    await until('the warm-up', async () => (await pendingOf(warm.id)) === 0);
    // Kill moments spread over the fan-out (about 1.5 s at 400 ms a message), on a timer rather
    // than on what the peers saw, so they do not line up with the waves of sends.
    const kills = [150, 450, 750, 1050, 1350];
    let unknownTotal = 0;
    let arrivedExactlyOnce = 0;
    for (const [rep, after] of kills.entries()) {
      const { id, code } = await incident(`Kill ${rep}`);
      await fanOut(id, `kill-${rep}`);
      await sleep(after);
      const victim = workers.shift()!;
      victim.kill('SIGKILL');
      const replacement = startWorker();
      await until(`every row final in repetition ${rep}`, async () => (await pendingOf(id)) === 0, 90_000);
      await replacement;
      const counts = received(code);
      const rows = await api.dataSource.query<
        { recipient_id: string; channel: string; state: string; outcome_unknown: boolean }[]
      >(
        `SELECT recipient_id, channel, state, outcome_unknown FROM notification
          WHERE incident_id = $1 AND channel <> 'IN_APP'`,
        [id],
      );
      const key = { EMAIL: 'email', TELEGRAM: 'telegram', ZALO: 'zalo' } as const;
      const got = (r: (typeof rows)[number]) =>
        counts[people.findIndex((p) => p.id === r.recipient_id)][key[r.channel as keyof typeof key]];
      // Nothing twice, anywhere; everything recorded as sent arrived once; every row is final.
      expect(counts.every((c) => c.email <= 1 && c.telegram <= 1 && c.zalo <= 1)).toBe(true);
      expect(rows.filter((r) => r.state === 'SENT').every((r) => got(r) === 1)).toBe(true);
      expect(rows.every((r) => r.state === 'SENT' || r.state === 'FAILED')).toBe(true);
      // What was waiting in the killed process went back to pending and was sent by the other
      // worker: only messages whose bytes were leaving at the kill may be "outcome unknown" (a
      // few milliseconds' window per send), and each of those people was reached on another channel.
      const unknown = rows.filter((r) => r.outcome_unknown);
      unknownTotal += unknown.length;
      expect(rows.filter((r) => r.state === 'FAILED' && !r.outcome_unknown)).toEqual([]);
      for (const r of unknown) {
        const c = counts[people.findIndex((p) => p.id === r.recipient_id)];
        expect(c.email + c.telegram + c.zalo).toBeGreaterThanOrEqual(2);
      }
      arrivedExactlyOnce += counts.filter((c) => c.email === 1 && c.telegram === 1 && c.zalo === 1).length;
    }
    // Reported in the closing note: how often a kill landed in a send's window.
    console.log(
      `SIGKILL x${kills.length}: ${arrivedExactlyOnce}/${kills.length * PEOPLE} people got all three once; ${unknownTotal} unknown outcomes`,
    );
  }, 900_000);

  it('an SMTP server down for longer than the old retry budget delivers once after it returns', async () => {
    smtp.latencyMs = telegram.latencyMs = zalo.latencyMs = 0;
    const { id, code } = await incident('SMTP outage');
    await smtp.stop();
    const person = people[0];
    await api.app.get(IncidentChanges).run(SYSTEM, {}, id, {}, (change) =>
      requester.request(change, {
        event: NotificationEvent.ESCALATION_STEP,
        eventKey: 'outage',
        repeat: 0,
        recipients: [{ userId: person.id, channels: [EMAIL] }],
      }),
    );
    // Six attempts from a 100 ms base spanned 1.6–3.1 s: the outage lasts well past that.
    await sleep(8_000);
    const [during] = await api.dataSource.query<{ state: string; attempts: number }[]>(
      `SELECT state, attempts FROM notification WHERE incident_id = $1 AND channel = 'EMAIL'`,
      [id],
    );
    expect(during.state).toBe('PENDING');
    expect(during.attempts).toBeGreaterThan(6);
    await smtp.start(smtpPort);
    const back = Date.now();
    await until('the mail after the outage', () => smtp.mails.some((m) => m.subject.includes(code)), 20_000);
    // Back-off is capped at NOTIFY_RETRY_MAX_DELAY_MS (1 s here): the server is used again at once.
    expect(Date.now() - back).toBeLessThan(5_000);
    await until(
      'SENT',
      async () =>
        (await api.count('notification', "incident_id = $1 AND state = 'SENT' AND channel = 'EMAIL'", [
          id,
        ])) === 1,
    );
    await sleep(1500);
    expect(smtp.mails.filter((m) => m.subject.includes(code))).toHaveLength(1);
  }, 60_000);

  it('a person every channel refuses for good: shown as not reached, the coordinators told, the next step runs now', async () => {
    smtp.latencyMs = telegram.latencyMs = zalo.latencyMs = 0;
    const coordinator = await api.login('coordinator@tocsin.local');
    smtp.refuse.add(spare.email);
    telegram.script(spare.chat, 'permanent');
    zalo.script(spare.follower, 'window');
    const chain = await api.gql<{ createEscalationChain: { id: string } }>(
      `mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }`,
      {
        i: {
          name: 'Unreachable first',
          repeatCount: 0,
          isDefault: false,
          steps: [
            {
              delaySeconds: 600,
              channels: ['EMAIL', 'TELEGRAM', 'ZALO'],
              targets: [{ kind: 'USER', userId: spare.id }],
            },
            { delaySeconds: 600, channels: ['TELEGRAM'], targets: [{ kind: 'USER', userId: people[0].id }] },
          ],
        },
      },
      { token: coordinator },
    );
    expect(chain.errors).toBeUndefined();
    await api.gql(
      `mutation($i:EscalationPolicyInput!){ createEscalationPolicy(input:$i){ id } }`,
      { i: { chainId: chain.data!.createEscalationChain.id, severity: 'HIGH' } },
      { token: coordinator },
    );
    const { id, code } = await incident('Nobody answers', 'HIGH');
    // Step 1 is ten minutes away by its delay; it runs as soon as step 0's last channel failed.
    await until(
      'the next step',
      () => telegram.sent(people[0].chat).some((r) => String(r.body.text).includes(code)),
      30_000,
    );
    const failed = await api.dataSource.query<{ channel: string; state: string }[]>(
      `SELECT channel, state FROM notification WHERE incident_id = $1 AND recipient_id = $2 AND channel <> 'IN_APP'`,
      [id, spare.id],
    );
    expect(failed.map((f) => `${f.channel}:${f.state}`).sort()).toEqual([
      'EMAIL:FAILED',
      'TELEGRAM:FAILED',
      'ZALO:FAILED',
    ]);
    const told = await api.dataSource.query<
      { recipient: string; channel: string; payload: Record<string, unknown> }[]
    >(
      `SELECT u.email AS recipient, n.channel, n.payload FROM notification n JOIN "user" u ON u.id = n.recipient_id
        WHERE n.incident_id = $1 AND n.event = 'RECIPIENT_UNREACHED'`,
      [id],
    );
    expect(told.some((t) => t.recipient === 'coordinator@tocsin.local' && t.channel === 'IN_APP')).toBe(true);
    expect(told.every((t) => t.payload.unreachedId === spare.id)).toBe(true);
    const steps = await api.dataSource.query<{ position: number }[]>(
      `SELECT (data->>'position')::int AS position FROM incident_timeline_entry
        WHERE incident_id = $1 AND kind = 'ESCALATION_STEP' ORDER BY id`,
      [id],
    );
    expect(steps.map((s) => s.position)).toEqual([0, 1]);
    await sleep(2500); // replays of the event run nothing more
    expect(
      await api.count('incident_timeline_entry', "incident_id = $1 AND kind = 'ESCALATION_STEP'", [id]),
    ).toBe(2);
  }, 60_000);

  it('a Zalo token expiring during a fan-out served by two workers is refreshed once; a refused refresh is one request', async () => {
    smtp.latencyMs = telegram.latencyMs = zalo.latencyMs = 150;
    const refreshes = () => zalo.requests.filter((r) => r.path === '/v4/oa/access_token').length;
    const { id, code } = await incident('Zalo expiry');
    const before = refreshes();
    await fanOut(id, 'zalo-expiry', [ZALO]);
    await until('the first Zalo messages', () =>
      zalo.acceptedRequests.some((r) => zalo.textOf(r).includes(code)),
    );
    zalo.accessToken = 'at-expired-by-zalo'; // Zalo now answers -216 to the token both workers hold
    await until('every row final', async () => (await pendingOf(id)) === 0);
    expect(refreshes() - before).toBe(1);
    const arrived = zalo.acceptedRequests.filter((r) => zalo.textOf(r).includes(code));
    expect(new Set(arrived.map((r) => zalo.userOf(r))).size).toBe(PEOPLE);
    expect(arrived).toHaveLength(PEOPLE);

    // The refresh token is revoked (the OA was re-authorised elsewhere) and the token expires again.
    const second = await incident('Zalo refused');
    zalo.refreshToken = 'rt-revoked-elsewhere';
    zalo.accessToken = 'at-expired-again';
    const beforeRefused = refreshes();
    await fanOut(second.id, 'zalo-refused', [ZALO]);
    await until(
      'every Zalo row final',
      async () =>
        (await api.count('notification', "incident_id = $1 AND channel = 'ZALO' AND state = 'PENDING'", [
          second.id,
        ])) === 0,
    );
    expect(refreshes() - beforeRefused).toBe(1);
    const zaloRows = await api.dataSource.query<{ state: string; last_error: string }[]>(
      `SELECT state, last_error FROM notification WHERE incident_id = $1 AND channel = 'ZALO'`,
      [second.id],
    );
    expect(zaloRows).toHaveLength(PEOPLE);
    expect(zaloRows.every((r) => r.state === 'FAILED' && /refresh refused/.test(r.last_error))).toBe(true);
  }, 90_000);

  it('readiness: a chain that reaches people only in the app is not ready, with the reason; contactReadiness says why', async () => {
    const coordinator = await api.login('coordinator@tocsin.local');
    const created = await api.gql<{ createEscalationChain: { id: string } }>(
      `mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }`,
      {
        i: {
          name: 'In the app only',
          repeatCount: 0,
          isDefault: false,
          steps: [
            { delaySeconds: 60, channels: ['IN_APP'], targets: [{ kind: 'USER', userId: people[1].id }] },
            {
              delaySeconds: 60,
              channels: ['IN_APP', 'TELEGRAM'],
              targets: [{ kind: 'USER', userId: people[1].id }],
            },
          ],
        },
      },
      { token: coordinator },
    );
    expect(created.errors).toBeUndefined();
    const res = await api.gql<{
      escalationReadiness: {
        chains: {
          chainName: string;
          ready: boolean;
          steps: { reachesNobodyNow: boolean; reason: string | null }[];
        }[];
      };
    }>(
      '{ escalationReadiness(days: 1) { chains { chainName ready steps { reachesNobodyNow reason } } } }',
      {},
      { token: coordinator },
    );
    const chain = res.data!.escalationReadiness.chains.find((c) => c.chainName === 'In the app only')!;
    expect(chain.ready).toBe(false);
    expect(chain.steps).toEqual([
      { reachesNobodyNow: true, reason: 'ONLY_IN_APP' },
      { reachesNobodyNow: false, reason: null },
    ]);
    const [team] = await api.dataSource.query<{ id: string }[]>('SELECT id FROM team ORDER BY name LIMIT 1');
    const contacts = await api.gql<{
      contactReadiness: { ready: boolean; reason: string | null; verifiedChannels: string[] }[];
    }>(
      'query($t: ID!) { contactReadiness(teamId: $t) { ready reason verifiedChannels } }',
      { t: team.id },
      { token: coordinator },
    );
    expect(contacts.errors).toBeUndefined();
    // The demo team's on-call people have no verified contact outside the app.
    expect(contacts.data!.contactReadiness.length).toBeGreaterThan(0);
    for (const c of contacts.data!.contactReadiness)
      expect(c).toEqual({ ready: false, reason: 'NO_VERIFIED_CONTACT_METHOD', verifiedChannels: [] });
  });

  it('the delivery auditor re-dispatches a delivery left pending with no job and re-arms an escalation stopped without a reason', async () => {
    smtp.latencyMs = telegram.latencyMs = zalo.latencyMs = 0;
    const coordinator = await api.login('coordinator@tocsin.local');
    // A delivery nothing will move: pending for ten minutes, never queued (as after Redis lost it).
    const lost = await incident('Lost job');
    const [row] = await api.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification (incident_id, event, event_key, repeat, recipient_id, channel, created_at)
       VALUES ($1, 'ESCALATION_STEP', 'by-hand', 0, $2, 'TELEGRAM', now() - interval '10 minutes') RETURNING id`,
      [lost.id, people[2].id],
    );
    await until(
      'the lost delivery',
      () => telegram.sent(people[2].chat).some((r) => String(r.body.text).includes(lost.code)),
      30_000,
    );
    const [after] = await api.dataSource.query<{ state: string; dispatch: number }[]>(
      'SELECT state, dispatch FROM notification WHERE id = $1',
      [row.id],
    );
    expect(after).toEqual({ state: 'SENT', dispatch: 1 });

    // An escalation stopped by hand without a reason while its case still waits.
    const chain = await api.gql<{ createEscalationChain: { id: string } }>(
      `mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }`,
      {
        i: {
          name: 'Audited',
          repeatCount: 0,
          isDefault: false,
          steps: [
            { delaySeconds: 600, channels: ['IN_APP'], targets: [{ kind: 'USER', userId: people[3].id }] },
            { delaySeconds: 600, channels: ['TELEGRAM'], targets: [{ kind: 'USER', userId: people[3].id }] },
          ],
        },
      },
      { token: coordinator },
    );
    await api.gql(
      `mutation($i:EscalationPolicyInput!){ createEscalationPolicy(input:$i){ id } }`,
      { i: { chainId: chain.data!.createEscalationChain.id, severity: 'MEDIUM' } },
      { token: coordinator },
    );
    const stalled = await incident('Stalled chain', 'MEDIUM');
    const stepsOf = () =>
      api.count('incident_timeline_entry', "incident_id = $1 AND kind = 'ESCALATION_STEP'", [stalled.id]);
    await until('step 0', async () => (await stepsOf()) === 1);
    await api.dataSource.query(
      'UPDATE incident_escalation SET stopped_at = now(), stop_reason = NULL, next_at = NULL WHERE incident_id = $1',
      [stalled.id],
    );
    await until(
      'step 1 after the repair',
      () => telegram.sent(people[3].chat).some((r) => String(r.body.text).includes(stalled.code)),
      30_000,
    );
    expect(await stepsOf()).toBe(2);
  }, 90_000);
});
