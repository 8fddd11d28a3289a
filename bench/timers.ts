import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';

import { Clock } from '@tocsin/core';

import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { EscalationReconciler } from '../apps/worker/src/escalation-reconciler';
import { EscalationTimers } from '../apps/worker/src/escalation-timers.service';
import { startRedisServer } from '../test/support/processes';
import { TestApi } from '../test/support/test-app';

type Print = (bench: string, metric: string, value: number, unit: string) => void;

const TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
const WINDOW_MS = 10_000;
const LEAD_MS = 4_000; // time to arm them all before the first is due

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

interface Firing {
  lateness: number[];
  fired: Map<string, number>;
}

/**
 * Arms `TIMERS` timers due evenly within a 10 s window, each armed twice (as a handler and the
 * reconciler both would), and records when each fires. `arm` is either raw BullMQ or Tocsin's
 * EscalationTimers (deterministic ids, the same job options as production).
 */
async function measure(
  redisUrl: string,
  prefix: string,
  arm: (timers: { id: string; at: Date }[]) => Promise<void>,
  queueName: string,
  concurrency: number,
): Promise<Firing & { lost: number; duplicated: number }> {
  const fired = new Map<string, number>();
  const lateness: number[] = [];
  const worker = new Worker(
    queueName,
    async (job: Job<{ incidentId: string; at: number }>) => {
      lateness.push(Date.now() - job.data.at);
      fired.set(job.data.incidentId, (fired.get(job.data.incidentId) ?? 0) + 1);
    },
    { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix, concurrency },
  );
  const start = Date.now() + LEAD_MS;
  const timers = Array.from({ length: TIMERS }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    at: new Date(start + Math.floor((i * WINDOW_MS) / TIMERS)),
  }));
  for (let i = 0; i < timers.length; i += 1000) await arm(timers.slice(i, i + 1000));
  for (let i = 0; i < timers.length; i += 1000) await arm(timers.slice(i, i + 1000)); // again: must not duplicate
  const deadline = start + WINDOW_MS + 15_000;
  while (fired.size < TIMERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 1000));
  await worker.close();
  return {
    fired,
    lateness,
    lost: TIMERS - fired.size,
    duplicated: [...fired.values()].filter((n) => n > 1).length,
  };
}

function report(print: Print, name: string, result: Firing & { lost: number; duplicated: number }): void {
  print('timers', `${name}_lateness_p50`, percentile(result.lateness, 50), 'ms');
  print('timers', `${name}_lateness_p99`, percentile(result.lateness, 99), 'ms');
  print('timers', `${name}_lateness_max`, Math.max(...result.lateness), 'ms');
  print('timers', `${name}_lost`, result.lost, 'timers');
  print('timers', `${name}_duplicated`, result.duplicated, 'timers');
}

/**
 * Timer precision: raw BullMQ delayed jobs as the baseline, then the same load through Tocsin's
 * timer arming (deterministic ids, armed twice); then the reconciler re-arming every timer of
 * TIMERS open incidents after a FLUSHALL. A private redis-server, so FLUSHALL harms nothing else.
 */
