import './require-supported-node';
import 'reflect-metadata';

import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

import { ConfigError, loadConfig, resolveInfrastructure } from '@tocsin/core';
import { readRunbookDirectory } from '@tocsin/runbooks';

import { createDataSource } from '../migrations/data-source';
import { runMigrations } from '../migrations/run-migrations';
import { seedDemoData } from './demo-data';

/**
 * `npm start`: finds or starts PostgreSQL and Redis, applies migrations, seeds the demo data,
 * then runs one api and one worker process and stops both on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // A bad playbook file stops here, before anything starts (the api checks again and syncs them).
  const runbooks = readRunbookDirectory(config.runbooks.dir);
  console.log(`Runbooks valid: ${runbooks.length} in ${config.runbooks.dir}`);
  const infra = await resolveInfrastructure(config, (line) => console.log(line));
  const applied = await runMigrations(infra.databaseUrl, false);
  console.log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Database schema is up to date');
  if (config.demo.enabled) {
    const dataSource = createDataSource(infra.databaseUrl, 'tocsin-seed');
    await dataSource.initialize();
    const added = await seedDemoData(dataSource, config.demo.password);
    await dataSource.destroy();
    console.log(
      `Demo data ready (${added.agencies} agencies, ${added.users} users added): admin@, coordinator@, ` +
        'responder@, responder2@, reporter@, reporter2@ and leader@tocsin.local.',
    );
  }
  const webUi = `${localAddress(config.http.host, config.http.port)}/`;
  const readyLine = config.demo.enabled
    ? `Tocsin is ready: open ${webUi} and sign in as admin@tocsin.local with password "${config.demo.password}" (DEMO_PASSWORD).`
    : `Tocsin is ready: open ${webUi} (no demo data: create an administrator with npm run create-admin).`;

  const env = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    ...(infra.redisUrl ? { REDIS_URL: infra.redisUrl } : {}),
  };
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    let alive = children.length;
    const done = () => {
      void infra.stop().finally(() => process.exit(code));
    };
    if (alive === 0) done();
    for (const child of children) {
      child.once('exit', () => {
        if (--alive === 0) done();
      });
    }
    setTimeout(done, (config.shutdownTimeoutSeconds + 5) * 1000).unref();
  };
  const waitingFor = new Set(['api', 'worker']);
  for (const app of ['api', 'worker']) {
    // main.js from dist/, or main.ts when this runs from the sources (ts-node: the children inherit its
    // execArgv), as the terminal test does.
    const child = fork(
      path.join(__dirname, '..', 'apps', app, 'src', `main${path.extname(__filename)}`),
      [],
      {
        env,
        stdio: 'inherit',
      },
    );
    // Each process says when it runs (main.ts); the last start-up line comes when both have.
    child.on('message', (message: { tocsin?: string }) => {
      if (message?.tocsin !== 'ready' || !waitingFor.delete(app) || waitingFor.size > 0) return;
      console.log(readyLine);
    });
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`The ${app} process exited (code ${code}); stopping`);
        stopAll(code || 1);
      }
    });
    children.push(child);
  }
  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));
}

/** The address to open in a browser on this machine: a wildcard or loopback bind is `localhost`. */
function localAddress(host: string, port: number): string {
  const local = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host);
  return `http://${local ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
