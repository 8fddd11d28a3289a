import 'reflect-metadata';

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { INestApplicationContext } from '@nestjs/common';

import { AuditCheckpointService, AuditService } from '@tocsin/audit';

import { TestApi } from '../test/support/test-app';

type Print = (bench: string, metric: string, value: number, unit: string) => void;

const CHECKPOINTS = Number(process.env.BENCH_CHECKPOINTS ?? 50);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * What one audit checkpoint costs the worker that writes it: the advisory lock, reading the head,
 * signing (Ed25519), recording it, an fsync'd file in the checkpoint directory and a syslog
 * datagram. A row is appended between checkpoints so each one has something new to vouch for.
 */
export async function benchAuditCheckpoint(print: Print): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-checkpoints-'));
  const api = await TestApi.start({
    AUDIT_SIGNING_KEY_FILE: path.join(dir, 'key.pem'),
    AUDIT_CHECKPOINT_DIR: path.join(dir, 'checkpoints'),
    AUDIT_CHECKPOINT_SYSLOG: 'udp://127.0.0.1:9',
    AUDIT_CHECKPOINT_SECONDS: '86400',
  });
  let worker: INestApplicationContext | undefined;
  try {
    worker = await api.startWorker();
    const checkpoints = worker.get(AuditCheckpointService);
    const audit = api.app.get(AuditService);
    const costs: number[] = [];
    for (let i = 0; i < CHECKPOINTS; i++) {
      await api.dataSource.transaction((em) =>
        audit.append(em, { actor: null, action: 'bench.checkpoint', entityType: 'bench', entityId: null }),
      );
      const started = performance.now();
      const outcome = await checkpoints.write('SHUTDOWN');
      costs.push(performance.now() - started);
      if (!outcome.written) throw new Error(`no checkpoint written: ${outcome.why}`);
    }
    // Baselines measured in the same run, so the figure can be read on a loaded machine: one
    // round trip to PostgreSQL, and one flushed file like the directory sink's.
    const roundTrips: number[] = [];
    const flushes: number[] = [];
    for (let i = 0; i < CHECKPOINTS; i++) {
      let started = performance.now();
      await api.dataSource.query('SELECT 1');
      roundTrips.push(performance.now() - started);
      started = performance.now();
      const file = await fs.promises.open(path.join(dir, `flush-${i}`), 'wx');
      await file.writeFile('x'.repeat(400));
      await file.sync();
      await file.close();
      flushes.push(performance.now() - started);
    }
    print('audit', 'checkpoint_write_ms_p50', median(costs), 'ms');
    print('audit', 'checkpoint_write_ms_max', Math.max(...costs), 'ms');
    print('audit', 'checkpoint_baseline_db_round_trip_ms_p50', median(roundTrips), 'ms');
    print('audit', 'checkpoint_baseline_file_fsync_ms_p50', median(flushes), 'ms');
  } finally {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