export async function benchTimers(print: Print): Promise<void> {
  const redis = await startRedisServer(['--maxmemory-policy', 'noeviction']);
  try {
    // 1. Raw BullMQ.
    const rawQueue = new Queue('raw', { connection: { url: redis.url }, prefix: 'bench' });
    const raw = await measure(
      redis.url,
      'bench',
      async (timers) => {
        await rawQueue.addBulk(
          timers.map((t) => ({
            name: 'raw',
            data: { incidentId: t.id, at: t.at.getTime() },
            opts: { jobId: `raw-${t.id}`, delay: t.at.getTime() - Date.now(), removeOnComplete: true },
          })),
        );
      },
      'raw',
      50,
    );
    await rawQueue.close();
    report(print, 'raw_bullmq', raw);

    // 2. Tocsin's arming (EscalationTimers: deterministic ids, production job options), each timer
    //    armed twice; a plain consumer records the firings, so this measures the timers, not the
    //    engine's transactions (those are measured by the fault and e2e tests for correctness).
    const api = await TestApi.start({
      REDIS_URL: redis.url,
      ESCALATION_RECONCILE_SECONDS: '3600',
      DATABASE_POOL_SIZE: '20',
    });
    try {
      const prefix = `${api.config.redis.prefix}:bull`;
      const queue = new Queue('escalation', { connection: { url: redis.url }, prefix });
      const timersService = new EscalationTimers(queue, new Clock());
      const ours = await measure(
        redis.url,
        prefix,
        (timers) =>
          timersService.arm(timers.map((t) => ({ kind: 'sla' as const, incidentId: t.id, at: t.at }))),
        'escalation',
        50,
      );
      await queue.close();
      report(print, 'tocsin', ours);

      // 3. Reconciler after FLUSHALL: TIMERS open incidents, each needing an SLA timer.
      const [agency] = await api.dataSource.query<{ id: string }[]>('SELECT id FROM agency LIMIT 1');
      await api.dataSource.query(
        `INSERT INTO incident (code, title, description, category, severity, status, agency_id, acknowledged_at,
                               ack_due_at, resolve_due_at, search_text, version)
         SELECT 'BENCH-' || g, 'bench', 'bench', 'other', 'LOW', 'IN_PROGRESS', $1, now(), now() + interval '1 hour',
                now() + interval '2 days', '', 1
           FROM generate_series(1, $2) g`,
        [agency.id, TIMERS],
      );
      const client = new Redis(redis.url);
      await client.flushall();
      const worker = await createWorkerApp(api.config);
      await worker.init();
      try {
        const reconciler = worker.get(EscalationReconciler);
        await new Promise((r) => setTimeout(r, 3000)); // let the start-up pass finish first
        const runs: number[] = [];
        let armed = 0;
        for (let i = 0; i < 3; i++) {
          await client.flushall();
          const started = performance.now();
          armed = await reconciler.reconcile();
          runs.push(performance.now() - started);
        }
        const delayed = await new Queue('escalation', {
          connection: { url: redis.url },
          prefix: `${api.config.redis.prefix}:bull`,
        }).getDelayedCount();
        print('timers', 'reconcile_after_flushall_timers_armed', armed, 'timers');
        print('timers', 'reconcile_after_flushall_delayed_jobs_in_redis', delayed, 'jobs');
        print('timers', 'reconcile_after_flushall_ms_median', percentile(runs, 50), 'ms');
      } finally {
        client.disconnect();
        await worker.close();
      }
      await benchEngine(print, api);
    } finally {
      await api.stop();
    }
  } finally {
    redis.stop();
  }
}

/**
 * The whole path: ENGINE_TIMERS open incidents whose resolution deadlines fall within a 10 s
 * window, a real worker (reconciler, BullMQ, the engine's locked transactions, audit chain,
 * notification requests). Lateness = when the breach was recorded minus its deadline.
 */
async function benchEngine(print: Print, api: TestApi): Promise<void> {
  const count = Number(process.env.BENCH_ENGINE_TIMERS ?? 1000);
  await api.dataSource.query("UPDATE incident SET status = 'CLOSED' WHERE code LIKE 'BENCH-%'");
  const [agency] = await api.dataSource.query<{ id: string }[]>('SELECT id FROM agency LIMIT 1');
  const start = Date.now() + 8000;
  await api.dataSource.query(
    `INSERT INTO incident (code, title, description, category, severity, status, agency_id, acknowledged_at,
                           ack_due_at, resolve_due_at, search_text, version)
     SELECT 'ENGINE-' || g, 'bench', 'bench', 'other', 'HIGH', 'IN_PROGRESS', $1, now(), now(),
            to_timestamp(($3::bigint + (g * $4::bigint) / $2) / 1000.0), '', 1
       FROM generate_series(0, $2 - 1) g`,
    [agency.id, count, start, WINDOW_MS],
  );
  const worker = await createWorkerApp(api.config);
  await worker.init();
  try {
    const deadline = start + WINDOW_MS + 60_000;
    let fired = 0;
    while (Date.now() < deadline) {
      const [row] = await api.dataSource.query<{ n: number }[]>(
        `SELECT count(DISTINCT e.incident_id)::int AS n FROM incident_sla_event e JOIN incident i ON i.id = e.incident_id
          WHERE i.code LIKE 'ENGINE-%' AND e.kind = 'BREACH'`,
      );
      fired = row.n;
      if (fired >= count) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const rows = await api.dataSource.query<{ late: number; n: number }[]>(
      `SELECT extract(epoch FROM (e.fired_at - e.scheduled_at)) * 1000 AS late,
              count(*) OVER (PARTITION BY e.incident_id) AS n
         FROM incident_sla_event e JOIN incident i ON i.id = e.incident_id
        WHERE i.code LIKE 'ENGINE-%' AND e.kind = 'BREACH'`,
    );
    const lateness = rows.map((r) => Number(r.late));
    print('timers', 'engine_breaches', count, 'incidents');
    print('timers', 'engine_breach_lateness_p50', percentile(lateness, 50), 'ms');
    print('timers', 'engine_breach_lateness_p99', percentile(lateness, 99), 'ms');
    print('timers', 'engine_breach_lateness_max', Math.max(...lateness), 'ms');
    print('timers', 'engine_breaches_lost', count - fired, 'incidents');
    print('timers', 'engine_breaches_duplicated', rows.filter((r) => Number(r.n) > 1).length, 'incidents');
  } finally {
    await worker.close();
  }
}
