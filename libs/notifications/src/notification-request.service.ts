import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@tocsin/core';
import { IncidentChange, incidentEvent, IncidentWrites, severityOf, TimelineKind } from '@tocsin/incidents';

import { OUTWARD_CHANNELS } from './delivery-rules';
import type {
  NotificationRecipient,
  NotificationRequest,
  NotificationRequester,
  RequestedNotification,
} from './notification-requester';
import { notificationRequested } from './notification-outbox-events';
import { NotificationChannel } from './notification.enums';
import { insertFallback, insertRequested } from './notification.queries';

/** The channels whose settings are present (the others are off). */
export function configuredChannels(config: AppConfig): Set<NotificationChannel> {
  const on = new Set<NotificationChannel>([NotificationChannel.IN_APP]);
  if (config.notifications.email) on.add(NotificationChannel.EMAIL);
  if (config.notifications.telegram) on.add(NotificationChannel.TELEGRAM);
  if (config.notifications.zalo) on.add(NotificationChannel.ZALO);
  if (config.notifications.webPush) on.add(NotificationChannel.WEB_PUSH);
  return on;
}

interface RecipientFacts {
  id: string;
  /** Preferred outward channels per severity (null: the defaults). */
  orders: Partial<Record<string, NotificationChannel[]>> | null;
  /** Channels with a verified, not failed contact method. */
  methods: NotificationChannel[];
}

/** A person's outward channels for a severity, in their order. */
export function channelOrderFor(
  orders: Partial<Record<string, NotificationChannel[]>> | null | undefined,
  severity: string,
): NotificationChannel[] {
  return orders?.[severity] ?? OUTWARD_CHANNELS;
}

/**
 * Records notification requests. In-app ones are delivered at once (a timeline entry, which the
 * subscription carries); the others stay PENDING and an outbox row hands them to delivery.
 *
 * Each person's preferences shape the request: of the outward channels the step asks for, only
 * those the person wants for this severity, that are configured, and on which the person has a
 * usable contact method; if none is left, the first such channel in the person's own order (so
 * nobody the step names is silently dropped), and failing that the in-app notification.
 */
