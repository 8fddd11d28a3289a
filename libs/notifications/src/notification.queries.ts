import type { EntityManager } from 'typeorm';

import { DeliveryState, NotificationChannel } from './notification.enums';

/**
 * The statements that create notification rows or change their state outside delivery itself
 * (delivery.service.ts keeps its claim and outcome statements beside the code that sends). Other
 * services of this library call these; no other library writes the `notification` table.
 */

export interface NotificationKey {
  incidentId: string;
  event: string;
  eventKey: string;
  repeat: number;
  payload?: Record<string, unknown>;
}

/**
 * One row per (recipient, channel) of a request, ON CONFLICT DO NOTHING on the request's unique
 * key (so replays are harmless); in-app rows are SENT at once. Returns the rows created.
 */
export async function insertRequested(
  em: EntityManager,
  request: NotificationKey,
  rows: { recipientId: string; channel: NotificationChannel }[],
): Promise<{ id: string; recipient_id: string; channel: NotificationChannel }[]> {
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
  return em.query(
    `INSERT INTO notification (incident_id, event, event_key, repeat, payload, recipient_id, channel, state, sent_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (incident_id, event_key, repeat, recipient_id, channel) DO NOTHING
     RETURNING id, recipient_id, channel`,
    values,
  );
}

/** The fallback row of a failed delivery on the next channel (same unique key, so never twice). */
export async function insertFallback(
  em: EntityManager,
  failed: NotificationKey & { recipientId: string },
  channel: NotificationChannel,
): Promise<string | null> {
  const [row] = await em.query<{ id: string }[]>(
    `INSERT INTO notification (incident_id, event, event_key, repeat, payload, recipient_id, channel)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
     ON CONFLICT (incident_id, event_key, repeat, recipient_id, channel) DO NOTHING
     RETURNING id`,
    [
      failed.incidentId,
      failed.event,
      failed.eventKey,
      failed.repeat,
      JSON.stringify(failed.payload ?? {}),
      failed.recipientId,
      channel,
    ],
  );
  return row?.id ?? null;
}

/** A contact test: a notification with no incident, tied to the method it tests. */
export async function insertContactTest(
  em: EntityManager,
  method: { id: string; user_id: string; channel: NotificationChannel },
  eventKey: string,
): Promise<string> {
  const [row] = await em.query<{ id: string }[]>(
    `INSERT INTO notification (incident_id, event, event_key, repeat, recipient_id, channel, contact_method_id)
     VALUES (NULL, 'CONTACT_TEST', $1, 0, $2, $3, $4) RETURNING id`,
    [eventKey, method.user_id, method.channel, method.id],
  );
  return row.id;
}

/** The recipient answered the message (or confirmed the contact test). */
export async function markAcknowledged(
  em: EntityManager,
  notificationId: string,
  via: NotificationChannel,
): Promise<void> {
  await em.query(
    `UPDATE notification SET state = 'ACKNOWLEDGED', acknowledged_at = now(), acknowledged_via = $2, updated_at = now()
      WHERE id = $1`,
    [notificationId, via],
  );
}

/** A FAILED delivery back to PENDING as a new dispatch; returns the dispatch number. */
export async function redispatch(em: EntityManager, notificationId: string): Promise<number> {
  const [updated] = await em.query<{ dispatch: number }[]>(
    `WITH u AS (
       UPDATE notification SET state = 'PENDING', failed_at = NULL, claimed_at = NULL, deferred_until = NULL,
              attempts = 0, outcome_unknown = false, dispatch = dispatch + 1, updated_at = now()
        WHERE id = $1 RETURNING dispatch)
     SELECT dispatch FROM u`,
    [notificationId],
  );
  return updated.dispatch;
}
