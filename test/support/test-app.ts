import 'reflect-metadata';

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { INestApplicationContext } from '@nestjs/common';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { AppConfig, loadConfig } from '@tocsin/core';

import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { createDataSource } from '../../migrations/data-source';
import { seedDemoData } from '../../scripts/demo-data';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, TestDatabase, uniqueName } from './test-env';

export const DEMO_PASSWORD = 'Demo-Password-2026';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  headers: Record<string, string | string[] | undefined>;
}

/** A running api on a random port with its own database, Redis prefix and demo data. */
export class TestApi {
  /** Extra processes sharing this database and Redis prefix: more api processes, a worker. */
  private readonly companions: { close(): Promise<void> }[] = [];
  private readonly sockets: Client[] = [];

  private constructor(
    /** Replaced by restartApi(). */
    public app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly db: TestDatabase,
    /** Direct database access for assertions ("nothing was written"). */
    readonly dataSource: DataSource,
  ) {}

  static async start(
    env: Record<string, string> = {},
    /** web: serve the built UI (dist/web); other suites never read it, so a rebuild cannot race them. */
    options: { schemaFile?: string; worker?: boolean; web?: boolean } = {},
  ): Promise<TestApi> {
    const db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueName('t'),
      DEMO_PASSWORD,
      DATABASE_POOL_SIZE: '5',
      // Suites sign the demo admin and coordinator in with a password; the suites about the second
      // factor set the requirement themselves.
      TWO_FACTOR_REQUIRED_ROLES: 'none',
      ...env,
    });
    const dataSource = createDataSource(db.url, 'tocsin-test', false);
    await dataSource.initialize();
    await seedDemoData(dataSource, DEMO_PASSWORD);
    const app = await createApiApp(config, {
      schemaFile: options.schemaFile,
      webRoot: options.web ? undefined : false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const api = new TestApi(app, config, db, dataSource);
    if (options.worker) await api.startWorker();
    return api;
  }

  /** Runs the worker (outbox relay, queues) in this process against the same database and Redis. */
  async startWorker(): Promise<INestApplicationContext> {
    const worker = await createWorkerApp(this.config);
    await worker.init();
    this.companions.push(worker);
    return worker;
  }

  /** A second api process (same database and Redis), as in a scaled-out deployment. */
  async startPeer(): Promise<NestFastifyApplication> {
    const peer = await createApiApp(this.config, {});
    await peer.listen({ port: 0, host: '127.0.0.1' });
    this.companions.push(peer);
    return peer;
  }

  /**
   * Stops this api and starts a new one on the same database and Redis prefix, as a redeploy does
   * (e.g. after changing files the api reads at start). Companions keep running.
   */
  async restartApi(): Promise<void> {
    await this.app.close();
    this.app = await createApiApp(this.config, {});
    await this.app.listen({ port: 0, host: '127.0.0.1' });
  }

  get url(): string {
    return TestApi.urlOf(this.app);
  }

  static urlOf(app: NestFastifyApplication): string {
    const address = app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  /** A graphql-ws client, authenticated at connection with the given token. */
  ws(token: string, app: NestFastifyApplication = this.app): Client {
    const client = createClient({
      url: `${TestApi.urlOf(app).replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      // A refused connection is asserted by the test itself; do not also print it.
      onNonLazyError: () => undefined,
    });
    this.sockets.push(client);
    return client;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    auth?: { token?: string; apiKey?: string; cookie?: string; headers?: Record<string, string> },
  ): Promise<GqlResult<T>> {
    let req = this.http.post('/graphql').set('content-type', 'application/json');
    if (auth?.token) req = req.set('authorization', `Bearer ${auth.token}`);
    if (auth?.apiKey) req = req.set('x-api-key', auth.apiKey);
    if (auth?.cookie) req = req.set('cookie', auth.cookie);
    for (const [k, v] of Object.entries(auth?.headers ?? {})) req = req.set(k, v);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors, headers: res.headers };
  }

  /** Signs in and returns the access token (throws with the errors if that fails). */
  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.gql<{ login: { accessToken: string } }>(
      'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }',
      { e: email, p: password },
    );
    if (!res.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(res.errors)}`);
    return res.data.login.accessToken;
  }

  async idOf(table: 'user' | 'agency', key: string): Promise<string> {
    const column = table === 'user' ? 'email' : 'code';
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM "${table}" WHERE ${column} = $1`,
      [key],
    );
    if (!rows[0]) throw new Error(`${table} ${key} not found`);
    return rows[0].id;
  }

  async count(table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`,
      params,
    );
    return rows[0].n;
  }

  /**
   * Points the default escalation chain at one person (one step, an hour apart), so suites about
   * something else are not paged into by the week's on-call rotation (paging someone puts them on
   * the incident, which changes who may see a TLP:RED case).
   */
  async pageOnly(email: string): Promise<void> {
    const userId = await this.idOf('user', email);
    await this.dataSource.query(
      'DELETE FROM escalation_step WHERE chain_id = (SELECT id FROM escalation_chain WHERE is_default)',
    );
    await this.dataSource.query(
      `INSERT INTO escalation_step (chain_id, position, delay_seconds, targets, channels)
       SELECT id, 0, 3600, $1::jsonb, '{IN_APP}' FROM escalation_chain WHERE is_default`,
      [JSON.stringify([{ kind: 'USER', userId }])],
    );
    await this.dataSource.query('UPDATE escalation_chain SET repeat_count = 0 WHERE is_default');
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) await socket.dispose();
    for (const companion of this.companions.reverse()) await companion.close();
    await this.app.close();
    await this.dataSource.destroy();
    await this.db.drop();
    await dropRedisPrefix(this.config.redis.prefix);
  }
}

export function codeOf(result: GqlResult): unknown {
  return result.errors?.[0]?.extensions?.code;
}
