import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import Redis from 'ioredis';
import { Client } from 'pg';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REDIS_CLIENT } from '../redis/redis.module';
import { OUTBOX_CHANNEL } from './outbox';

/** The Redis pub/sub channel incident events are published on (api processes feed subscriptions from it). */
export const eventsChannel = (prefix: string): string => `${prefix}:events`;

export interface PublishedEvent {
  id: string;
  aggregateType: string;
  aggregateId: string;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Turns a batch of committed events into jobs; throwing makes the relay retry the batch. */
export type OutboxHandler = (events: PublishedEvent[]) => Promise<void>;

/**
 * Where worker modules register what must happen after a commit (start an escalation, deliver a
 * notification). Handlers run before the batch is marked published, so each event reaches them at
 * least once; they add BullMQ jobs with ids derived from the event, so a replay adds nothing.
 */
@Injectable()
export class OutboxSubscribers {
  private readonly handlers: { name: string; handle: OutboxHandler }[] = [];

  subscribe(name: string, handle: OutboxHandler): void {
    this.handlers.push({ name, handle });
  }

  async dispatch(events: PublishedEvent[]): Promise<void> {
    for (const handler of this.handlers) await handler.handle(events);
  }
}

/** Advisory lock held by the one relay that publishes; others stand by (keeps per-incident order). */
const RELAY_LOCK = 7_254_002;
const BATCH = 200;

/**
 * Publishes committed outbox rows, oldest first, at least once. Woken by LISTEN/NOTIFY, with a
 * one-second poll as a safety net. Only the process holding the advisory lock relays, so the
 * order of events is the commit order of their rows even with several workers running.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private client?: Client;
  private stopped = false;
  private leader = false;
  private broken = false;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly subscribers: OutboxSubscribers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
    this.loop = this.run();
  }

  /** A dedicated connection: LISTEN and the leader's advisory lock live on it. */
  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: 'tocsin-outbox-relay',
    });
    // A dropped connection is noticed here and by the next query; the loop then reconnects.
    client.on('error', (error) => {
      this.logger.error({ err: error }, 'Outbox relay connection error');
      this.broken = true;
      this.wake?.();
    });
    await client.connect();
    client.on('notification', () => this.wake?.());
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.client = client;
    this.broken = false;
    this.leader = false;
  }

  /** Drops the connection (and with it leadership and LISTEN) and makes a new one. */
  private async reconnect(): Promise<void> {
    this.leader = false;
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await this.client?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.broken || !this.client) await this.reconnect();
        if (!this.leader) {
          const [row] = (
            await this.client!.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RELAY_LOCK])
          ).rows;
          this.leader = row.ok;
        }
        if (this.leader) {
          while (!this.stopped && (await this.relayBatch()) === BATCH) {
            // drain
          }
        }
        failures = 0;
      } catch (error) {
        failures++;
        this.broken = true;
        this.leader = false;
        this.logger.error({ err: error, failures }, 'Outbox relay pass failed; reconnecting');
      }
      const delay = failures ? Math.min(30_000, 500 * 2 ** failures) : this.leader ? 1000 : 5000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** One transaction: lock a batch, publish it in order, mark it published. */
  private async relayBatch(): Promise<number> {
    const client = this.client!;
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{
        id: string;
        aggregate_type: string;
        aggregate_id: string;
        event_type: string;
        payload: Record<string, unknown>;
        created_at: Date;
      }>(
        `SELECT id, aggregate_type, aggregate_id, event_type, payload, created_at FROM outbox_event
          WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length) {
        const channel = eventsChannel(this.config.redis.prefix);
        const events: PublishedEvent[] = rows.map((r) => ({
          id: r.id,
          aggregateType: r.aggregate_type,
          aggregateId: r.aggregate_id,
          eventType: r.event_type,
          payload: r.payload,
          createdAt: r.created_at.toISOString(),
        }));
        await this.subscribers.dispatch(events);
        const pipeline = this.redis.multi();
        for (const event of events) pipeline.publish(channel, JSON.stringify(event));
        await pipeline.exec();
        await client.query('UPDATE outbox_event SET published_at = now() WHERE id = ANY($1::bigint[])', [
          rows.map((r) => r.id),
        ]);
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** The worker's outbox relay and the registry its consumers subscribe to. */
@Global()
@Module({ providers: [OutboxSubscribers, OutboxRelay], exports: [OutboxSubscribers] })
export class OutboxModule {}
