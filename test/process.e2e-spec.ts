import { spawn } from 'node:child_process';
import * as net from 'node:net';

import { TEST_PG_URL } from './support/test-env';

// Jest runs from the repository root (ES module test files have no __dirname).
const ROOT = process.cwd();

/** Runs an entry point the way production does (compiled on the fly), returning its exit and output. */
function run(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 45_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          TS_NODE_PROJECT: 'tsconfig.json',
          LOG_LEVEL: 'error',
          ...env,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const significant = (stderr: string) =>
  stderr.split('\n').filter((l) => l.trim() && !/nodedir|ExperimentalWarning|--trace-warnings/.test(l));

describe('start-up failures stop the process with one clear line', () => {
  it('PORT=abc', async () => {
    const result = await run('apps/api/src/main.ts', { PORT: 'abc', DATABASE_URL: TEST_PG_URL });
    expect(result.code).not.toBe(0);
    expect(significant(result.stderr)).toEqual([
      'Invalid configuration: PORT: expected a whole number between 1 and 65535 (got "abc")',
    ]);
  });

  it('REDIS_URL pointing where nothing listens (api and worker)', async () => {
    const port = await deadPort();
    for (const entry of ['apps/api/src/main.ts', 'apps/worker/src/main.ts']) {
      const result = await run(entry, { REDIS_URL: `redis://127.0.0.1:${port}`, DATABASE_URL: TEST_PG_URL });
      expect(result.code).not.toBe(0);
      expect(significant(result.stderr)).toEqual([`REDIS_URL: nothing answers at 127.0.0.1:${port}`]);
    }
  });

  it('DATABASE_URL pointing where nothing listens', async () => {
    const port = await deadPort();
    const result = await run('apps/api/src/main.ts', {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/x`,
    });
    expect(result.code).not.toBe(0);
    const lines = significant(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:${port}`));
  });
});

describe('a running api process', () => {
  it('logs JSON lines carrying the request id, and stops cleanly on SIGTERM', async () => {
    const port = await deadPort();
    const prefix = `plog_${process.pid}`;
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          TS_NODE_PROJECT: 'tsconfig.json',
          NODE_ENV: 'production',
          JWT_SECRET: 'j'.repeat(40),
          DATABASE_URL: TEST_PG_URL,
          REDIS_PREFIX: prefix,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 200 && !stdout.includes('listening'); i++)
        await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'log-test-42',
          authorization: 'Bearer secret-token-value',
        },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(res.headers.get('x-request-id')).toBe('log-test-42');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.find((l) => l.msg === 'request completed');
    if (!access) throw new Error(stdout);
    expect(access).toMatchObject({ requestId: 'log-test-42', method: 'POST', url: '/graphql', status: 200 });
    expect(stdout).not.toContain('secret-token-value');
  });
});
