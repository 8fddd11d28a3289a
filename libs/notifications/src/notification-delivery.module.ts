import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

import {
  APP_CONFIG,
  AppConfig,
  Clock,
  OutboxSubscribers,
  PublishedEvent,
  REDIS_CLIENT,
  bullmqConnectionOptions,
} from '@tocsin/core';
import { IncidentChangesModule } from '@tocsin/incidents';

import { ChannelSender } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { TelegramChannel } from './channels/telegram.channel';
import { WebPushChannel } from './channels/web-push.channel';
import { ZaloChannel } from './channels/zalo.channel';
import { DeliveryAudit } from './delivery-audit';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliveryService } from './delivery.service';
import { asNotificationEvent } from './notification-outbox-events';
import { RecipientReach } from './recipient-reach';
import { NotificationChannel } from './notification.enums';
import { NotificationsModule } from './notifications.module';

/**
 * One BullMQ queue per outward channel, so a throttled provider never holds the others back.
 * Defined here rather than in core's QueueName: these queues and their workers belong to this
 * module, which creates the workers itself because their rate limits come from configuration.
 */
export const NOTIFICATION_QUEUES = {
  [NotificationChannel.EMAIL]: 'notify-email',
  [NotificationChannel.TELEGRAM]: 'notify-telegram',
  [NotificationChannel.ZALO]: 'notify-zalo',
  [NotificationChannel.WEB_PUSH]: 'notify-web-push',
} as const;
export type OutwardChannel = keyof typeof NOTIFICATION_QUEUES;
const isOutward = (channel: NotificationChannel): channel is OutwardChannel => channel in NOTIFICATION_QUEUES;
export const DELIVER_JOB = 'deliver';

export interface DeliverJob {
  notificationId: string;
}

/** The job id of a delivery: one per notification and dispatch (a coordinator's retry is a new dispatch). */
export const deliveryJobId = (notificationId: string, dispatch: number): string =>
  `n-${notificationId}-${dispatch}`;

/** Telegram: one message a second per chat, 18 a minute per group (negative chat ids). */
const chatInterval = (chatId: string): number => (chatId.startsWith('-') ? 3_400 : 1_000);

