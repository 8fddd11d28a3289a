import { INestApplicationContext } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';

import { JobName, loadConfig, QueueName } from '@tocsin/core';

import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { createDataSource } from '../migrations/data-source';
import { seedDemoData } from '../scripts/demo-data';
import {
  createTestDatabase,
  dropRedisPrefix,
  TEST_REDIS_URL,
  TestDatabase,
  uniqueName,
} from './support/test-env';
import { spawnWorker, startRedisServer, waitFor } from './support/processes';

describe('worker', () => {
  let db: TestDatabase;
  const prefix = uniqueName('w');

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = createDataSource(db.url, 'tocsin-test', false);
    await ds.initialize();
    await seedDemoData(ds, 'Worker-password-1');
    await ds.destroy();
  });
  afterAll(async () => {
    await db.drop();
    await dropRedisPrefix(prefix);
  });

  it('runs jobs from BullMQ: prunes ended sessions', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
    });
    const app: INestApplicationContext = await createWorkerApp(config);
    await app.init();
    const ds = createDataSource(db.url, 'tocsin-test', false);
    await ds.initialize();
    try {
      const [{ id: userId }] = await ds.query<{ id: string }[]>(
        `SELECT id FROM "user" WHERE email = 'responder@tocsin.local'`,
      );
      await ds.query(
        `INSERT INTO auth_session (user_id, refresh_token_hash, expires_at, last_used_at)
         VALUES ($1, repeat('a', 64), now() - interval '3 days', now()), ($1, repeat('b', 64), now() + interval '3 days', now())`,
        [userId],
      );
      const connection = { url: TEST_REDIS_URL };
      const queue = new Queue(QueueName.Maintenance, { connection, prefix: `${prefix}:bull` });
      const events = new QueueEvents(QueueName.Maintenance, { connection, prefix: `${prefix}:bull` });
      await events.waitUntilReady();
      const job = await queue.add(JobName.PruneSessions, {});
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result).toEqual({ pruned: 1 });
      const [{ n }] = await ds.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1',
        [userId],
      );
      expect(n).toBe(1);
      // The hourly prune and the overdue-task scan are scheduled, once, however many workers start.
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual([
        'mark-overdue-tasks-every-minute',
        'prune-sessions-hourly',
      ]);
      await queue.close();
      await events.close();
    } finally {
      await ds.destroy();
      await app.close();
    }
  });

  it('warns loudly when Redis may evict keys, and stops cleanly on SIGTERM', async () => {
    const redis = await startRedisServer(['--maxmemory-policy', 'allkeys-lru']);
    try {
      const worker = spawnWorker({
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'info',
      });
      const exited = new Promise<number | null>((r) => worker.on('exit', (code) => r(code)));
      let output: string;
      try {
        // pino writes asynchronously: wait for the warning as well as the start line.
        output = await waitFor(
          worker,
          (seen) => seen.includes('Tocsin worker started') && /"level":40.*maxmemory-policy/.test(seen),
          40_000,
        );
      } catch (error) {
        worker.kill('SIGKILL');
        throw error;
      }
      const warning = output.split('\n').find((l) => l.startsWith('{') && l.includes('maxmemory-policy'));
      expect(JSON.parse(warning!)).toMatchObject({ level: 40 });
      expect(warning).toMatch(/allkeys-lru/);
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      redis.stop();
    }
  });
});
