import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { Client } from 'pg';

import { loadConfig } from '@tocsin/core';

import { createApiApp } from '../apps/api/src/bootstrap';
import { graphqlFetcher } from './support/graphql-fetch';
import { DEMO_PASSWORD, TestApi } from './support/test-app';
import { dropRedisPrefix, TEST_PG_URL, TEST_REDIS_URL, uniqueName } from './support/test-env';

// Jest runs from the repository root (ES module test files have no __dirname).
const ROOT = process.cwd();
const TS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

function run(script: 'backup' | 'restore', dir: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...TS, `scripts/${script}.ts`, dir], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        TS_NODE_PROJECT: 'tsconfig.json',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** What an installation is, for comparing one with its restored copy. */
const snapshot = (url: string) =>
  withClient(url, async (c) => ({
    incidents: (await c.query('SELECT code, title, status, severity FROM incident ORDER BY code')).rows,
    users: (await c.query('SELECT email, role, password_hash FROM "user" ORDER BY email')).rows,
    timeline: (await c.query('SELECT count(*)::int AS n FROM incident_timeline_entry')).rows[0].n as number,
    audit: (await c.query('SELECT sequence, hash FROM audit_event ORDER BY sequence')).rows,
    head: (await c.query('SELECT last_sequence, last_hash FROM audit_chain_head')).rows,
  }));

