import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as net from 'node:net';

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Resolves with everything the child printed once `pattern` matches it; rejects after the timeout. */
export function waitFor(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp | ((seen: string) => boolean),
  timeoutMs = 30_000,
): Promise<string> {
  const matches = typeof pattern === 'function' ? pattern : (seen: string) => pattern.test(seen);
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`expected output not seen in: ${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (matches(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

/** A private redis-server (tests that FLUSHALL or misconfigure Redis must not touch the shared one). */
export async function startRedisServer(
  extra: string[] = [],
): Promise<{ url: string; stop: () => void; process: ChildProcessWithoutNullStreams }> {
  const port = await freePort();
  const child = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    ...extra,
  ]);
  await waitFor(child, /Ready to accept connections/);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL'), process: child };
}

/** A worker in its own process (so a test can kill -9 it), from the TypeScript sources. */
export function spawnWorker(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    },
  );
}
