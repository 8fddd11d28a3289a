import { ChildProcessWithoutNullStreams } from 'node:child_process';

import { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';

import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { spawnWorker, startRedisServer, waitFor } from './support/processes';
import { TestApi } from './support/test-app';

/**
 * Faults: Redis losing every timer, a worker killed mid-run, two workers at once. A private
 * redis-server, so FLUSHALL touches nothing but this suite.
 */

const REPORT = `mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id createdAt } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Escalation engine under faults', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let api: TestApi;
  const token: Record<string, string> = {};
  const user: Record<string, string> = {};
  let syt: string;

  /** Each incident's step executions and SLA events as "kind:repeat:position", in order. */
  const history = async (ids: string[]) => {
    const rows = await api.dataSource.query<
      { incident_id: string; kind: string; data: Record<string, unknown> }[]
    >(
      `SELECT incident_id, kind, data FROM incident_timeline_entry
        WHERE incident_id = ANY($1) AND kind IN ('ESCALATION_STEP', 'SLA_WARNING', 'SLA_BREACHED') ORDER BY id`,
      [ids],
    );
    return new Map(
      ids.map((id) => [
        id,
        rows
          .filter((r) => r.incident_id === id)
          .map((r) =>
            r.kind === 'ESCALATION_STEP'
              ? `step:${r.data.repeat as number}:${r.data.position as number}`
              : `${r.kind}:${r.data.clock as string}`,
          )
          .sort(),
      ]),
    );
  };
  const until = async (what: string, probe: () => Promise<boolean>, ms = 45_000) => {
    const deadline = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(200);
    }
  };
  const report = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await api.gql<{ reportIncident: { id: string } }>(
        REPORT,
        { i: { title: `Fault ${i}`, description: 'fault test', agencyId: syt, severity: 'CRITICAL' } },
        { token: token.reporter },
      );
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      ids.push(res.data.reportIncident.id);
    }
    return ids;
  };
  /** Every incident reached exactly: steps 0, 1, 2 and the acknowledgement warning and breach. */
  const EXPECTED = [
    'SLA_BREACHED:ACKNOWLEDGE',
    'SLA_WARNING:ACKNOWLEDGE',
    'step:0:0',
    'step:0:1',
    'step:0:2',
  ];
  const allDone = async (ids: string[]) =>
    [...(await history(ids)).values()].every((h) => EXPECTED.every((e) => h.includes(e)));

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await TestApi.start({ REDIS_URL: redis.url, ESCALATION_RECONCILE_SECONDS: '1' });
    for (const who of ['coordinator', 'reporter', 'responder', 'responder2']) {
      token[who] = await api.login(`${who}@tocsin.local`);
      user[who] = await api.idOf('user', `${who}@tocsin.local`);
    }
    syt = await api.idOf('agency', 'SYT');
    const chain = await api.gql<{ createEscalationChain: { id: string } }>(
      `mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }`,
      {
        i: {
          name: 'Faults',
          repeatCount: 0,
          isDefault: false,
          steps: [
            { delaySeconds: 3, channels: ['IN_APP'], targets: [{ kind: 'USER', userId: user.responder }] },
            { delaySeconds: 3, channels: ['IN_APP'], targets: [{ kind: 'USER', userId: user.responder2 }] },
            { delaySeconds: 0, channels: ['IN_APP'], targets: [{ kind: 'USER', userId: user.coordinator }] },
          ],
        },
      },
      { token: token.coordinator },
    );
    await api.gql(
      `mutation($i:EscalationPolicyInput!){ createEscalationPolicy(input:$i){ id } }`,
      { i: { chainId: chain.data!.createEscalationChain.id, severity: 'CRITICAL' } },
      { token: token.coordinator },
    );
    const [policy] = await api.dataSource.query<{ version: number }[]>(
      "SELECT version FROM sla_policy WHERE severity = 'CRITICAL'",
    );
    await api.gql(
      `mutation($i:SlaPolicyInput!){ updateSlaPolicy(severity:CRITICAL, input:$i){ id } }`,
      {
        i: {
          ackMinutes: 0.12,
          resolveMinutes: 30,
          warnPercent: 50,
          workingHoursOnly: false,
          version: policy.version,
        },
      },
      { token: token.coordinator },
    );
  });
  afterAll(async () => {
    await api.stop();
    redis.stop();
  });

  it('FLUSHALL while timers are pending, and a worker down past its deadlines: everything fires, nothing twice', async () => {
    const startWorker = async () => {
      const app = await createWorkerApp(api.config);
      await app.init();
      return app;
    };
    let worker: INestApplicationContext = await startWorker();
    const ids = await report(6);
    await until('step 0 everywhere', async () =>
      [...(await history(ids)).values()].every((h) => h.includes('step:0:0')),
    );
    // Redis loses every delayed job (and the relay's and scheduler's keys) while they are pending.
    const client = new Redis(redis.url);
    await client.flushall();
    await until('all deadlines after FLUSHALL', () => allDone(ids));

    // Now the worker is down while deadlines pass, and Redis is emptied again before it returns.
    const more = await report(4);
    await until('step 0 for the second batch', async () =>
      [...(await history(more)).values()].every((h) => h.includes('step:0:0')),
    );
    await worker.close();
    await sleep(8000); // steps 1, 2 and both SLA moments pass with no worker
    expect([...(await history(more)).values()].every((h) => h.length === 1)).toBe(true);
    await client.flushall();
    const restarted = Date.now();
    worker = await startWorker();
    await until('overdue deadlines at once on recovery', () => allDone(more), 10_000);
    expect(Date.now() - restarted).toBeLessThan(10_000);
    await sleep(2500); // further reconciler passes must not fire anything again
    for (const [, h] of await history([...ids, ...more])) expect(h).toEqual(EXPECTED);
    const dup = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM notification WHERE incident_id = ANY($1)
         GROUP BY incident_id, event_key, repeat, recipient_id, channel HAVING count(*) > 1) d`,
      [[...ids, ...more]],
    );
    expect(dup[0].n).toBe(0);
    client.disconnect();
    await worker.close();
  });

  it('two worker processes, one killed with SIGKILL mid-run: nothing lost, nothing twice', async () => {
    const env = {
      DATABASE_URL: api.db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: api.config.redis.prefix,
      ESCALATION_RECONCILE_SECONDS: '1',
      LOG_LEVEL: 'info',
    };
    const workers: ChildProcessWithoutNullStreams[] = [spawnWorker(env), spawnWorker(env)];
    try {
      await Promise.all(workers.map((w) => waitFor(w, /Tocsin worker started/, 60_000)));
      const ids = await report(12);
      await sleep(2000); // both workers are busy with the chains
      workers[0].kill('SIGKILL');
      await until('every deadline with one worker left', () => allDone(ids), 60_000);
      await sleep(2500);
      for (const [, h] of await history(ids)) expect(h).toEqual(EXPECTED);
      const audit = await api.count(
        'audit_event',
        "entity_id = ANY($1) AND action IN ('incident.escalation_step', 'incident.sla_warning', 'incident.sla_breached')",
        [ids],
      );
      expect(audit).toBe(ids.length * EXPECTED.length);
    } finally {
      for (const w of workers) w.kill('SIGKILL');
    }
  });
});
