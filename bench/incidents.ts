import { randomUUID } from 'node:crypto';

import autocannon from 'autocannon';
import { Pool } from 'pg';

import { auditHash, hashContentOf } from '@tocsin/audit';
import { normaliseForSearch } from '@tocsin/incidents';

import { TestApi } from '../test/support/test-app';

type Print = (bench: string, metric: string, value: number, unit: string) => void;

const REPORT_SECONDS = Number(process.env.BENCH_REPORT_SECONDS ?? 20);
const CLIENTS = 16;
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 100_000);
const LIST_SAMPLES = 200;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * The same transaction as reportIncident (agency check, incident, participant, timeline, outbox,
 * then the code counter and the audit chain head, last), straight through `pg`: the ceiling the
 * HTTP + GraphQL + ORM path is compared with.
 */
async function rawReport(pool: Pool, agencyId: string, reporterId: string, n: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM agency WHERE id = $1', [agencyId]);
    const id = randomUUID();
    const title = `Cảnh báo SIEM ${n}`;
    await client.query(
      `INSERT INTO incident (id, code, title, description, category, severity, tlp, status, source, is_exercise, agency_id, reporter_id,
                             ack_due_at, resolve_due_at, search_text, version)
       VALUES ($1, $2, $3, 'bench', 'other', 'MEDIUM', 'AMBER', 'NEW', 'WEB', true, $4, $5, now() + interval '2 hours', now() + interval '1 day', '', 1)`,
      [id, `pending-${id}`, title, agencyId, reporterId],
    );
    await client.query(
      'INSERT INTO incident_participant (incident_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [id, reporterId],
    );
    await client.query(
      `INSERT INTO incident_timeline_entry (incident_id, kind, actor_id, internal, data) VALUES ($1, 'REPORTED', $2, false, $3)`,
      [id, reporterId, JSON.stringify({ status: 'NEW' })],
    );
    await client.query(
      `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload) VALUES ('incident', $1, 'incident.reported', '{}')`,
      [id],
    );
    const { rows: counter } = await client.query<{ last_value: number }>(
      `INSERT INTO incident_code_counter (prefix, year, last_value) VALUES ('RAW', 2026, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = incident_code_counter.last_value + 1 RETURNING last_value`,
    );
    const code = `RAW-2026-${String(counter[0].last_value).padStart(6, '0')}`;
    await client.query('UPDATE incident SET code = $2, search_text = $3 WHERE id = $1', [
      id,
      code,
      normaliseForSearch(`${code} ${title} bench`),
    ]);
    const { rows: head } = await client.query<{ last_sequence: string; last_hash: string }>(
      'SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
    );
    const row = {
      id: randomUUID(),
      sequence: String(Number(head[0].last_sequence) + 1),
      occurredAt: new Date(),
      actorId: reporterId,
      actorRole: 'COORDINATOR',
      action: 'incident.reported',
      entityType: 'incident',
      entityId: id,
      before: null,
      after: { code, title },
      requestId: null,
      ip: null,
      previousHash: head[0].last_hash,
    };
    const hash = auditHash(hashContentOf(row));
    await client.query(
      `WITH appended AS (
         INSERT INTO audit_event (id, sequence, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, request_id, ip, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9::jsonb, NULL, NULL, $10, $11) RETURNING sequence, hash)
       UPDATE audit_chain_head h SET last_sequence = appended.sequence, last_hash = appended.hash FROM appended WHERE h.id = 1`,
      [
        row.id,
        row.sequence,
        row.occurredAt.toISOString(),
        reporterId,
        row.actorRole,
        row.action,
        row.entityType,
        id,
        JSON.stringify(row.after),
        row.previousHash,
        hash,
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function rawThroughput(url: string, agencyId: string, reporterId: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: CLIENTS });
  let done = 0;
  const until = Date.now() + REPORT_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) await rawReport(pool, agencyId, reporterId, done++);
    }),
  );
  await pool.end();
  return done / REPORT_SECONDS;
}

const PHRASES = [
  'Sự cố máy chủ cổng thông tin điện tử',
  'Tấn công từ chối dịch vụ vào cổng dịch vụ công',
  'Email lừa đảo giả mạo lãnh đạo Sở',
  'Mã độc tống tiền trên máy trạm',
  'Lộ lọt dữ liệu cá nhân người dân',
  'Tài khoản thư công vụ bị chiếm quyền',
  'Thay đổi giao diện trang web huyện',
  'Dò quét lỗ hổng từ địa chỉ nước ngoài',
  'Tin giả về tỉnh lan truyền trên mạng xã hội',
  'Dịch vụ SSH mở ra Internet',
];

