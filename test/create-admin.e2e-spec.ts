import { spawn } from 'node:child_process';

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';

import { loadConfig } from '@tocsin/core';

import { createApiApp } from '../apps/api/src/bootstrap';
import { graphqlFetcher } from './support/graphql-fetch';
import { dropRedisPrefix, TEST_PG_URL, TEST_REDIS_URL, uniqueName } from './support/test-env';

// Jest runs from the repository root (ES module test files have no __dirname).
const ROOT = process.cwd();
const SCRIPT = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  'tsconfig-paths/register',
  'scripts/create-admin.ts',
];
const PASSWORD = 'First-Admin-2026!';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run create-admin on a database without demo data', () => {
  const name = uniqueName('tocsin_test_admin');
  const url = `${TEST_PG_URL.replace(/\/[^/]*$/, '')}/${name}`;
  const prefix = uniqueName('adm');
  let api: NestFastifyApplication | undefined;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TS_NODE_PROJECT: 'tsconfig.json',
    DATABASE_URL: url,
    NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
  };

  /** The script with arguments; `input` goes to stdin (with --password-stdin), or to a terminal. */
  function createAdmin(args: string[], input: string, terminal = false): Promise<Run> {
    const command = [process.execPath, ...SCRIPT, ...args].map((a) => `'${a}'`).join(' ');
    const child = terminal
      ? spawn('script', ['-qfec', `exec ${command}`, '/dev/null'], { cwd: ROOT, env })
      : spawn(process.execPath, [...SCRIPT, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // On a terminal, answer each prompt as a person would (Enter is a carriage return there).
      if (terminal && /Password for the new administrator: $|The same password again: $/.test(stdout)) {
        child.stdin.write(`${input}\r`);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (!terminal) child.stdin.end(input);
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const admin = new Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    // Empty: no tables at all, as a new installation's database is. The script migrates it.
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  });

  afterAll(async () => {
    await api?.close();
    await dropRedisPrefix(prefix);
    const admin = new Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const short = await createAdmin(
      ['--email', 'root@so.gov.vn', '--name', 'Quản trị', '--password-stdin'],
      'short\n',
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('The password must be 10–128 characters long');
    const email = await createAdmin(
      ['--email', 'not-an-address', '--name', 'X', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(email.code).toBe(2);
    expect(email.stderr).toContain('--email: expected an email address');
    const noName = await createAdmin(['--email', 'root@so.gov.vn', '--password-stdin'], `${PASSWORD}\n`);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name: expected 1–120 characters');
    const agency = await createAdmin(
      ['--email', 'root@so.gov.vn', '--name', 'Quản trị', '--agency', 'NOPE', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(agency.code).toBe(2);
    expect(agency.stderr).toContain('--agency: no agency has the code NOPE');
    // The last one got as far as migrating the database; no user came of any of them.
    expect(await sql('SELECT id FROM "user"')).toEqual([]);
  }, 300_000);

  it('creates an ADMIN from stdin who can sign in and administer; the audit chain records it', async () => {
    const run = await createAdmin(
      ['--email', 'Root@So.gov.vn', '--name', '  Quản trị hệ thống  ', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(run.stderr.split('\n').filter((l) => l.trim() && !/Warning: Tocsin supports/.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Administrator root@so\.gov\.vn created \(id [0-9a-f-]{36}\)\. Sign in at https:\/\/tocsin\.example\.gov\.vn\/\n$/,
    );
    expect(await sql('SELECT email, display_name, role, active FROM "user"')).toEqual([
      { email: 'root@so.gov.vn', display_name: 'Quản trị hệ thống', role: 'ADMIN', active: true },
    ]);
    expect(await sql('SELECT count(*)::int AS n FROM agency')).toEqual([{ n: 0 }]);

    const again = await createAdmin(
      ['--email', 'root@so.gov.vn', '--name', 'Again', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      'A user with the email root@so.gov.vn already exists; nothing was changed',
    );

    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      DATABASE_POOL_SIZE: '3',
      // Two-step sign-in off, as in every suite (test/support/test-app.ts): the new admin administers
      // with a password only here; enrolment itself is covered by test/account-security.e2e-spec.ts.
      TWO_FACTOR_REQUIRED_ROLES: 'none',
    });
    api = await createApiApp(config, { webRoot: false });
    await api.listen({ port: 0, host: '127.0.0.1' });
    const gql = graphqlFetcher(api);
    const login = await gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { email role } } }',
      { e: 'root@so.gov.vn', p: PASSWORD },
    );
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user).toEqual({ email: 'root@so.gov.vn', role: 'ADMIN' });
    const token = login.data!.login.accessToken as string;
    // An administrator's first job: the agencies. Only an ADMIN may create one.
    const agency = await gql(
      'mutation { createAgency(input: { code: "TINH", name: "UBND tỉnh", kind: PROVINCE }) { code } }',
      {},
      token,
    );
    expect(agency.errors).toBeUndefined();
    expect(agency.data).toEqual({ createAgency: { code: 'TINH' } });
    const verify = await gql('{ verifyAuditChain { ok checked } }', {}, token);
    expect(verify.errors).toBeUndefined();
    expect(verify.data!.verifyAuditChain.ok).toBe(true);
    const created = await sql<{ action: string; actor_id: string | null }>(
      "SELECT action, actor_id FROM audit_event WHERE action = 'user.created'",
    );
    expect(created).toEqual([{ action: 'user.created', actor_id: null }]);
  }, 300_000);

  it('on a terminal asks twice without echoing, and refuses two different answers', async () => {
    const run = await createAdmin(['--email', 'second@so.gov.vn', '--name', 'Phó quản trị'], PASSWORD, true);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Administrator second@so.gov.vn created');
    expect(run.stdout).not.toContain(PASSWORD);
    const rows = await sql<{ role: string }>('SELECT role FROM "user" WHERE email = $1', [
      'second@so.gov.vn',
    ]);
    expect(rows).toEqual([{ role: 'ADMIN' }]);
    const noTerminal = await createAdmin(['--email', 'third@so.gov.vn', '--name', 'X'], '');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain(
      'No terminal to ask for the password: pipe it in with --password-stdin',
    );
  }, 300_000);
});
