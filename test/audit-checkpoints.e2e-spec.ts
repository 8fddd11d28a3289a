import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createSocket, Socket } from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

import {
  AuditCheckpointService,
  auditHash,
  CheckpointOutcome,
  loadCheckpointKeys,
  publicKeyPem,
  readCheckpoint,
  signCheckpoint,
  checkpointFileName,
} from '@tocsin/audit';
import { QueueName } from '@tocsin/core';

import { TestApi } from './support/test-app';

const ROOT = process.cwd();
const VERIFY = `{ verifyAuditChain { ok checked firstBrokenId checkpointsChecked
  firstFailedCheckpoint { name sequence hash createdAt reason } } }`;
const CREATE_AGENCY = 'mutation($i:CreateAgencyInput!){ createAgency(input:$i){ id } }';

interface Report {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  checkpointsChecked: number;
  firstFailedCheckpoint: {
    name: string;
    sequence: number;
    hash: string;
    createdAt: string;
    reason: string;
  } | null;
}

/** Runs the offline tool as an auditor would, with only the public key. */
function auditVerify(
  databaseUrl: string,
  checkpoints: string,
  publicKey: string,
): Promise<{ code: number | null; report: Report | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'scripts/audit-verify.ts',
        '--checkpoints',
        checkpoints,
        '--public-key',
        publicKey,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          TS_NODE_PROJECT: 'tsconfig.json',
          NODE_ENV: 'production',
          JWT_SECRET: 'j'.repeat(40),
          DATABASE_URL: databaseUrl,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').pop();
      resolve({ code, report: line ? (JSON.parse(line) as Report) : null, stderr });
    });
  });
}