/** 100,000 incidents spread over agencies, statuses and severities, with search text. */
async function fillIncidents(url: string, reporterId: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 2 });
  const normalised = PHRASES.map(normaliseForSearch);
  await pool.query(
    `INSERT INTO incident (code, title, description, category, severity, tlp, status, source, is_exercise, agency_id, reporter_id,
                           created_at, updated_at, ack_due_at, resolve_due_at, search_text, version)
     SELECT 'BEN-2026-' || lpad(g::text, 6, '0'),
            ($1::text[])[1 + g % 10] || ' #' || g,
            'Mô tả sự cố số ' || g,
            (ARRAY['malicious-code','intrusions','availability','fraud','vulnerable','information-gathering']::incident_category[])[1 + g % 6],
            (ARRAY['LOW','MEDIUM','HIGH','CRITICAL']::severity[])[1 + (g / 7) % 4],
            (ARRAY['CLEAR','GREEN','AMBER','AMBER','RED']::tlp[])[1 + g % 5],
            (ARRAY['NEW','TRIAGED','IN_PROGRESS','CONTAINED','RESOLVED','CLOSED','CLOSED','CLOSED']::incident_status[])[1 + (g / 3) % 8],
            'WEB', false,
            (SELECT id FROM agency ORDER BY code OFFSET g % 5 LIMIT 1),
            $3,
            now() - (g || ' minutes')::interval, now(), now(), now(),
            'ben-2026-' || lpad(g::text, 6, '0') || ' ' || ($2::text[])[1 + g % 10] || ' #' || g || ' mo ta su co so ' || g,
            1
       FROM generate_series(1, $4::int) g`,
    [PHRASES, normalised, reporterId, LIST_ROWS],
  );
  await pool.query('ANALYZE incident');
  await pool.end();
}

async function listLatency(
  api: TestApi,
  token: string,
  filter: string,
): Promise<{ p50: number; p95: number }> {
  const query = `{ incidents(first: 50${filter}){ edges { node { id code title status severity agencyId createdAt } } pageInfo { hasNextPage endCursor } } }`;
  const samples: number[] = [];
  for (let i = 0; i < LIST_SAMPLES + 20; i++) {
    const started = performance.now();
    const res = await api.gql<{ incidents: { edges: unknown[] } }>(query, {}, { token });
    const elapsed = performance.now() - started;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    if (i >= 20) samples.push(elapsed); // the first requests warm caches
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** One HTTP load of reportIncident at CLIENTS connections. */
export async function reportOverHttp(
  url: string,
  token: string,
  agencyId: string,
  seconds = REPORT_SECONDS,
): Promise<autocannon.Result> {
  const http = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections: CLIENTS,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($i:ReportIncidentInput!){ reportIncident(input:$i){ id code } }',
      variables: {
        i: { title: 'Cảnh báo từ SIEM', description: 'Đo hiệu năng', agencyId, isExercise: true },
      },
    }),
  });
  if (http.non2xx) throw new Error(`${http.non2xx} reportIncident requests failed`);
  return http;
}

const median = (values: number[]): number => percentile(values, 50);

/** Limits raised so the load measures the server, not the rate limiter; a pool for 16 clients. */
export const LOAD_ENV = {
  RATE_LIMIT_PER_MINUTE: '100000000',
  DATABASE_POOL_SIZE: '16',
  LOGIN_IP_MAX_FAILURES: '10000',
};

/**
 * reportIncident over HTTP against the same transaction straight through `pg`, RUNS times; the
 * ratio is taken within each run (the machine is shared and noisy) and the median printed.
 */
export async function benchReport(print: Print, runs: number): Promise<void> {
  const api = await TestApi.start(LOAD_ENV);
  try {
    const token = await api.login('coordinator@tocsin.local');
    const agencyId = await api.idOf('agency', 'SYT');
    const coordinatorId = await api.idOf('user', 'coordinator@tocsin.local');
    await reportOverHttp(api.url, token, agencyId, 2); // warm-up: JIT, pools, prepared caches
    const rps: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    const rawTps: number[] = [];
    const ratios: number[] = [];
    for (let run = 0; run < runs; run++) {
      const http = await reportOverHttp(api.url, token, agencyId);
      const raw = await rawThroughput(api.db.url, agencyId, coordinatorId);
      rps.push(http.requests.average);
      p50.push(http.latency.p50);
      p99.push(http.latency.p99);
      rawTps.push(raw);
      ratios.push(http.requests.average / raw);
    }
    print('incidents', 'report_http_requests_per_second', median(rps), 'req/s');
    print('incidents', 'report_http_latency_p50', median(p50), 'ms');
    print('incidents', 'report_http_latency_p99', median(p99), 'ms');
    print('incidents', 'report_raw_pg_transactions_per_second', median(rawTps), 'tx/s');
    print('incidents', 'report_http_vs_raw_ratio', median(ratios), 'ratio');
  } finally {
    await api.stop();
  }
}

export async function benchIncidents(print: Print): Promise<void> {
  const api = await TestApi.start(LOAD_ENV);
  try {
    const token = await api.login('coordinator@tocsin.local');
    const coordinatorId = await api.idOf('user', 'coordinator@tocsin.local');

    await fillIncidents(api.db.url, coordinatorId);
    const [{ n }] = await api.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM incident');
    print('incidents', 'list_table_rows', n, 'rows');
    const cases: [string, string][] = [
      ['list_first50', ''],
      ['list_status_severity', ', filter: { status: [NEW, IN_PROGRESS], severity: [HIGH, CRITICAL] }'],
      ['list_search', ', filter: { search: "may chu cong thong tin" }'],
    ];
    for (const [name, filter] of cases) {
      const { p50, p95 } = await listLatency(api, token, filter);
      print('incidents', `${name}_latency_p50`, p50, 'ms');
      print('incidents', `${name}_latency_p95`, p95, 'ms');
    }
    // A reporter's view (own agency, TLP:RED only where they take part) exercises the scoped plan.
    const reporter = await api.login('reporter@tocsin.local');
    const scoped = await listLatency(api, reporter, '');
    print('incidents', 'list_reporter_scope_latency_p95', scoped.p95, 'ms');
  } finally {
    await api.stop();
  }
}
