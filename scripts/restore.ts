import './require-supported-node';
import 'reflect-metadata';

import * as fs from 'node:fs';
import * as path from 'node:path';

import { Client } from 'pg';

import { AuditService } from '@tocsin/audit';
import { Clock, loadConfig, resolveDatabase } from '@tocsin/core';

import { createDataSource } from '../migrations/data-source';
import {
  BACKUP_FORMAT,
  BackupError,
  BackupManifest,
  DATABASE_DUMP,
  envWithoutSecretCreation,
  FILES_DIR,
  findPgTool,
  MANIFEST,
  runPgTool,
  serverMajor,
  sha256File,
} from './backup-format';

/**
 * `npm run restore -- DIR`: a backup from `npm run backup` into an empty installation (a database
 * without tables, a DATA_DIR without the backed-up files). Every sum is checked before anything is
 * written, and a file that differs is named; after the restore the audit chain is verified.
 */
async function main(): Promise<void> {
  const source = process.argv[2];
  if (!source || process.argv.length > 3)
    throw new BackupError('usage: npm run restore -- <backup directory>');
  const dir = path.resolve(source);
  const manifest = readManifest(dir);
  await checkSums(dir, manifest);

  const config = loadConfig(envWithoutSecretCreation());
  const infra = await resolveDatabase(config, (line) => console.error(line));
  try {
    const tables = await userTables(infra.databaseUrl);
    if (tables > 0) {
      throw new BackupError(
        `The database already has ${tables} tables: restore goes into an empty database (create a new one, ` +
          'or drop this one if you mean to replace it); nothing was restored',
      );
    }
    const clashes = manifest.files
      .filter((f) => f.path !== DATABASE_DUMP)
      .map((f) => path.relative(FILES_DIR, f.path))
      .filter((rel) => fs.existsSync(path.join(config.dataDir, rel)));
    if (clashes.length) {
      throw new BackupError(
        `${config.dataDir} already has ${clashes.join(', ')}: restore goes into an empty DATA_DIR; nothing was restored`,
      );
    }

    const server = await serverMajor(infra.databaseUrl);
    const pgRestore = findPgTool('pg_restore', server.major);
    await runPgTool(
      pgRestore,
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${dbName(infra.databaseUrl)}`,
        path.join(dir, DATABASE_DUMP),
      ],
      infra.databaseUrl,
    );
    for (const file of manifest.files) {
      if (file.path === DATABASE_DUMP) continue;
      const to = path.join(config.dataDir, path.relative(FILES_DIR, file.path));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(path.join(dir, file.path), to, fs.constants.COPYFILE_EXCL);
      fs.chmodSync(to, file.mode);
    }

    const dataSource = createDataSource(infra.databaseUrl, 'tocsin-restore', false);
    await dataSource.initialize();
    try {
      // The chain itself; its signed checkpoints are checked with `npm run audit:verify` (docs/audit.md).
      const chain = await new AuditService(dataSource, new Clock(), config, null).verifyChain();
      if (!chain.ok) {
        throw new BackupError(
          `Restored, but the audit chain does not verify (first broken entry ${chain.firstBrokenId}): do not use this installation`,
        );
      }
      console.log(
        `Restored ${dir} (taken ${manifest.createdAt}): the database, ${manifest.files.length - 1} files into ` +
          `${config.dataDir}; every SHA-256 sum matched; audit chain verified (${chain.checked} entries)`,
      );
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await infra.stop();
  }
}

function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) {
    throw new BackupError(
      `${file} is missing: not a complete backup (a backup cut short has none); nothing was restored`,
    );
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${file} is not valid JSON; nothing was restored`);
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files)) {
    throw new BackupError(`${file} is not a ${BACKUP_FORMAT} manifest; nothing was restored`);
  }
  for (const f of manifest.files) {
    const normal = path.normalize(f.path);
    // A manifest names files inside the backup only: nothing may point outside it (or DATA_DIR).
    if (
      path.isAbsolute(normal) ||
      normal.startsWith('..') ||
      (normal !== DATABASE_DUMP && !normal.startsWith(`${FILES_DIR}${path.sep}`))
    ) {
      throw new BackupError(`${file} names ${f.path}, outside the backup; nothing was restored`);
    }
  }
  if (!manifest.files.some((f) => f.path === DATABASE_DUMP)) {
    throw new BackupError(`${file} lists no ${DATABASE_DUMP}; nothing was restored`);
  }
  return manifest;
}

async function checkSums(dir: string, manifest: BackupManifest): Promise<void> {
  const bad: string[] = [];
  for (const f of manifest.files) {
    const file = path.join(dir, f.path);
    if (!fs.existsSync(file)) bad.push(`${f.path} is missing`);
    else if (fs.statSync(file).size !== f.bytes || (await sha256File(file)) !== f.sha256) {
      bad.push(`${f.path} is corrupted (its SHA-256 differs from ${MANIFEST})`);
    }
  }
  if (bad.length) throw new BackupError(`Backup ${dir}: ${bad.join('; ')}; nothing was restored`);
}

function dbName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

async function userTables(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
