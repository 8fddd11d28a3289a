import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';

import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { freePort, startRedisServer, waitFor } from './support/processes';
import { TestApi } from './support/test-app';

/**
 * Redis failover through Sentinel, for real: Debian's redis-server as primary and replica and three
 * redis-sentinel processes on loopback ports. The primary is killed with SIGKILL while escalation
 * chains run; the Sentinels promote the replica, every client (api, worker, BullMQ, pub/sub, rate
 * limits) follows them to it, and every deadline still fires exactly once.
 */

const REPORT = `mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id } }`;
const MASTER = 'tocsin-test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Node {
  port: number;
  process: ChildProcessWithoutNullStreams;
}

describe('Redis Sentinel failover during escalations', () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'tocsin-sentinel-'));
  const nodes: Node[] = [];
  let primary: Node;
  let replica: Node;
  let api: TestApi;
  const token: Record<string, string> = {};
  const user: Record<string, string> = {};
  let syt: string;

  const redisServer = async (extra: string[]): Promise<Node> => {
    const server = await startRedisServer(extra);
    const node = { port: Number(new URL(server.url).port), process: server.process };
    nodes.push(node);
    return node;
  };
  const sentinel = async (monitored: number): Promise<Node> => {
    const port = await freePort();
    const conf = path.join(dir, `sentinel-${port}.conf`);
    fs.writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${MASTER} 127.0.0.1 ${monitored} 2`,
        `sentinel down-after-milliseconds ${MASTER} 1000`,
        `sentinel failover-timeout ${MASTER} 5000`,
        `sentinel parallel-syncs ${MASTER} 1`,
        '',
      ].join('\n'),
    );
    const child = spawn('redis-sentinel', [conf]);
    await waitFor(child, /\+monitor master/);
    const node = { port, process: child };
    nodes.push(node);
    return node;
  };

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
  const EXPECTED = [
    'SLA_BREACHED:ACKNOWLEDGE',
    'SLA_WARNING:ACKNOWLEDGE',
    'step:0:0',
    'step:0:1',
    'step:0:2',
  ];
  const allDone = async (ids: string[]) =>
    [...(await history(ids)).values()].every((h) => EXPECTED.every((e) => h.includes(e)));
  const until = async (what: string, probe: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(250);
    }
  };

  beforeAll(async () => {
    primary = await redisServer([]);
    replica = await redisServer(['--replicaof', '127.0.0.1', String(primary.port)]);
    await waitFor(replica.process, /MASTER <-> REPLICA sync: Finished with success/);
    const sentinels = [
      await sentinel(primary.port),
      await sentinel(primary.port),
      await sentinel(primary.port),
    ];
    api = await TestApi.start({
      REDIS_URL: '',
      REDIS_SENTINELS: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      REDIS_SENTINEL_NAME: MASTER,
      ESCALATION_RECONCILE_SECONDS: '1',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    for (const who of ['coordinator', 'reporter', 'responder', 'responder2']) {
      token[who] = await api.login(`${who}@tocsin.local`);
      user[who] = await api.idOf('user', `${who}@tocsin.local`);
    }
    syt = await api.idOf('agency', 'SYT');
    const chain = await api.gql<{ createEscalationChain: { id: string } }>(
      `mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }`,
      {
        i: {
          name: 'Failover',
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
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    for (const node of nodes) node.process.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 the primary mid-run: the replica is promoted, every deadline fires once, every page is sent once', async () => {
    const worker: INestApplicationContext = await createWorkerApp(api.config);
    await worker.init();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await api.gql<{ reportIncident: { id: string } }>(
          REPORT,
          {
            i: { title: `Failover ${i}`, description: 'failover test', agencyId: syt, severity: 'CRITICAL' },
          },
          { token: token.reporter },
        );
        if (!res.data) throw new Error(JSON.stringify(res.errors));
        ids.push(res.data.reportIncident.id);
      }
      await until('step 0 everywhere', async () =>
        [...(await history(ids)).values()].every((h) => h.includes('step:0:0')),
      );
      // Timers for steps 1 and 2 and both SLA moments are pending in Redis when the primary dies.
      primary.process.kill('SIGKILL');
      const sentinelClient = new Redis({ port: nodes.at(-1)!.port, host: '127.0.0.1' });
      try {
        await until(
          'the Sentinels to promote the replica',
          async () => {
            const [, port] = (await sentinelClient.call(
              'SENTINEL',
              'get-master-addr-by-name',
              MASTER,
            )) as string[];
            return Number(port) === replica.port;
          },
          30_000,
        );
      } finally {
        sentinelClient.disconnect();
      }
      await until('every deadline after the failover', () => allDone(ids), 90_000);
      await sleep(3000); // later reconciler passes must fire nothing again
      for (const [, h] of await history(ids)) expect(h).toEqual(EXPECTED);
      const audit = await api.count(
        'audit_event',
        "entity_id = ANY($1) AND action IN ('incident.escalation_step', 'incident.sla_warning', 'incident.sla_breached')",
        [ids],
      );
      expect(audit).toBe(ids.length * EXPECTED.length);
      // One page per step and target (three steps of one person each), and the SLA warning and
      // breach notices (one event each): none missing, none twice.
      const pages = await api.dataSource.query<{ incident_id: string; steps: number; sla_events: number }[]>(
        `SELECT incident_id,
                count(*) FILTER (WHERE event_key LIKE 'run-%')::int AS steps,
                count(DISTINCT event_key) FILTER (WHERE event_key LIKE 'acknowledge-%')::int AS sla_events
           FROM notification WHERE incident_id = ANY($1) GROUP BY incident_id ORDER BY incident_id`,
        [ids],
      );
      expect(pages.map((p) => [p.steps, p.sla_events])).toEqual(ids.map(() => [3, 2]));
      const dup = await api.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM notification WHERE incident_id = ANY($1)
           GROUP BY incident_id, event_key, repeat, recipient_id, channel HAVING count(*) > 1) d`,
        [ids],
      );
      expect(dup[0].n).toBe(0);

      // The api's own Redis uses (rate limits, sign-in counters, readiness) followed too.
      const ready = await api.http.get('/readyz');
      expect(ready.status).toBe(200);
      const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token: token.coordinator });
      expect(me.data?.me.id).toBe(user.coordinator);
    } finally {
      await worker.close();
    }
  }, 240_000);
});
