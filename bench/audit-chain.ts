import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { Role, UserActor } from '@tocsin/access';
import {
  AuditAction,
  auditHash,
  AuditHashContent,
  AuditService,
  canonicalJson,
  GENESIS_HASH,
} from '@tocsin/audit';
import { Clock, loadConfig } from '@tocsin/core';

import { createDataSource } from '../migrations/data-source';
import { createTestDatabase } from '../test/support/test-env';

/**
 * The audit chain's two costs: how fast `verifyAuditChain` re-checks a large chain (1,000,000
 * rows by default, BENCH_AUDIT_ROWS to change), and what appending to the chain adds to a small
 * write transaction. Uses its own throw-away database.
 */
type Print = (bench: string, metric: string, value: number, unit: string) => void;

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const INSERT_BATCH = 5_000;
const WRITES = Number(process.env.BENCH_AUDIT_WRITES ?? 300);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const ADMIN: UserActor = { kind: 'user', id: randomUUID(), role: Role.ADMIN, agencyId: null, sessionId: 's' };

/** Rows shaped like the real ones: creations with a full snapshot, updates with a small diff, sign-ins. */
function contentOf(sequence: number, previousHash: string, at: number): AuditHashContent {
  const entityId = randomUUID();
  const base = {
    id: randomUUID(),
    sequence,
    occurredAt: new Date(at).toISOString(),
    actorId: ADMIN.id,
    actorRole: 'ADMIN',
    entityId,
    requestId: `req-${sequence}`,
    ip: '10.20.30.40',
    previousHash,
  };
  switch (sequence % 3) {
    case 0:
      return {
        ...base,
        action: AuditAction.AgencyCreated,
        entityType: 'agency',
        before: null,
        after: {
          id: entityId,
          code: `XA-${sequence}`,
          name: `UBND xã số ${sequence}`,
          kind: 'COMMUNE',
          parentId: ADMIN.id,
          createdAt: base.occurredAt,
          updatedAt: base.occurredAt,
          version: 1,
        },
      };
    case 1:
      return {
        ...base,
        action: AuditAction.UserUpdated,
        entityType: 'user',
        before: { displayName: 'Nguyễn Văn A', version: 3, updatedAt: base.occurredAt },
        after: { displayName: 'Nguyễn Văn Ân', version: 4, updatedAt: base.occurredAt },
      };
    default:
      return {
        ...base,
        action: AuditAction.UserLogin,
        entityType: 'user',
        before: null,
        after: { sessionId: randomUUID() },
      };
  }
}

/** Fills the chain with correctly hashed rows, a batch per INSERT … SELECT FROM unnest(…). */
async function fillChain(dataSource: DataSource, rows: number): Promise<void> {
  let previousHash = GENESIS_HASH;
  const start = Date.now() - rows * 1000;
  for (let first = 1; first <= rows; first += INSERT_BATCH) {
    const columns: unknown[][] = Array.from({ length: 14 }, () => []);
    for (let sequence = first; sequence < first + INSERT_BATCH && sequence <= rows; sequence++) {
      const content = contentOf(sequence, previousHash, start + sequence * 1000);
      const hash = auditHash(content);
      const values = [
        content.id,
        String(content.sequence),
        content.occurredAt,
        content.actorId,
        content.actorRole,
        content.action,
        content.entityType,
        content.entityId,
        content.before === null ? null : canonicalJson(content.before),
        content.after === null ? null : canonicalJson(content.after),
        content.requestId,
        content.ip,
        content.previousHash,
        hash,
      ];
      values.forEach((value, i) => columns[i].push(value));
      previousHash = hash;
    }
    await dataSource.query(
      `INSERT INTO audit_event (id, sequence, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
                                before, after, request_id, ip, previous_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::int8[], $3::timestamptz[], $4::uuid[], $5::varchar[], $6::varchar[],
                            $7::varchar[], $8::uuid[], $9::json[], $10::json[], $11::varchar[], $12::varchar[],
                            $13::char(64)[], $14::char(64)[])`,
      columns,
    );
  }
  await dataSource.query('UPDATE audit_chain_head SET last_sequence = $1, last_hash = $2 WHERE id = 1', [
    rows,
    previousHash,
  ]);
  await dataSource.query('VACUUM ANALYZE audit_event');
}

/** Median latency of a one-row update transaction, with or without an audit append in it. */
async function writeLatency(
  dataSource: DataSource,
  audit: AuditService,
  withAudit: boolean,
): Promise<number> {
  const [agency] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO agency (code, name, kind, version) VALUES ($1, 'Bench', 'PROVINCE', 1) RETURNING id`,
    [`BENCH-${randomUUID().slice(0, 8)}`],
  );
  const latencies: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    await dataSource.transaction(async (em) => {
      await em.query('UPDATE agency SET name = $2, version = version + 1 WHERE id = $1', [
        agency.id,
        `Bench ${i}`,
      ]);
      if (withAudit) {
        await audit.append(em, {
          actor: ADMIN,
          action: AuditAction.AgencyUpdated,
          entityType: 'agency',
          entityId: agency.id,
          before: { name: `Bench ${i - 1}` },
          after: { name: `Bench ${i}` },
          meta: { requestId: `bench-${i}`, ip: '127.0.0.1' },
        });
      }
    });
    latencies.push(performance.now() - started);
  }
  return median(latencies);
}

export async function benchAuditChain(print: Print): Promise<void> {
  const db = await createTestDatabase();
  const dataSource = createDataSource(db.url, 'tocsin-bench-audit', false);
  await dataSource.initialize();
  try {
    const audit = new AuditService(dataSource, new Clock(), loadConfig({ NODE_ENV: 'test' }), null);
    const fillStarted = performance.now();
    await fillChain(dataSource, ROWS);
    print('audit', 'fill_rows_per_second', ROWS / ((performance.now() - fillStarted) / 1000), 'rows/s');

    const rates: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const result = await audit.verify(ADMIN);
      const seconds = (performance.now() - started) / 1000;
      if (!result.ok || result.checked !== ROWS) {
        throw new Error(`verify of the benchmark chain failed: ${JSON.stringify(result)}`);
      }
      rates.push(result.checked / seconds);
    }
    print('audit', 'verify_rows_per_second', median(rates), 'rows/s');

    // Alternate the two kinds of write so drift on a noisy machine hits both alike.
    const plain: number[] = [];
    const audited: number[] = [];
    for (let round = 0; round < 3; round++) {
      plain.push(await writeLatency(dataSource, audit, false));
      audited.push(await writeLatency(dataSource, audit, true));
    }
    print('audit', 'write_latency_without_append_ms', median(plain), 'ms');
    print('audit', 'write_latency_with_append_ms', median(audited), 'ms');
    print('audit', 'append_overhead_ms', median(audited) - median(plain), 'ms');
    const check = await audit.verify(ADMIN);
    if (!check.ok) throw new Error(`chain broken after the append benchmark: ${JSON.stringify(check)}`);
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}
