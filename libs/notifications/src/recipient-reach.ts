import { Injectable, Logger } from '@nestjs/common';

import { IncidentChange, incidentEvent } from '@tocsin/incidents';

import { NotificationRequestService } from './notification-request.service';
import { NotificationChannel, NotificationEvent } from './notification.enums';

/** The outbox event the escalation engine acts on: someone a step paged was reached on no channel. */
export const RECIPIENT_UNREACHED = 'incident.recipient_unreached' as const;

/**
 * What happens when a person's last channel for a request ended without success (failed for
 * good, out of retry time, or outcome unknown with nothing left to fall back on): they are shown
 * as not reached, every coordinator is told (in the app and on their own channels), and the
 * escalation engine is told so that a step that reached nobody runs the next one now.
 */
@Injectable()
export class RecipientReach {
  private readonly logger = new Logger('NotificationDelivery');

  constructor(private readonly requests: NotificationRequestService) {}

  /** Called in the transaction that recorded the failure; true when the person is not reached. */
  async afterLastChannel(
    change: IncidentChange,
    r: {
      incidentId: string;
      recipientId: string;
      event: NotificationEvent;
      eventKey: string;
      repeat: number;
    },
  ): Promise<boolean> {
    // Never about the message that tells coordinators (that would chase itself) or a contact test.
    if (r.event === NotificationEvent.RECIPIENT_UNREACHED || r.event === NotificationEvent.CONTACT_TEST)
      return false;
    const { em } = change;
    const [facts] = await em.query<{ live: number; name: string | null }[]>(
      `SELECT (SELECT count(*)::int FROM notification
                WHERE incident_id = $1 AND event_key = $2 AND repeat = $3 AND recipient_id = $4
                  AND channel <> 'IN_APP' AND state <> 'FAILED') AS live,
              (SELECT display_name FROM "user" WHERE id = $4) AS name`,
      [r.incidentId, r.eventKey, r.repeat, r.recipientId],
    );
    if (facts.live > 0) return false;
    const coordinators = await em.query<{ id: string }[]>(
      `SELECT id FROM "user" WHERE role = 'COORDINATOR' AND active AND id <> $1`,
      [r.recipientId],
    );
    this.logger.warn(
      { incidentId: r.incidentId, recipientId: r.recipientId, eventKey: r.eventKey },
      'Not reached',
    );
    await this.requests.request(change, {
      event: NotificationEvent.RECIPIENT_UNREACHED,
      eventKey: `unreached-${r.recipientId}-${r.eventKey}`.slice(0, 160),
      repeat: r.repeat,
      recipients: coordinators.map((c) => ({
        userId: c.id,
        channels: [
          NotificationChannel.IN_APP,
          NotificationChannel.TELEGRAM,
          NotificationChannel.ZALO,
          NotificationChannel.EMAIL,
        ],
      })),
      payload: { unreachedId: r.recipientId, unreached: facts.name ?? '', about: r.event },
    });
    change.emit(
      incidentEvent(RECIPIENT_UNREACHED, r.incidentId, {
        internal: true,
        recipientId: r.recipientId,
        eventKey: r.eventKey,
        repeat: r.repeat,
      }),
    );
    return true;
  }
}