describe('npm run backup / npm run restore', () => {
  let api: TestApi;
  const work = fs.mkdtempSync(path.join(tmpdir(), 'tocsin-backup-'));
  const dataDir = path.join(work, 'data');
  const restoredDataDir = path.join(work, 'restored-data');
  const backupDir = path.join(work, 'backup');
  const evidence = randomBytes(200_000);
  const targetName = uniqueName('tocsin_test_restore');
  const targetUrl = `${TEST_PG_URL.replace(/\/[^/]*$/, '')}/${targetName}`;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dataDir, 'evidence', 'INC-2026-000001'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'evidence', 'INC-2026-000001', 'screenshot.png'), evidence);
    fs.writeFileSync(path.join(dataDir, 'jwt-secret'), 's'.repeat(48), { mode: 0o600 });
    // The servers' own data directories are not files of the installation: never copied.
    fs.mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), '18\n');
    fs.mkdirSync(path.join(dataDir, 'redis'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'redis', 'appendonly.aof'), 'x');

    api = await TestApi.start({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000' });
    const token = await api.login('reporter@tocsin.local');
    const agencyId = await api.idOf('agency', 'SYT');
    for (const title of ['Trang chủ bị thay đổi giao diện', 'Thư giả mạo gửi cán bộ', 'Máy chủ bị mã hoá']) {
      const res = await api.gql(
        'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { code } }',
        { i: { title, description: `Mô tả: ${title}.`, agencyId, severity: 'HIGH', category: 'INTRUSIONS' } },
        { token },
      );
      expect(res.errors).toBeUndefined();
    }
    await withClient(TEST_PG_URL, (c) => c.query(`CREATE DATABASE "${targetName}"`));
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await withClient(TEST_PG_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${targetName}" WITH (FORCE)`));
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('backs up the database and DATA_DIR with a manifest of SHA-256 sums', async () => {
    const result = await run('backup', backupDir, { DATABASE_URL: api.db.url, DATA_DIR: dataDir });
    expect(result.stderr.split('\n').filter((l) => l.trim() && !/Warning: Tocsin supports/.test(l))).toEqual(
      [],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Backup written to ${backupDir}: the database \\(PostgreSQL .+\\) and 2 files`),
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      format: string;
      files: { path: string; bytes: number; mode: number }[];
    };
    expect(manifest.format).toBe('tocsin-backup/1');
    expect(manifest.files.map((f) => f.path)).toEqual([
      'database.dump',
      'files/evidence/INC-2026-000001/screenshot.png',
      'files/jwt-secret',
    ]);
    expect(manifest.files[1]).toMatchObject({ bytes: evidence.length });
    expect(manifest.files[2]).toMatchObject({ mode: 0o600 });
    expect(fs.readFileSync(path.join(backupDir, 'database.dump')).subarray(0, 5).toString()).toBe('PGDMP');
    expect(fs.readdirSync(path.join(backupDir, 'files')).sort()).toEqual(['evidence', 'jwt-secret']);

    const again = await run('backup', backupDir, { DATABASE_URL: api.db.url, DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${backupDir} is not empty: a backup goes into a new or empty directory`);
  }, 120_000);

  it('refuses a corrupted backup, naming the file, and writes nothing', async () => {
    const corrupted = path.join(work, 'corrupted');
    fs.cpSync(backupDir, corrupted, { recursive: true });
    const file = path.join(corrupted, 'files', 'evidence', 'INC-2026-000001', 'screenshot.png');
    const bytes = fs.readFileSync(file);
    bytes[1000] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const result = await run('restore', corrupted, { DATABASE_URL: targetUrl, DATA_DIR: restoredDataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'files/evidence/INC-2026-000001/screenshot.png is corrupted (its SHA-256 differs from manifest.json); nothing was restored',
    );
    fs.writeFileSync(path.join(corrupted, 'database.dump'), 'PGDMP not really');
    const dump = await run('restore', corrupted, { DATABASE_URL: targetUrl, DATA_DIR: restoredDataDir });
    expect(dump.stderr).toContain('database.dump is corrupted');
    fs.rmSync(path.join(corrupted, 'manifest.json'));
    const cutShort = await run('restore', corrupted, { DATABASE_URL: targetUrl, DATA_DIR: restoredDataDir });
    expect(cutShort.stderr).toContain('manifest.json is missing: not a complete backup');
    expect(
      await withClient(targetUrl, (c) =>
        c.query('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', ['public']),
      ),
    ).toMatchObject({ rows: [{ n: 0 }] });
    expect(fs.existsSync(restoredDataDir)).toBe(false);
  }, 120_000);

  it('restores into an empty installation: the same incidents, users, audit chain and files', async () => {
    const result = await run('restore', backupDir, { DATABASE_URL: targetUrl, DATA_DIR: restoredDataDir });
    expect(result.stderr.split('\n').filter((l) => l.trim() && !/Warning: Tocsin supports/.test(l))).toEqual(
      [],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/every SHA-256 sum matched; audit chain verified \(\d+ entries\)/);
    const [original, restored] = [await snapshot(api.db.url), await snapshot(targetUrl)];
    expect(restored.incidents).toHaveLength(3);
    expect(restored.audit.length).toBeGreaterThan(3);
    expect(restored).toEqual(original);
    expect(
      fs.readFileSync(path.join(restoredDataDir, 'evidence', 'INC-2026-000001', 'screenshot.png')),
    ).toEqual(evidence);
    expect(fs.statSync(path.join(restoredDataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(restoredDataDir, 'postgres'))).toBe(false);

    // A second restore over it is refused: it is no longer an empty installation.
    const again = await run('restore', backupDir, { DATABASE_URL: targetUrl, DATA_DIR: restoredDataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The database already has \d+ tables: restore goes into an empty database/);
  }, 120_000);

  it('the restored installation runs: an api on it signs in, reads the incidents and verifies the chain', async () => {
    const prefix = uniqueName('restored');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: targetUrl,
      DATA_DIR: restoredDataDir,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      DATABASE_POOL_SIZE: '3',
      // As in the other suites (test/support/test-app.ts): the admin signs in with a password only.
      TWO_FACTOR_REQUIRED_ROLES: 'none',
    });
    const app = await createApiApp(config, { webRoot: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const gql = graphqlFetcher(app);
    try {
      // The demo users' passwords came back with their hashes.
      const login = await gql(
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        {
          e: 'admin@tocsin.local',
          p: DEMO_PASSWORD,
        },
      );
      expect(login.errors).toBeUndefined();
      const token = login.data!.login.accessToken as string;
      const incidents = await gql('{ incidents(first: 10) { totalCount } }', {}, token);
      expect(incidents.data?.incidents.totalCount).toBe(3);
      const chain = await gql('{ verifyAuditChain { ok } }', {}, token);
      expect(chain.data?.verifyAuditChain.ok).toBe(true);
    } finally {
      await app.close();
      await dropRedisPrefix(prefix);
    }
  }, 120_000);
});
