import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { writeOutbox } from '@tocsin/core';
import { TimelineKind } from '@tocsin/incidents';

import type {
  NotificationRecipient,
  NotificationRequest,
  NotificationRequester,
  RequestedNotification,
} from './notification-requester';
import { DeliveryState, NotificationChannel } from './notification.enums';

/**
 * Records notification requests. In-app ones are delivered at once (a timeline entry, which the
 * subscription carries); the others stay PENDING and an outbox row hands them to delivery.
 */
@Injectable()
export class NotificationRequestService implements NotificationRequester {
  async request(em: EntityManager, request: NotificationRequest): Promise<RequestedNotification[]> {
    const rows = request.recipients.flatMap((r: NotificationRecipient) =>
      [...new Set(r.channels)].map((channel) => ({ recipientId: r.userId, channel })),
    );
    if (!rows.length) return [];
    const values: unknown[] = [request.incidentId, request.event, request.eventKey, request.repeat];
    values.push(JSON.stringify(request.payload ?? {}));
    const tuples = rows.map((row, i) => {
      values.push(row.recipientId, row.channel);
      const inApp = row.channel === NotificationChannel.IN_APP;
      return `($1, $2, $3, $4, $5::jsonb, $${6 + i * 2}, $${7 + i * 2}::notification_channel, '${
        inApp ? DeliveryState.SENT : DeliveryState.PENDING
      }'::delivery_state, ${inApp ? 'now()' : 'NULL'})`;
    });
    const created = await em.query<{ id: string; recipient_id: string; channel: NotificationChannel }[]>(
      `INSERT INTO notification (incident_id, event, event_key, repeat, payload, recipient_id, channel, state, sent_at)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (incident_id, event_key, repeat, recipient_id, channel) DO NOTHING
       RETURNING id, recipient_id, channel`,
      values,
    );
    if (!created.length) return [];
    const result = created.map((r) => ({ id: r.id, recipientId: r.recipient_id, channel: r.channel }));
    // One timeline entry per request, naming everyone it reached: the incident's one ordered stream.
    await em.query(
      `INSERT INTO incident_timeline_entry (incident_id, kind, actor_id, internal, data)
       VALUES ($1, $2, NULL, true, $3::jsonb)`,
      [
        request.incidentId,
        TimelineKind.NOTIFICATION,
        JSON.stringify({
          event: request.event,
          eventKey: request.eventKey,
          repeat: request.repeat,
          ...(request.payload ?? {}),
          notifications: result,
        }),
      ],
    );
    const outward = result.filter((r) => r.channel !== NotificationChannel.IN_APP);
    await writeOutbox(em, [
      {
        aggregateType: 'incident',
        aggregateId: request.incidentId,
        eventType: 'incident.notified',
        payload: { internal: true, event: request.event, count: result.length },
      },
      ...outward.map((r) => ({
        aggregateType: 'notification',
        aggregateId: r.id,
        eventType: 'notification.requested',
        payload: { incidentId: request.incidentId, channel: r.channel, recipientId: r.recipientId },
      })),
    ]);
    return result;
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
      const ordered = channels.filter((c) => usable.has(c));
      if (ordered.length) result.set(row.id, ordered);
    }
    return result;
  }
}
