import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig, PublishedEvent } from '@tocsin/core';

import { NotificationChannel } from './notification.enums';
import { notificationRequested } from './notification-outbox-events';

/**
 * Deliveries left non-final with nothing moving them: pending, not claimed (or claimed by a
 * worker whose lease ran out), not waiting for a retry or quiet hours, and older than a retry's
 * longest wait. Their job was lost (Redis emptied, a job that failed for good) or never made. The
 * repair is a new dispatch (a new job id: a finished job keeps its id for a day); the row stays
 * the guard, so a job still alive somewhere only finds it claimed or finished.
 * Reads the partial index ix_notification_pending (oldest first, bounded pages).
 */
const STUCK_SQL = `
  WITH stuck AS (
    SELECT id FROM notification
     WHERE state = 'PENDING' AND channel <> 'IN_APP' AND created_at < $1
       AND (claimed_at IS NULL OR claimed_at < $2)
       AND (deferred_until IS NULL OR deferred_until < $1)
     ORDER BY created_at
     LIMIT $3
     FOR UPDATE SKIP LOCKED),
  bumped AS (
    UPDATE notification n SET dispatch = n.dispatch + 1 FROM stuck WHERE n.id = stuck.id
    RETURNING n.id, n.incident_id, n.recipient_id, n.channel, n.dispatch)
  SELECT * FROM bumped`;

@Injectable()
export class DeliveryAudit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Re-dispatches stuck deliveries, a page at a time, at most `maxPages` pages; returns the
   * events to hand to the queues. The new job decides as any job does: a dead worker's claim
   * without a hand-over goes back to pending and is sent; with one, the outcome is unknown and
   * the next channel or step takes over.
   */
  async stuckDeliveries(now: Date, pageSize = 1000, maxPages = 20): Promise<PublishedEvent[]> {
    const n = this.config.notifications;
    const idle = new Date(now.getTime() - (n.retryMaxDelayMs + n.claimLeaseMs + 60_000));
    const lease = new Date(now.getTime() - n.claimLeaseMs);
    const events: PublishedEvent[] = [];
    for (let page = 0; page < maxPages; page++) {
      const rows = await this.dataSource.query<
        {
          id: string;
          incident_id: string | null;
          recipient_id: string;
          channel: NotificationChannel;
          dispatch: number;
        }[]
      >(STUCK_SQL, [idle, lease, pageSize]);
      for (const r of rows) {
        events.push({
          ...notificationRequested(r.id, {
            incidentId: r.incident_id,
            channel: r.channel,
            recipientId: r.recipient_id,
            dispatch: r.dispatch,
          }),
          id: `audit-${r.id}-${r.dispatch}`,
          createdAt: now.toISOString(),
        });
      }
      if (rows.length < pageSize) break;
    }
    return events;
  }
}