@Injectable()
export class NotificationWorkers implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationDelivery');
  private readonly queues = new Map<OutwardChannel, Queue<DeliverJob>>();
  private readonly workers: Worker<DeliverJob>[] = [];
  readonly senders: Record<OutwardChannel, ChannelSender>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @InjectDataSource() dataSource: DataSource,
    private readonly delivery: DeliveryService,
    private readonly subscribers: OutboxSubscribers,
    deliveryMetrics: DeliveryMetrics,
  ) {
    const n = config.notifications;
    this.senders = {
      [NotificationChannel.EMAIL]: new EmailChannel(n),
      [NotificationChannel.TELEGRAM]: new TelegramChannel(n),
      [NotificationChannel.ZALO]: new ZaloChannel(
        n,
        dataSource,
        { client: redis, prefix: config.redis.prefix },
        (outcome) => deliveryMetrics.zaloRefreshes.inc({ outcome }),
      ),
      [NotificationChannel.WEB_PUSH]: new WebPushChannel(n),
    };
  }

  private get connection() {
    return bullmqConnectionOptions(this.config.redis);
  }

  private get prefix(): string {
    return `${this.config.redis.prefix}:bull`;
  }

  onModuleInit(): void {
    const n = this.config.notifications;
    const rates: Record<OutwardChannel, number | undefined> = {
      [NotificationChannel.EMAIL]: n.email?.ratePerSecond,
      [NotificationChannel.TELEGRAM]: n.telegram?.ratePerSecond,
      [NotificationChannel.ZALO]: n.zalo?.ratePerSecond,
      [NotificationChannel.WEB_PUSH]: n.webPush?.ratePerSecond,
    };
    for (const channel of Object.keys(NOTIFICATION_QUEUES) as OutwardChannel[]) {
      const name = NOTIFICATION_QUEUES[channel];
      this.queues.set(
        channel,
        new Queue<DeliverJob>(name, { connection: this.connection, prefix: this.prefix }),
      );
      const sender = this.senders[channel];
      if (!sender.configured) {
        this.logger.warn(`${channel} notifications are off: no settings (see the README, "Notifications")`);
      }
      const worker: Worker<DeliverJob> = new Worker<DeliverJob>(
        name,
        (job, token) => this.process(worker, sender, job, token),
        {
          connection: this.connection,
          prefix: this.prefix,
          // No claimed delivery may wait in a transport's own queue (a worker that dies would take
          // it along after its claim said "may have been sent"): email runs at most as many at
          // once as the SMTP pool has connections; the HTTP channels' connection pools do not queue.
          concurrency: this.concurrencyOf(channel),
          // A job held by a worker killed with SIGKILL is taken over within about 15 s.
          lockDuration: 10_000,
          stalledInterval: 5_000,
          // Under the providers' published limits (Telegram 30/s: we default to 25/s).
          limiter: { max: rates[channel] ?? 5, duration: 1000 },
        },
      );
      worker.on('failed', (job, error) =>
        this.logger.error({ err: error, jobId: job?.id, queue: name }, 'Notification job failed'),
      );
      worker.on('error', (error) =>
        this.logger.error({ err: error, queue: name }, 'Notification worker error'),
      );
      this.workers.push(worker);
    }
    this.subscribers.subscribe('notifications', (events) => this.enqueue(events));
  }

  /** How many deliveries of this channel run at once in this process. */
  concurrencyOf(channel: OutwardChannel): number {
    const n = this.config.notifications;
    if (channel === NotificationChannel.EMAIL && n.email)
      return Math.min(n.concurrency, n.email.maxConnections);
    return n.concurrency;
  }

  /** Outbox → jobs, with deterministic ids: a replayed batch adds nothing while the jobs exist. */
  async enqueue(events: PublishedEvent[]): Promise<void> {
    const batches = new Map<OutwardChannel, Parameters<Queue<DeliverJob>['addBulk']>[0]>();
    for (const published of events) {
      const event = asNotificationEvent(published);
      if (event?.eventType !== 'notification.requested') continue;
      const channel = event.payload.channel;
      if (!isOutward(channel) || !this.queues.has(channel)) continue;
      const list = batches.get(channel) ?? [];
      list.push({
        name: DELIVER_JOB,
        data: { notificationId: event.aggregateId },
        opts: {
          jobId: deliveryJobId(event.aggregateId, event.payload.dispatch),
          // Only for unexpected errors (database down); send failures are retried by the service.
          attempts: 5,
          backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
          removeOnComplete: { age: 24 * 3600, count: 50_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      });
      batches.set(channel, list);
    }
    await Promise.all([...batches].map(([channel, jobs]) => this.queues.get(channel)!.addBulk(jobs)));
  }

  private async process(
    worker: Worker<DeliverJob>,
    sender: ChannelSender,
    job: Job<DeliverJob>,
    token: string | undefined,
  ): Promise<void> {
    const pace =
      sender.channel === NotificationChannel.TELEGRAM
        ? (address: string) => this.paceChat(address)
        : undefined;
    const outcome = await this.delivery.deliver(job.data.notificationId, sender, pace);
    if (outcome.kind === 'done') return;
    if (outcome.pauseQueueMs) await worker.rateLimit(outcome.pauseQueueMs);
    await job.moveToDelayed(outcome.at, token);
    throw new DelayedError();
  }

  /** Milliseconds to wait before this chat may get another message (0: go now). */
  private async paceChat(chatId: string): Promise<number> {
    const key = `${this.config.redis.prefix}:notify:tg-chat:${chatId}`;
    const ok = await this.redis.set(key, '1', 'PX', chatInterval(chatId), 'NX');
    if (ok) return 0;
    return Math.max(50, await this.redis.pttl(key));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const sender of Object.values(this.senders)) await sender.close?.();
  }
}

/** The worker side: per-channel queues and workers, and the outbox subscriber that feeds them. */
@Module({
  imports: [NotificationsModule, IncidentChangesModule],
  providers: [Clock, DeliveryService, NotificationWorkers, RecipientReach, DeliveryMetrics, DeliveryAudit],
  exports: [NotificationWorkers, DeliveryMetrics, DeliveryAudit],
})
export class NotificationsWorkerModule {}