@Injectable()
export class NotificationRequestService implements NotificationRequester {
  private readonly logger = new Logger('Notifications');
  private readonly configured: Set<NotificationChannel>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.configured = configuredChannels(config);
  }

  async request(change: IncidentChange, request: NotificationRequest): Promise<RequestedNotification[]> {
    const { severity } = change.incident;
    const facts = await this.recipientFacts(
      change.em,
      request.recipients.map((r) => r.userId),
    );
    const rows = request.recipients.flatMap((r: NotificationRecipient) =>
      this.channelsFor(r, facts.get(r.userId), severity).map((channel) => ({
        recipientId: r.userId,
        channel,
      })),
    );
    return this.insert(change, request, rows);
  }

  /** The channels one recipient gets for this request (see the class comment). */
  private channelsFor(
    recipient: NotificationRecipient,
    facts: RecipientFacts | undefined,
    severity: string,
  ): NotificationChannel[] {
    if (!facts) return [];
    const asked = [...new Set(recipient.channels)];
    const order = channelOrderFor(facts.orders, severity);
    const usable = (c: NotificationChannel) => this.configured.has(c) && facts.methods.includes(c);
    const askedOutward: NotificationChannel[] = asked.filter((c) => c !== NotificationChannel.IN_APP);
    let outward = order.filter((c) => askedOutward.includes(c) && usable(c));
    if (!outward.length && askedOutward.length) outward = order.filter(usable).slice(0, 1);
    const skipped = askedOutward.filter((c) => !this.configured.has(c));
    if (skipped.length)
      this.logger.debug({ skipped, severity }, 'Notification channels are off (no settings)');
    const result = [...outward];
    if (asked.includes(NotificationChannel.IN_APP) || !result.length)
      result.unshift(NotificationChannel.IN_APP);
    return result;
  }

  private async recipientFacts(em: EntityManager, userIds: string[]): Promise<Map<string, RecipientFacts>> {
    const result = new Map<string, RecipientFacts>();
    if (!userIds.length) return result;
    const rows = await em.query<
      {
        id: string;
        channel_order: Record<string, NotificationChannel[]> | null;
        methods: NotificationChannel[] | null;
      }[]
    >(
      `SELECT u.id, p.channel_order,
              (SELECT array_agg(DISTINCT cm.channel::text) FROM contact_method cm
                WHERE cm.user_id = u.id AND cm.verified_at IS NOT NULL AND cm.failed_at IS NULL) AS methods
         FROM "user" u LEFT JOIN notification_preference p ON p.user_id = u.id
        WHERE u.id = ANY($1::uuid[]) AND u.active`,
      [[...new Set(userIds)]],
    );
    for (const row of rows) {
      result.set(row.id, { id: row.id, orders: row.channel_order, methods: row.methods ?? [] });
    }
    return result;
  }

  /** Inserts the rows (ON CONFLICT DO NOTHING); the in-app timeline entry and the outbox rows go with the change. */
  private async insert(
    change: IncidentChange,
    request: NotificationRequest,
    rows: { recipientId: string; channel: NotificationChannel }[],
  ): Promise<RequestedNotification[]> {
    const incidentId = change.incident.id;
    const created = await insertRequested(change.em, { ...request, incidentId }, rows);
    if (!created.length) return [];
    const result = created.map((r) => ({ id: r.id, recipientId: r.recipient_id, channel: r.channel }));
    // One timeline entry per request, naming everyone it reached: the incident's one ordered stream.
    change.timeline({
      kind: TimelineKind.NOTIFICATION,
      data: {
        event: request.event,
        eventKey: request.eventKey,
        repeat: request.repeat,
        ...(request.payload ?? {}),
        notifications: result,
      },
    });
    const outward = result.filter((r) => r.channel !== NotificationChannel.IN_APP);
    change.emit(
      incidentEvent('incident.notified', incidentId, {
        internal: true,
        event: request.event,
        count: result.length,
      }),
      ...outward.map((r) =>
        notificationRequested(r.id, {
          incidentId,
          channel: r.channel,
          recipientId: r.recipientId,
          dispatch: 0,
        }),
      ),
    );
    return result;
  }

  /**
   * After a delivery failed for good: the person's next channel in their order for this
   * severity that this request has not used yet, is configured, and has a usable contact
   * method. Inserted in the caller's transaction (same unique key, so never twice). Returns the
   * new row, or null when nothing is left (the in-app notification and the timeline remain).
   */
  async fallBack(
    writes: IncidentWrites,
    failed: {
      id: string;
      incidentId: string;
      recipientId: string;
      channel: NotificationChannel;
      event: string;
      eventKey: string;
      repeat: number;
      payload: Record<string, unknown>;
    },
  ): Promise<RequestedNotification | null> {
    const { em } = writes;
    const severity = await severityOf(em, failed.incidentId);
    if (!severity) return null;
    const facts = (await this.recipientFacts(em, [failed.recipientId])).get(failed.recipientId);
    if (!facts) return null;
    const used = await em.query<{ channel: NotificationChannel }[]>(
      `SELECT channel FROM notification
        WHERE incident_id = $1 AND event_key = $2 AND repeat = $3 AND recipient_id = $4`,
      [failed.incidentId, failed.eventKey, failed.repeat, failed.recipientId],
    );
    const taken = new Set(used.map((u) => u.channel));
    const next = channelOrderFor(facts.orders, severity).find(
      (c) => !taken.has(c) && this.configured.has(c) && facts.methods.includes(c),
    );
    if (!next) return null;
    const id = await insertFallback(
      em,
      {
        ...failed,
        payload: { ...failed.payload, fallbackFrom: failed.id, fallbackFromChannel: failed.channel },
      },
      next,
    );
    if (!id) return null;
    writes.emit(
      notificationRequested(id, {
        incidentId: failed.incidentId,
        channel: next,
        recipientId: failed.recipientId,
        dispatch: 0,
      }),
    );
    return { id, recipientId: failed.recipientId, channel: next };
  }

  async reachable(
    em: EntityManager,
    userIds: string[],
    channels: NotificationChannel[],
  ): Promise<Map<string, NotificationChannel[]>> {
    const result = new Map<string, NotificationChannel[]>();
    if (!userIds.length || !channels.length) return result;
    const rows = await em.query<{ id: string; channels: NotificationChannel[] | null }[]>(
      `SELECT u.id,
              array_remove(array_agg(DISTINCT cm.channel::text), NULL) AS channels
         FROM "user" u
         LEFT JOIN contact_method cm
           ON cm.user_id = u.id AND cm.verified_at IS NOT NULL AND cm.failed_at IS NULL
              AND cm.channel::text = ANY($2::text[])
        WHERE u.id = ANY($1::uuid[]) AND u.active
        GROUP BY u.id`,
      [userIds, channels],
    );
    for (const row of rows) {
      const usable = new Set<NotificationChannel>(row.channels ?? []);
      if (channels.includes(NotificationChannel.IN_APP)) usable.add(NotificationChannel.IN_APP);
      const ordered = channels.filter((c) => usable.has(c) && this.configured.has(c));
      if (ordered.length) result.set(row.id, ordered);
    }
    return result;
  }
}
