import './require-supported-node';
import 'reflect-metadata';

import * as fs from 'node:fs';
import * as path from 'node:path';

import { Client } from 'pg';

import { loadConfig, resolveDatabase } from '@tocsin/core';

import {
  BACKUP_FORMAT,
  BackupError,
  BackupManifest,
  DATABASE_DUMP,
  envWithoutSecretCreation,
  FILES_DIR,
  findPgTool,
  listFiles,
  MANIFEST,
  NOT_BACKED_UP,
  runPgTool,
  serverMajor,
  sha256File,
} from './backup-format';

/**
 * `npm run backup -- DIR`: the database (pg_dump, custom format: one consistent snapshot) and the
 * files under DATA_DIR into a new directory, with a manifest of SHA-256 sums written last, so a
 * backup cut short has no manifest and restore refuses it. The installation keeps running meanwhile.
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) throw new BackupError('usage: npm run backup -- <new directory>');
  const dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new BackupError(`${dir} is not empty: a backup goes into a new or empty directory`);
  }
  const config = loadConfig(envWithoutSecretCreation());
  const infra = await resolveDatabase(config, (line) => console.error(line));
  try {
    const server = await serverMajor(infra.databaseUrl);
    const pgDump = findPgTool('pg_dump', server.major);
    fs.mkdirSync(path.join(dir, FILES_DIR), { recursive: true });
    const dump = path.join(dir, DATABASE_DUMP);
    await runPgTool(
      pgDump,
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`],
      infra.databaseUrl,
    );

    const files: BackupManifest['files'] = [];
    for (const rel of listFiles(config.dataDir, NOT_BACKED_UP)) {
      const from = path.join(config.dataDir, rel);
      const to = path.join(dir, FILES_DIR, rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      const mode = fs.statSync(from).mode & 0o777;
      fs.chmodSync(to, mode);
      files.push({
        path: path.join(FILES_DIR, rel),
        bytes: fs.statSync(to).size,
        sha256: await sha256File(to),
        mode,
      });
    }
    files.unshift({
      path: DATABASE_DUMP,
      bytes: fs.statSync(dump).size,
      sha256: await sha256File(dump),
      mode: 0o600,
    });
    fs.chmodSync(dump, 0o600);

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      postgresServerVersion: server.version,
      migrations: await appliedMigrations(infra.databaseUrl),
      files,
    };
    const partial = path.join(dir, `${MANIFEST}.partial`);
    fs.writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(partial, path.join(dir, MANIFEST));
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    console.log(
      `Backup written to ${dir}: the database (PostgreSQL ${server.version}, ${manifest.migrations.length} migrations) ` +
        `and ${files.length - 1} files from ${config.dataDir}, ${bytes} bytes`,
    );
  } finally {
    await infra.stop();
  }
}

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    return rows.map((r) => r.name);
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
