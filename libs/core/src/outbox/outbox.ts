import { EntityManager } from 'typeorm';

/**
 * One outbox row as written. Each library that writes events declares them as a discriminated
 * union on `eventType` with a registry of names (IncidentEvent, NotificationOutboxEvent), and
 * builds them through that; this is the shape they all share.
 */
export interface OutboxMessage {
  aggregateType: string;
  aggregateId: string;
  eventType: string;
  payload?: object;
}

/** The channel the relay wakes on (NOTIFY is sent at commit, so it never outruns the data). */
export const OUTBOX_CHANNEL = 'tocsin_outbox';

/**
 * Writes outbox rows inside the caller's transaction. A statement trigger on the table sends
 * NOTIFY (delivered at commit) to wake the relay, so this costs one round trip.
 */
export async function writeOutbox(em: EntityManager, messages: OutboxMessage[]): Promise<void> {
  if (!messages.length) return;
  const values: unknown[] = [];
  const rows = messages.map((m, i) => {
    values.push(m.aggregateType, m.aggregateId, m.eventType, JSON.stringify(m.payload ?? {}));
    return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
  });
  await em.query(
    `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload) VALUES ${rows.join(', ')}`,
    values,
  );
}
