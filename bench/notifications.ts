import 'reflect-metadata';

import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

import {
  NOTIFICATION_REQUESTER,
  NotificationChannel,
  NotificationEvent,
  NotificationRequester,
} from '@tocsin/notifications';
import { IncidentChanges, SYSTEM } from '@tocsin/incidents';

import { SmtpPeer } from '../test/support/peers/smtp-peer';
import { TelegramPeer } from '../test/support/peers/telegram-peer';
import { ZaloPeer } from '../test/support/peers/zalo-peer';
import { TestApi } from '../test/support/test-app';

type Print = (bench: string, metric: string, value: number, unit: string) => void;

const RECIPIENTS = Number(process.env.BENCH_NOTIFY_RECIPIENTS ?? 500);
const INCIDENTS = Number(process.env.BENCH_NOTIFY_INCIDENTS ?? 200);
const PEER_LATENCY_MS = 20;
const BOT_TOKEN = '123456:BENCH-token-abcdefghijklmnopqrstuvwx';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Runs a command; its errors (say, someone else's half-done file) do not stop the emit. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve) => spawn(command, args, { stdio: 'ignore' }).on('exit', () => resolve()));
}

/** Resident memory of a process in MiB, from /proc (VmRSS now, VmHWM its peak since start). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Fan-out against local protocol peers that answer in 20 ms: one escalation to RECIPIENTS people
 * on email, Telegram and Zalo, delivered by a worker in its own process (so its memory is its
 * own); then the latency from `reportIncident` returning to the first provider request for that
 * incident, through the escalation engine. The provider rate limits are raised above Telegram's
 * and Zalo's published ones for this figure: it measures Tocsin, not the providers' quotas.
 */