describe('anchored audit chain: signed checkpoints outside the database', () => {
  let api: TestApi;
  let admin: string;
  let province: string;
  let workerA: INestApplicationContext;
  let workerB: INestApplicationContext;
  let syslog: Socket;
  const datagrams: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-checkpoints-'));
  const checkpointDir = path.join(dir, 'checkpoints');
  const keyFile = path.join(dir, 'keys', 'audit-signing-key.pem');
  const publicKeyFile = path.join(dir, 'audit-public-key.pem');
  let seq = 0;

  const verify = async (): Promise<Report> => {
    const res = await api.gql<{ verifyAuditChain: Report }>(VERIFY, {}, { token: admin });
    expect(res.errors).toBeUndefined();
    return res.data!.verifyAuditChain;
  };
  const newRows = async (n = 2) => {
    for (let i = 0; i < n; i++) {
      const res = await api.gql(
        CREATE_AGENCY,
        {
          i: {
            code: `CKP-${++seq}`,
            name: `Checkpoint district ${seq}`,
            kind: 'DISTRICT',
            parentId: province,
          },
        },
        { token: admin },
      );
      expect(res.errors).toBeUndefined();
    }
  };
  const files = () =>
    fs
      .readdirSync(checkpointDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  const written = (outcome: CheckpointOutcome) => {
    if (!outcome.written) throw new Error(`expected a checkpoint, got ${outcome.why}`);
    return outcome;
  };

  beforeAll(async () => {
    syslog = createSocket('udp4');
    syslog.on('message', (m) => datagrams.push(m.toString()));
    await new Promise<void>((r) => syslog.bind(0, '127.0.0.1', r));
    api = await TestApi.start({
      AUDIT_SIGNING_KEY_FILE: keyFile,
      AUDIT_CHECKPOINT_DIR: checkpointDir,
      AUDIT_CHECKPOINT_SYSLOG: `udp://127.0.0.1:${syslog.address().port}`,
      AUDIT_CHECKPOINT_SECONDS: '3600',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    workerA = await api.startWorker();
    workerB = await api.startWorker();
    admin = await api.login('admin@tocsin.local');
    province = await api.idOf('agency', 'TINH-DEMO');
    // The auditor gets the public half only.
    const keys = loadCheckpointKeys({ signingKeyFile: keyFile, verifyKeyFile: null }, { generate: false })!;
    fs.writeFileSync(publicKeyFile, publicKeyPem(keys));
  });
  afterAll(async () => {
    await api.stop();
    syslog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates the signing key outside the database (mode 0600) and schedules one checkpoint job', async () => {
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const pem = fs.readFileSync(keyFile, 'utf8');
    const stored = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_checkpoint WHERE key_id = $1 OR key_id = $2`,
      [pem.slice(0, 16), pem],
    );
    expect(stored[0].n).toBe(0);
    const queue = workerA.get<Queue>(getQueueToken(QueueName.Maintenance));
    const scheduler = await queue.getJobScheduler('audit-checkpoint');
    expect(scheduler?.every).toBe(3_600_000);
  });

  it('writes a signed checkpoint to the directory and to syslog from the scheduled job', async () => {
    // The scheduler's first run comes at once, when the chain already holds rows (the sign-in).
    for (let i = 0; i < 250 && !(fs.existsSync(checkpointDir) && files().length); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(files()).toHaveLength(1);
    const publicKey = loadCheckpointKeys(
      { signingKeyFile: null, verifyKeyFile: publicKeyFile },
      { generate: false },
    )!.publicKey;
    const stored = readCheckpoint(fs.readFileSync(path.join(checkpointDir, files()[0]), 'utf8'), publicKey);
    if (!stored.ok) throw new Error(`the checkpoint file is refused: ${stored.reason}`);
    const [row] = await api.dataSource.query<{ hash: string; reason: string }[]>(
      'SELECT e.hash, c.reason FROM audit_checkpoint c JOIN audit_event e ON e.sequence = c.sequence',
    );
    expect(row).toEqual({ hash: stored.checkpoint.hash, reason: 'PERIODIC' });
    expect(files()[0]).toBe(checkpointFileName(stored.checkpoint));

    for (let i = 0; i < 50 && !datagrams.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(datagrams).toHaveLength(1);
    expect(datagrams[0]).toMatch(/^<110>1 \S+ \S+ tocsin - AUDIT_CHECKPOINT - \{/);
    expect(readCheckpoint(datagrams[0].slice(datagrams[0].indexOf('{')), publicKey)).toEqual(stored);
  });

  it('writes one checkpoint when two workers try at once, and only when there are new rows and the period is over', async () => {
    const a = workerA.get(AuditCheckpointService);
    const b = workerB.get(AuditCheckpointService);
    await newRows();
    // New rows, but the period (an hour here) is not over: the next periodic one waits.
    expect(await b.write('PERIODIC')).toEqual({ written: false, why: 'TOO_SOON' });
    expect(files()).toHaveLength(1);

    const outcomes = await Promise.all([a.write('SHUTDOWN'), b.write('SHUTDOWN')]);
    expect(outcomes.filter((o) => o.written)).toHaveLength(1);
    const first = written(outcomes.find((o) => o.written)!);
    const [head] = await api.dataSource.query<{ last_sequence: string; last_hash: string }[]>(
      'SELECT last_sequence, last_hash FROM audit_chain_head',
    );
    expect(first.checkpoint).toMatchObject({ sequence: Number(head.last_sequence), hash: head.last_hash });
    expect(first.sinks.sort()).toEqual(['directory', 'syslog']);
    expect(files()).toHaveLength(2);
    expect(await a.write('SHUTDOWN')).toEqual({ written: false, why: 'NO_NEW_ROWS' });
    expect(await a.write('PERIODIC')).toEqual({ written: false, why: 'NO_NEW_ROWS' });
  });

  it('writes a checkpoint when a worker shuts down, and the chain verifies against every checkpoint', async () => {
    await newRows();
    await workerB.close();
    expect(files()).toHaveLength(3);
    const [{ reason }] = await api.dataSource.query<{ reason: string }[]>(
      'SELECT reason FROM audit_checkpoint ORDER BY sequence DESC LIMIT 1',
    );
    expect(reason).toBe('SHUTDOWN');
    await newRows();
    written(await workerA.get(AuditCheckpointService).write('SHUTDOWN'));
    expect(files()).toHaveLength(4);
    const report = await verify();
    expect(report).toMatchObject({
      ok: true,
      firstBrokenId: null,
      checkpointsChecked: 4,
      firstFailedCheckpoint: null,
    });
    const offline = await auditVerify(api.db.url, checkpointDir, publicKeyFile);
    expect(offline.code).toBe(0);
    expect(offline.report).toMatchObject({ ok: true, checkpointsChecked: 4, firstFailedCheckpoint: null });
  });

  describe('the rewrite attack, as a database superuser', () => {
    /** Runs statements with user triggers disabled for this transaction only. */
    const tamper = async (
      work: (query: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>,
    ) => {
      const runner = api.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query('SET LOCAL session_replication_role = replica');
        await work((sql, params = []) => runner.query(sql, params));
        await runner.commitTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    };

    beforeAll(async () => {
      await api.dataSource.query('CREATE TABLE audit_backup AS SELECT * FROM audit_event');
      await api.dataSource.query('CREATE TABLE audit_head_backup AS SELECT * FROM audit_chain_head');
    });
    afterEach(async () => {
      await tamper(async (q) => {
        await q('DELETE FROM audit_event');
        await q('INSERT INTO audit_event SELECT * FROM audit_backup');
        await q('DELETE FROM audit_chain_head');
        await q('INSERT INTO audit_chain_head SELECT * FROM audit_head_backup');
      });
    });

    it('a chain rewritten consistently (a row changed, every later hash and the head recomputed) fails at its first checkpoint', async () => {
      const checkpoints = await api.dataSource.query<{ sequence: string }[]>(
        'SELECT sequence FROM audit_checkpoint ORDER BY sequence',
      );
      const firstCheckpoint = Number(checkpoints[0].sequence);
      const target = firstCheckpoint - 1;
      await tamper(async (q) => {
        const rows = (await q(
          `SELECT id, sequence, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
                  before::text AS before, after::text AS after, request_id, ip, previous_hash
             FROM audit_event WHERE sequence >= $1 ORDER BY sequence`,
          [target],
        )) as Record<string, string | null>[];
        let previousHash = rows[0].previous_hash!;
        for (const r of rows) {
          const after = r.after === null ? null : (JSON.parse(r.after) as Record<string, unknown>);
          if (Number(r.sequence) === target) after!.forged = 'by the superuser';
          const content = {
            id: r.id!,
            sequence: Number(r.sequence),
            occurredAt: new Date(r.occurred_at as unknown as Date).toISOString(),
            actorId: r.actor_id,
            actorRole: r.actor_role,
            action: r.action!,
            entityType: r.entity_type!,
            entityId: r.entity_id,
            before: r.before === null ? null : (JSON.parse(r.before) as Record<string, unknown>),
            after,
            requestId: r.request_id,
            ip: r.ip,
            previousHash,
          };
          const hash = auditHash(content);
          await q('UPDATE audit_event SET after = $2::json, previous_hash = $3, hash = $4 WHERE id = $1', [
            r.id,
            after === null ? null : JSON.stringify(after, Object.keys(after).sort()),
            previousHash,
            hash,
          ]);
          previousHash = hash;
        }
        await q('UPDATE audit_chain_head SET last_hash = $1', [previousHash]);
      });
      const expectedName = files()[0];
      const report = await verify();
      // Internally consistent: no row is broken, yet the checkpoint no longer matches.
      expect(report.firstBrokenId).toBeNull();
      expect(report.ok).toBe(false);
      expect(report.firstFailedCheckpoint).toMatchObject({
        name: expectedName,
        sequence: firstCheckpoint,
        reason: 'HASH_MISMATCH',
      });
      const offline = await auditVerify(api.db.url, checkpointDir, publicKeyFile);
      expect(offline.code).toBe(1);
      expect(offline.report?.firstFailedCheckpoint).toMatchObject({
        name: expectedName,
        reason: 'HASH_MISMATCH',
      });
      expect(offline.stderr).toContain(`FAILED: checkpoint ${expectedName}`);
    });

    it('rows cut off the end (head moved back) fail at the checkpoint the chain no longer reaches', async () => {
      const [last] = await api.dataSource.query<{ sequence: string }[]>(
        'SELECT sequence FROM audit_checkpoint ORDER BY sequence DESC LIMIT 1',
      );
      const keep = Number(last.sequence) - 1;
      await tamper(async (q) => {
        await q('DELETE FROM audit_event WHERE sequence > $1', [keep]);
        await q(
          'UPDATE audit_chain_head SET last_sequence = $1, last_hash = (SELECT hash FROM audit_event WHERE sequence = $1)',
          [keep],
        );
      });
      const report = await verify();
      expect(report.firstBrokenId).toBeNull();
      expect(report).toMatchObject({
        ok: false,
        firstFailedCheckpoint: { name: files()[3], reason: 'MISSING_ROW' },
      });
    });

    it('an untouched chain still verifies', async () => {
      expect(await verify()).toMatchObject({ ok: true, checkpointsChecked: 4, firstFailedCheckpoint: null });
    });
  });

  describe('checkpoints that are not what they claim', () => {
    const forgedFile = () => path.join(checkpointDir, 'checkpoint-000000000001-forged.json');
    afterEach(() => fs.rmSync(forgedFile(), { force: true }));

    it('refuses a checkpoint signed with another key, naming it', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const [row] = await api.dataSource.query<{ hash: string }[]>(
        'SELECT hash FROM audit_event WHERE sequence = 1',
      );
      fs.writeFileSync(
        forgedFile(),
        JSON.stringify(signCheckpoint({ sequence: 1, hash: row.hash }, new Date(), privateKey)),
      );
      const report = await verify();
      expect(report).toMatchObject({
        ok: false,
        firstBrokenId: null,
        checkpointsChecked: 4,
        firstFailedCheckpoint: { name: path.basename(forgedFile()), reason: 'BAD_SIGNATURE' },
      });
      const offline = await auditVerify(api.db.url, checkpointDir, publicKeyFile);
      expect(offline.code).toBe(1);
      expect(offline.report?.firstFailedCheckpoint).toMatchObject({ reason: 'BAD_SIGNATURE' });
    });

    it('refuses a genuine checkpoint whose hash was edited afterwards', async () => {
      const genuine = JSON.parse(fs.readFileSync(path.join(checkpointDir, files()[0]), 'utf8')) as {
        hash: string;
      };
      fs.writeFileSync(forgedFile(), JSON.stringify({ ...genuine, hash: 'f'.repeat(64) }));
      expect((await verify()).firstFailedCheckpoint).toMatchObject({
        name: path.basename(forgedFile()),
        reason: 'BAD_SIGNATURE',
      });
    });
  });
});
