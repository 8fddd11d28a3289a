import { EventEmitter } from 'node:events';

import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';

import { Actor, actorForNextEvent, IncidentAccess, SubscriptionContext } from '@tocsin/access';
import { AuthService } from '@tocsin/auth';
import { APP_CONFIG, AppConfig, eventsChannel, PublishedEvent, REDIS_CLIENT } from '@tocsin/core';

import { IncidentQueriesService } from './incident-queries.service';
import { IncidentEventModel } from './incident.model';

const MAX_QUEUED = 1000;

/**
 * Feeds `incidentChanged` subscriptions from the Redis channel the worker's outbox relay
 * publishes on, so a change made through any api process reaches subscribers on every other.
 * Each event is re-read with the subscriber's own visibility before it is sent: a subscriber
 * gets nothing about an incident they may not see.
 */
@Injectable()
export class IncidentEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IncidentEventsService.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private subscriber?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly queries: IncidentQueriesService,
    private readonly auth: AuthService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        const event = JSON.parse(message) as PublishedEvent;
        if (event.aggregateType === 'incident') this.emitter.emit('event', event);
      } catch (error) {
        this.logger.warn({ err: error }, 'Ignored a malformed event');
      }
    });
    await this.subscriber.subscribe(eventsChannel(this.config.redis.prefix));
  }

  async onModuleDestroy(): Promise<void> {
    this.emitter.removeAllListeners();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /**
   * An async iterator of `{ incidentChanged }` payloads for one subscriber. Before each event the
   * subscriber is authenticated again as an HTTP request would be (`context.live`): a role or
   * agency change narrows what the next event shows, nested fields included (the context's actor
   * and loaders are replaced); a logout, deactivation or expired token ends the stream.
   */
  subscribe(
    actor: Actor,
    incidentId?: string,
    context?: SubscriptionContext,
  ): AsyncIterableIterator<{ incidentChanged: IncidentEventModel }> {
    /** The actor as it is now, or null once the credentials behind the subscription no longer hold. */
    const actorNow = async (): Promise<Actor | null> => {
      try {
        if (context) return await actorForNextEvent(context);
        if (actor.kind !== 'user') return actor;
        const refreshed = await this.auth.refreshActor(actor.id, actor.sessionId);
        return typeof refreshed === 'string' ? null : refreshed;
      } catch {
        return null;
      }
    };
    const queue: PublishedEvent[] = [];
    let waiting: ((value: IteratorResult<{ incidentChanged: IncidentEventModel }>) => void) | null = null;
    let done = false;
    let pumping = false;
    const onEvent = (event: PublishedEvent) => {
      if (incidentId && event.aggregateId !== incidentId) return;
      if (queue.length >= MAX_QUEUED) queue.shift(); // a stalled client loses the oldest hints, not the server's memory
      queue.push(event);
      if (waiting) void pump();
    };
    const finish = (): Promise<IteratorResult<{ incidentChanged: IncidentEventModel }>> => {
      done = true;
      this.emitter.off('event', onEvent);
      if (waiting) waiting({ value: undefined, done: true });
      waiting = null;
      return Promise.resolve({ value: undefined, done: true });
    };
    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        await drain();
      } finally {
        pumping = false;
      }
      if (waiting && queue.length && !done) void pump();
    };
    const drain = async (): Promise<void> => {
      while (waiting && queue.length) {
        const event = queue.shift()!;
        const current = await actorNow();
        if (!current) {
          await finish();
          return;
        }
        if (event.payload.internal === true && !IncidentAccess.seesInternal(current)) continue;
        const [incident] = await this.queries.findVisibleByIds(current, [event.aggregateId]);
        if (!incident || !waiting || done) continue;
        const resolve = waiting;
        waiting = null;
        resolve({
          value: {
            incidentChanged: {
              incidentId: incident.id,
              type: event.eventType,
              occurredAt: new Date(event.createdAt),
              incident,
            },
          },
          done: false,
        });
      }
    };
    this.emitter.on('event', onEvent);
    const iterator: AsyncIterableIterator<{ incidentChanged: IncidentEventModel }> = {
      next: () => {
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          waiting = resolve;
          void pump();
        });
      },
      return: finish,
      throw: (error: unknown) => {
        void finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
