import 'reflect-metadata';

import autocannon from 'autocannon';

import { DEMO_PASSWORD, TestApi } from '../test/support/test-app';
import { benchIncidents, benchReport } from './incidents';
import { benchAuditChain } from './audit-chain';
import { benchAuditCheckpoint } from './audit-checkpoint';
import { benchNotifications } from './notifications';
import { benchTimers } from './timers';
import { benchWeb } from './web';

/**
 * `npm run bench`: figures printed one JSON line each, {"bench","metric","value","unit"}.
 * Each load figure is the median of several runs; the bare /healthz route is measured in the
 * same run as a baseline, so the GraphQL figure can be read as a ratio on a noisy machine.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function print(bench: string, metric: string, value: number, unit: string): void {
  console.log(JSON.stringify({ bench, metric, value: Math.round(value * 100) / 100, unit }));
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function load(url: string, options: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({ url, connections: 10, duration: SECONDS, ...options });
}

/** The HTTP baseline, GraphQL `me` and sign-in latency. */
async function benchHttp(): Promise<void> {
  // High limits so the benchmark measures the server, not the rate limiter.
  const api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '10000000', LOGIN_IP_MAX_FAILURES: '10000' });
  try {
    const address = api.app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const token = await api.login('responder@tocsin.local');

    const health: number[] = [];
    const me: number[] = [];
    const meLatency: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      health.push((await load(`${base}/healthz`, {})).requests.average);
      const result = await load(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { id email role agencyId } }' }),
      });
      if (result.non2xx > 0) throw new Error(`${result.non2xx} failed GraphQL requests`);
      me.push(result.requests.average);
      meLatency.push(result.latency.p50);
    }
    print('http', 'healthz_requests_per_second', median(health), 'req/s');
    print('graphql', 'me_query_requests_per_second', median(me), 'req/s');
    print('graphql', 'me_query_latency_p50', median(meLatency), 'ms');
    print('graphql', 'me_query_vs_healthz_ratio', median(me) / median(health), 'ratio');

    // Sign-in is deliberately slow (argon2id, 64 MiB): measure what a user waits.
    const logins: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await api.gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }', {
        e: 'coordinator@tocsin.local',
        p: DEMO_PASSWORD,
      });
      logins.push(performance.now() - started);
    }
    print('auth', 'login_latency_p50', median(logins), 'ms');
  } finally {
    await api.stop();
  }
}

/** Sections by name; BENCH_ONLY=report,timers runs a subset. */
const SECTIONS: Record<string, () => Promise<void>> = {
  http: benchHttp,
  report: () => benchReport(print, RUNS),
  incidents: () => benchIncidents(print),
  audit: () => benchAuditChain(print),
  checkpoint: () => benchAuditCheckpoint(print),
  notifications: () => benchNotifications(print),
  timers: () => benchTimers(print),
  web: () => benchWeb(print),
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (!only || only.includes(name)) await run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
