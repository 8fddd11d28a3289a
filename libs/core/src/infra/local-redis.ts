import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export class RedisUnavailableError extends Error {}

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const OWN_PORT = 63790;

/**
 * With no REDIS_URL: Redis on 127.0.0.1:6379 if something listens there; otherwise a
 * `redis-server` from PATH, started under `<dataDir>/redis` with AOF `everysec` and
 * `noeviction` (BullMQ must never lose a key); otherwise a clear error.
 */
export async function resolveLocalRedis(dataDir: string, log: (line: string) => void): Promise<string> {
  if (await canConnect('127.0.0.1', 6379)) return DEFAULT_URL;
  const ownUrl = `redis://127.0.0.1:${OWN_PORT}`;
  if (await canConnect('127.0.0.1', OWN_PORT)) {
    log(`Using the Redis Tocsin started earlier on port ${OWN_PORT}`);
    return ownUrl;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = which.stdout.trim();
  if (which.status !== 0 || !binary) {
    throw new RedisUnavailableError(
      'No Redis: nothing listens on 127.0.0.1:6379 and redis-server is not on PATH. ' +
        'Install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL.',
    );
  }
  const dir = path.resolve(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(
    binary,
    [
      '--port',
      String(OWN_PORT),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--logfile',
      path.join(dir, 'redis.log'),
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  for (let i = 0; i < 50; i++) {
    if (await canConnect('127.0.0.1', OWN_PORT, 200)) {
      log(`Started redis-server on 127.0.0.1:${OWN_PORT} (data under ${dir}, AOF everysec)`);
      return ownUrl;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new RedisUnavailableError(
    `redis-server was started from ${binary} but did not answer on port ${OWN_PORT}`,
  );
}

/** Fails with one clear line when the configured Redis does not answer. */
export async function assertRedisReachable(url: string): Promise<void> {
  const parsed = new URL(url);
  const port = Number(parsed.port || 6379);
  if (!(await canConnect(parsed.hostname, port, 3000))) {
    throw new RedisUnavailableError(`REDIS_URL: nothing answers at ${parsed.hostname}:${port}`);
  }
}

/** Fails with one clear line when none of the configured Sentinels answers. */
export async function assertSentinelReachable(sentinels: { host: string; port: number }[]): Promise<void> {
  for (const { host, port } of sentinels) {
    if (await canConnect(host, port, 3000)) return;
  }
  throw new RedisUnavailableError(
    `REDIS_SENTINELS: no Sentinel answers at ${sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`,
  );
}