export async function benchNotifications(print: Print): Promise<void> {
  const smtp = new SmtpPeer();
  const telegram = new TelegramPeer(BOT_TOKEN);
  const zalo = new ZaloPeer('rt-bench-000000', 'zalo-bench-secret');
  smtp.latencyMs = PEER_LATENCY_MS;
  telegram.latencyMs = PEER_LATENCY_MS;
  zalo.latencyMs = PEER_LATENCY_MS;
  const env: Record<string, string> = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_MINUTE: '10000000',
    DATABASE_POOL_SIZE: '20',
    NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
    NOTIFY_CONCURRENCY: '50',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(await smtp.start()),
    SMTP_FROM: 'Tocsin <tocsin@example.gov.vn>',
    SMTP_MAX_CONNECTIONS: '20',
    EMAIL_RATE_PER_SECOND: '5000',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_URL: await telegram.start(),
    TELEGRAM_WEBHOOK_SECRET: 'bench-secret-0123456789',
    TELEGRAM_RATE_PER_SECOND: '5000',
    ZALO_APP_ID: '4242',
    ZALO_APP_SECRET: 'zalo-bench-secret',
    ZALO_OA_SECRET_KEY: 'zalo-oa-bench-key',
    ZALO_REFRESH_TOKEN: 'rt-bench-000000',
    ZALO_RATE_PER_SECOND: '5000',
  };
  const zaloUrl = await zalo.start();
  env.ZALO_API_URL = zaloUrl;
  env.ZALO_OAUTH_URL = zaloUrl;
  const api = await TestApi.start(env);
  let worker: ChildProcess | undefined;
  const extra: ChildProcess[] = [];
  try {
    const ds = api.dataSource;
    await ds.query('UPDATE escalation_chain SET is_default = false');
    await ds.query(
      `INSERT INTO "user" (email, display_name, role, password_hash, locale, version)
       SELECT 'bench' || g || '@bench.test', 'Bench ' || g, 'RESPONDER', 'x', CASE WHEN g % 2 = 0 THEN 'vi' ELSE 'en' END, 1
         FROM generate_series(1, $1::int) g`,
      [RECIPIENTS],
    );
    await ds.query(
      `INSERT INTO contact_method (user_id, channel, address, verified_at)
       SELECT u.id, c.channel::notification_channel,
              CASE c.channel WHEN 'EMAIL' THEN u.email
                             WHEN 'TELEGRAM' THEN (100000 + substring(u.email from 'bench(\\d+)')::int)::text
                             ELSE (200000 + substring(u.email from 'bench(\\d+)')::int)::text END,
              now()
         FROM "user" u CROSS JOIN (VALUES ('EMAIL'), ('TELEGRAM'), ('ZALO')) c(channel)
        WHERE u.email LIKE 'bench%@bench.test'`,
    );
    const users = await ds.query<{ id: string }[]>(
      `SELECT id FROM "user" WHERE email LIKE 'bench%@bench.test'`,
    );

    // The worker in its own process, compiled as `npm run build` compiles it (ts-node would add the
    // TypeScript compiler's memory to the figure), into a scratch directory under .data/.
    const out = '.data/bench-build';
    await run('npx', [
      'tsc',
      '-p',
      'tsconfig.build.json',
      '--outDir',
      out,
      '--tsBuildInfoFile',
      `${out}/.tsbuildinfo`,
    ]);
    await run('npx', ['tsc-alias', '-p', 'tsconfig.build.json', '--outDir', out]);
    const workerEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: api.db.url,
      REDIS_URL: api.config.redis.url!,
      REDIS_PREFIX: api.config.redis.prefix,
      ...env,
    };
    worker = spawn(process.execPath, [`${out}/apps/worker/src/main.js`], {
      cwd: process.cwd(),
      env: workerEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until('the worker', () => output.includes('Tocsin worker started'), 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}: ${output.slice(-2000)}`);
      },
    );
    const pid = worker.pid!;
    const idle = memoryOf(pid);

    // 1. Fan-out: one escalation step to every bench user on three channels, one worker then two.
    const token = await api.login('coordinator@tocsin.local');
    const agencyId = await api.idOf('agency', 'STTTT');
    const requester = api.app.get<NotificationRequester>(NOTIFICATION_REQUESTER);
    const expected = users.length * 3;
    /** One escalation step to every bench user on three channels, delivered by `pids`. */
    const fanOut = async (label: string, pids: number[]) => {
      const baseline = {
        mails: smtp.mails.length,
        tg: telegram.sent().length,
        zalo: zalo.acceptedRequests.length,
      };
      const incident = await api.gql<{ reportIncident: { id: string } }>(
        'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }',
        {
          i: {
            title: `Bench fan-out ${label}`,
            description: 'Fan-out benchmark',
            agencyId,
            severity: 'CRITICAL',
          },
        },
        { token },
      );
      const id = incident.data!.reportIncident.id;
      let peak = Math.max(...pids.map((p) => memoryOf(p).rss));
      const sampler = setInterval(() => (peak = Math.max(peak, ...pids.map((p) => memoryOf(p).rss))), 20);
      const started = Date.now();
      await api.app.get(IncidentChanges).run(SYSTEM, {}, id, {}, (change) =>
        requester.request(change, {
          event: NotificationEvent.ESCALATION_STEP,
          eventKey: `bench-step-${label}`,
          repeat: 0,
          recipients: users.map((u) => ({
            userId: u.id,
            channels: [NotificationChannel.EMAIL, NotificationChannel.TELEGRAM, NotificationChannel.ZALO],
          })),
        }),
      );
      const mails = () => smtp.mails.slice(baseline.mails);
      const chats = () => telegram.sent().slice(baseline.tg);
      const zalos = () => zalo.acceptedRequests.slice(baseline.zalo);
      const delivered = () => mails().length + chats().length + zalos().length;
      await until(`${expected} deliveries`, () => delivered() >= expected, 120_000);
      const last = Math.max(
        ...mails().map((m) => m.at),
        ...chats().map((r) => r.at),
        ...zalos().map((r) => r.at),
      );
      await until(
        'the rows to be recorded',
        async () =>
          (await api.count('notification', "incident_id = $1 AND channel <> 'IN_APP' AND state = 'SENT'", [
            id,
          ])) === expected,
        60_000,
      );
      const recorded = Date.now();
      clearInterval(sampler);
      const seconds = (last + PEER_LATENCY_MS - started) / 1000;
      const m = (name: string) => `fanout_${label}_${name}`;
      print('notifications', m('deliveries'), expected, 'messages');
      print('notifications', m('deliveries_per_second'), expected / seconds, 'msg/s');
      print('notifications', m('time_to_last_delivery'), seconds * 1000, 'ms');
      print('notifications', m('time_to_all_recorded'), recorded - started, 'ms');
      for (const [channel, times] of [
        ['email', mails().map((x) => x.at)],
        ['telegram', chats().map((r) => r.at)],
        ['zalo', zalos().map((r) => r.at)],
      ] as const) {
        print('notifications', m(`${channel}_last_delivery`), Math.max(...times) - started, 'ms');
      }
      print('notifications', m('duplicates'), delivered() - expected, 'messages');
      print('notifications', m('worker_rss_peak'), peak, 'MiB');
    };
    print('notifications', 'worker_rss_idle', idle.rss, 'MiB');
    await fanOut('one_worker', [pid]);

    // The same fan-out with a second worker process on the same queues.
    const second = spawn(process.execPath, [`${out}/apps/worker/src/main.js`], {
      cwd: process.cwd(),
      env: workerEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    extra.push(second);
    let secondOutput = '';
    second.stdout.on('data', (d: Buffer) => (secondOutput += d.toString()));
    second.stderr.on('data', (d: Buffer) => (secondOutput += d.toString()));
    await until('the second worker', () => secondOutput.includes('Tocsin worker started'), 60_000);
    await fanOut('two_workers', [pid, second.pid!]);

    // 2. reportIncident → first provider request, through the escalation engine (step 0 at report).
    const [chain] = await ds.query<{ id: string }[]>(
      `INSERT INTO escalation_chain (name, description, repeat_count, is_default, version)
       VALUES ('Bench', 'bench', 0, false, 1) RETURNING id`,
    );
    await ds.query(
      `INSERT INTO escalation_step (chain_id, position, delay_seconds, targets, channels)
       VALUES ($1, 0, 3600, $2::jsonb, '{ZALO}'::notification_channel[])`,
      [chain.id, JSON.stringify([{ kind: 'USER', userId: users[0].id }])],
    );
    await ds.query(`INSERT INTO escalation_policy (chain_id, category) VALUES ($1, 'malicious-code')`, [
      chain.id,
    ]);
    const returnedAt = new Map<string, number>();
    for (let i = 0; i < INCIDENTS; i++) {
      const res = await api.gql<{ reportIncident: { code: string } }>(
        'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { code } }',
        { i: { title: `Bench latency ${i}`, description: 'latency', agencyId, category: 'MALICIOUS_CODE' } },
        { token },
      );
      returnedAt.set(res.data!.reportIncident.code, Date.now());
    }
    const firstAt = new Map<string, number>();
    await until(
      'a message for every incident',
      () => {
        for (const r of zalo.acceptedRequests) {
          const code = /INC-\d{4}-\d{6}/.exec(zalo.textOf(r))?.[0];
          if (code && returnedAt.has(code) && !firstAt.has(code)) firstAt.set(code, r.at);
        }
        return firstAt.size >= INCIDENTS;
      },
      60_000,
    );
    const latencies = [...returnedAt].map(([code, at]) => (firstAt.get(code) ?? at) - at);
    print('notifications', 'first_notification_latency_p50', percentile(latencies, 50), 'ms');
    print('notifications', 'first_notification_latency_p99', percentile(latencies, 99), 'ms');
  } finally {
    for (const w of extra) w.kill('SIGKILL');
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await api.stop();
    await Promise.all([smtp.stop(), telegram.stop(), zalo.stop()]);
  }
}

if (require.main === module) {
  const print: Print = (bench, metric, value, unit) =>
    console.log(JSON.stringify({ bench, metric, value: Math.round(value * 100) / 100, unit }));
  benchNotifications(print).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
