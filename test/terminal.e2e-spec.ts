import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { freePort, waitFor } from './support/processes';
import {
  createTestDatabase,
  dropRedisPrefix,
  TEST_REDIS_URL,
  TestDatabase,
  uniqueName,
} from './support/test-env';

// Jest runs from the repository root (ES module test files have no __dirname).
const ROOT = process.cwd();
const START = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/start.ts'];
const PASSWORD = 'Terminal-Demo-2026';
// Colours and cursor codes a terminal gets; stripped before reading the text.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * `npm start` as a person runs it: scripts/start.ts (from the sources, so no build is needed), which
 * starts one api and one worker, with an isolated database, Redis prefix, DATA_DIR and port.
 */
function startTocsin(
  env: Record<string, string>,
  terminal: boolean,
): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const node = [process.execPath, ...START].map((a) => `'${a}'`).join(' ');
  // util-linux `script` runs the command on a pseudo-terminal: its stdout is a TTY, as in a shell.
  const child = terminal
    ? spawn('script', ['-qfec', `exec ${node}`, '/dev/null'], { cwd: ROOT, env })
    : spawn(process.execPath, START, { cwd: ROOT, env });
  let seen = '';
  child.stdout.on('data', (d: Buffer) => (seen += d.toString()));
  child.stderr.on('data', (d: Buffer) => (seen += d.toString()));
  return { child, output: () => seen };
}

/** Stops it the way a person does: Ctrl-C on the terminal (SIGINT to its process group), else SIGINT. */
async function stop(child: ChildProcessWithoutNullStreams, terminal: boolean): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  if (terminal) child.stdin.write('\x03');
  else child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

async function graphql(port: number, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('npm start in a terminal and without one', () => {
  let db: TestDatabase;
  let dataDir: string;
  const prefix = uniqueName('term');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'tocsin-terminal-'));
  });

  afterAll(async () => {
    await db?.drop();
    await dropRedisPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const envFor = async () => {
    const port = await freePort();
    return {
      port,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        TS_NODE_PROJECT: 'tsconfig.json',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_PASSWORD: PASSWORD,
        LOG_LEVEL: 'info',
        TERM: 'dumb',
      },
    };
  };

  it('on a TTY: readable lines, no framework noise, last start-up line gives the UI address and demo sign-in', async () => {
    const { port, env } = await envFor();
    const { child, output } = startTocsin(env, true);
    try {
      await waitFor(child, /Tocsin is ready: .*\r?\n/, 150_000);
      const atReady = output().replace(ANSI, '').replace(/\r/g, '');
      const lines = atReady.split('\n').filter((l) => l.trim());
      // The last line is the address to open and how to sign in, printed once both processes run.
      expect(lines.at(-1)).toBe(
        `Tocsin is ready: open http://localhost:${port}/ and sign in as admin@tocsin.local with password "${PASSWORD}" (DEMO_PASSWORD).`,
      );
      expect(lines.findIndex((l) => l.startsWith('Tocsin api listening'))).toBeGreaterThan(-1);
      expect(lines.findIndex((l) => l.startsWith('Tocsin worker started'))).toBeGreaterThan(-1);
      // Not JSON: pino-pretty's `HH:MM:ss LEVEL: [context] message` lines.
      expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
      // The worker's first reconciliation runs beside start-up and may end just after the ready line.
      const reconciled = /^\[\d\d:\d\d:\d\d\] INFO: \[EscalationReconciler\] Escalation timers reconciled/m;
      const clean = () => output().replace(ANSI, '').replace(/\r/g, '');
      if (!reconciled.test(clean())) await waitFor(child, () => reconciled.test(clean()), 60_000);
      expect(clean()).toMatch(reconciled);
      // Module initialisation and route mapping are debug now.
      expect(atReady).not.toMatch(/InstanceLoader|dependencies initialized|RouterExplorer|Mapped \{/);

      // A GraphQL request's line names the operation.
      const login = await graphql(
        port,
        'mutation login($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        { e: 'admin@tocsin.local', p: PASSWORD },
      );
      expect(login.errors).toBeUndefined();
      await waitFor(child, (seen) => /POST \/graphql mutation login 200 \d+ ms/.test(seen.replace(ANSI, '')));
    } finally {
      expect(await stop(child, true)).toBe(0);
    }
  }, 240_000);

  it('without a TTY: every log line is JSON, with the operation in the request line', async () => {
    const { port, env } = await envFor();
    const { child, output } = startTocsin(env, false);
    try {
      await waitFor(child, /Tocsin is ready: .*\n/, 150_000);
      await graphql(port, 'query Who { me { id } }');
      await waitFor(child, /"msg":"request completed"/);
    } finally {
      expect(await stop(child, false)).toBe(0);
    }
    const text = output();
    expect(text).not.toMatch(ANSI);
    // Log lines are pino JSON; the rest are the start-up script's own plain sentences.
    const logLines = text.split('\n').filter((l) => l.startsWith('{'));
    const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.find((e) => e.msg === 'Escalation timers reconciled')).toMatchObject({ level: 30 });
    expect(entries.find((e) => e.msg === 'request completed')).toMatchObject({
      method: 'POST',
      url: '/graphql',
      operation: 'query Who',
      status: 200,
    });
    const plain = text.split('\n').filter((l) => l.trim() && !l.startsWith('{'));
    expect(plain.filter((l) => /INFO|WARN|\[\w+\] /.test(l))).toEqual([]);
  }, 240_000);
});
