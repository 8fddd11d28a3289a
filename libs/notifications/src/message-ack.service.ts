import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { RequestMeta, Role, UserActor } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock, ErrorCode } from '@tocsin/core';
import { IncidentsService } from '@tocsin/incidents';

import { ackKey, verifyAckToken } from './delivery-rules';
import { NotificationAuditAction } from './notification-audit-actions';
import { markAcknowledged } from './notification.queries';
import { hashCode } from './notifications.service';
import { NotificationChannel, NotificationEvent } from './notification.enums';

export type AckResult =
  | { outcome: 'acknowledged'; code: string }
  | { outcome: 'verified' }
  | { outcome: 'already'; code: string | null }
  | { outcome: 'not-allowed'; code: string | null };

export type TokenCheck =
  | {
      ok: true;
      tokenId: string;
      notificationId: string;
      code: string | null;
      event: NotificationEvent;
      /** The message the token came in: EMAIL (a link) or WEB_PUSH (the notification's action). */
      channel: NotificationChannel;
    }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };

interface NotificationFacts {
  id: string;
  incident_id: string | null;
  recipient_id: string;
  channel: NotificationChannel;
  event: NotificationEvent;
  contact_method_id: string | null;
  code: string | null;
}

/**
 * Acknowledgement from a message (email link, Telegram button, Zalo reply) and contact tests.
 * Every incident acknowledgement goes through IncidentsService.acknowledge as the message's
 * recipient, so the status machine, the access policy and the audit trail are the app's own; the
 * channel is recorded in that audit row's request id (`<channel>:<request id>`) and in a
 * `notification.acknowledged` audit event with the notification and the channel.
 */
@Injectable()
export class MessageAckService {
  private readonly logger = new Logger('NotificationAck');
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.key = ackKey(config.auth.jwtSecret);
  }

  /** Checks an email link's or a push notification's token without using it (the confirmation page). */
  async checkToken(token: string): Promise<TokenCheck> {
    const now = this.clock.now();
    const verified = verifyAckToken(this.key, token, now);
    if (!verified.ok) return verified;
    const [row] = await this.dataSource.query<
      {
        notification_id: string;
        used_at: Date | null;
        expires_at: Date;
        code: string | null;
        event: NotificationEvent;
        channel: NotificationChannel;
      }[]
    >(
      `SELECT t.notification_id, t.used_at, t.expires_at, i.code, n.event, n.channel
         FROM notification_ack_token t JOIN notification n ON n.id = t.notification_id
         LEFT JOIN incident i ON i.id = n.incident_id
        WHERE t.id = $1`,
      [verified.id],
    );
    if (!row) return { ok: false, reason: 'invalid' };
    if (row.used_at) return { ok: false, reason: 'used' };
    if (new Date(row.expires_at).getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      tokenId: verified.id,
      notificationId: row.notification_id,
      code: row.code,
      event: row.event,
      channel: row.channel,
    };
  }

  /** The confirming POST: uses the token (once) and acknowledges as the recipient. */
  async confirmToken(token: string, meta: RequestMeta): Promise<AckResult | TokenCheck> {
    const check = await this.checkToken(token);
    if (!check.ok) return check;
    const used = await this.dataSource.query<{ id: string }[]>(
      `WITH u AS (UPDATE notification_ack_token SET used_at = now()
                   WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id)
       SELECT id FROM u`,
      [check.tokenId],
    );
    if (!used.length) return { ok: false, reason: 'used' };
    return this.acknowledgeNotification(check.notificationId, check.channel, meta);
  }

  /**
   * Acknowledges what a notification is about, as its recipient. A contact test marks the
   * contact method verified instead.
   */
  async acknowledgeNotification(
    notificationId: string,
    via: NotificationChannel,
    meta: RequestMeta,
  ): Promise<AckResult> {
    const [n] = await this.dataSource.query<NotificationFacts[]>(
      `SELECT n.id, n.incident_id, n.recipient_id, n.channel, n.event, n.contact_method_id, i.code
         FROM notification n LEFT JOIN incident i ON i.id = n.incident_id WHERE n.id = $1`,
      [notificationId],
    );
    if (!n) throw AppException.notFound('Notification', notificationId);
    const actor = await this.actorFor(n.recipient_id);
    if (!actor) return { outcome: 'not-allowed', code: n.code };
    if (n.event === NotificationEvent.CONTACT_TEST || !n.incident_id) {
      await this.verifyContact(n, actor, via, meta);
      return { outcome: 'verified' };
    }
    try {
      // The incident, this notification and both audit events change in one transaction.
      await this.incidents.acknowledge(actor, meta, n.incident_id, undefined, {
        channel: via,
        inTransaction: async (change) => {
          await markAcknowledged(change.em, n.id, via);
          change.audit({
            action: NotificationAuditAction.Acknowledged,
            entityType: 'notification',
            entityId: n.id,
            after: { incidentId: n.incident_id, channel: via, notificationChannel: n.channel },
          });
        },
      });
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.INVALID_TRANSITION) {
        return { outcome: 'already', code: n.code };
      }
      if (
        error instanceof AppException &&
        (error.code === ErrorCode.FORBIDDEN || error.code === ErrorCode.NOT_FOUND)
      ) {
        return { outcome: 'not-allowed', code: n.code };
      }
      throw error;
    }
    return { outcome: 'acknowledged', code: n.code! };
  }

  private async verifyContact(
    n: NotificationFacts,
    actor: UserActor,
    via: NotificationChannel,
    meta: RequestMeta,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await markAcknowledged(em, n.id, via);
      if (n.contact_method_id) {
        await em.query(
          'UPDATE contact_method SET verified_at = now(), failed_at = NULL, failure_reason = NULL, updated_at = now() WHERE id = $1',
          [n.contact_method_id],
        );
      }
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.ContactVerified,
        entityType: 'contact_method',
        entityId: n.contact_method_id,
        after: { notificationId: n.id, channel: via },
        meta,
      });
    });
  }

  /** The recipient as an actor (no session: the message is the credential). */
  /** The active user a message was sent to, as the actor of what they do from it (`em`: inside a transaction). */
  private async actorFor(
    userId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<(UserActor & { displayName: string }) | null> {
    const [user] = await em.query<
      { id: string; role: Role; agency_id: string | null; display_name: string }[]
    >('SELECT id, role, agency_id, display_name FROM "user" WHERE id = $1 AND active', [userId]);
    return user
      ? {
          kind: 'user',
          id: user.id,
          role: user.role,
          agencyId: user.agency_id,
          sessionId: '',
          displayName: user.display_name,
        }
      : null;
  }

  /**
   * Ties a Telegram chat or Zalo follower to the user whose one-time code this is. The code
   * proves the person signed in to Tocsin sent it from that chat, so the method is verified.
   */
  async link(
    channel: NotificationChannel,
    code: string,
    address: string,
    meta: RequestMeta,
  ): Promise<{ userId: string; displayName: string } | null> {
    return this.dataSource.transaction(async (em) => {
      const rows = await em.query<{ user_id: string }[]>(
        `WITH u AS (UPDATE notification_link_code SET used_at = now()
                     WHERE code_hash = $1 AND channel = $2 AND used_at IS NULL AND expires_at > now()
                     RETURNING user_id)
         SELECT user_id FROM u`,
        [hashCode(code), channel],
      );
      if (!rows.length) return null;
      const userId = rows[0].user_id;
      const actor = await this.actorFor(userId, em);
      if (!actor) return null;
      const [method] = await em.query<{ id: string }[]>(
        `INSERT INTO contact_method (user_id, channel, address, verified_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (user_id, channel, address) DO UPDATE SET verified_at = now(), failed_at = NULL,
           failure_reason = NULL, updated_at = now()
         RETURNING id`,
        [userId, channel, address],
      );
      const column = channel === NotificationChannel.TELEGRAM ? 'telegram_chat_id' : 'zalo_user_id';
      await em.query(`UPDATE "user" SET ${column} = $2 WHERE id = $1`, [userId, address]);
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.ContactLinked,
        entityType: 'contact_method',
        entityId: method.id,
        after: { userId, channel, address },
        meta,
      });
      this.logger.log({ userId, channel }, 'Contact method linked');
      return { userId, displayName: actor.displayName };
    });
  }

  /** Was this Telegram notification sent to one of its recipient's chats, this one? (Not a forward.) */
  async sentToTelegramChat(notificationId: string, chatId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM notification n
         JOIN contact_method m ON m.user_id = n.recipient_id AND m.channel = 'TELEGRAM' AND m.address = $2
        WHERE n.id = $1 AND n.channel = 'TELEGRAM'`,
      [notificationId, chatId],
    );
    return rows.length > 0;
  }

  /** A follower wrote to the OA: the interaction window is open again, so a failed method works again. */
  async reopenZalo(follower: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE contact_method SET failed_at = NULL, failure_reason = NULL, updated_at = now()
        WHERE channel = 'ZALO' AND address = $1 AND failed_at IS NOT NULL`,
      [follower],
    );
  }

  /**
   * The notification a Zalo reply answers: `ACK <code>` → the latest Zalo message about that
   * incident to the person whose verified method this follower is; `OK` → the latest contact test
   * sent to this follower in the last day.
   */
  async zaloTarget(follower: string, incidentCode: string | null): Promise<string | null> {
    const [row] = incidentCode
      ? await this.dataSource.query<{ id: string }[]>(
          `SELECT n.id FROM notification n
             JOIN incident i ON i.id = n.incident_id
             JOIN contact_method m ON m.user_id = n.recipient_id AND m.channel = 'ZALO' AND m.address = $1
                                  AND m.verified_at IS NOT NULL
            WHERE i.code = $2 AND n.channel = 'ZALO' AND n.state IN ('SENT', 'ACKNOWLEDGED')
            ORDER BY n.created_at DESC LIMIT 1`,
          [follower, incidentCode],
        )
      : await this.dataSource.query<{ id: string }[]>(
          `SELECT n.id FROM notification n JOIN contact_method m ON m.id = n.contact_method_id
            WHERE m.address = $1 AND m.channel = 'ZALO' AND n.event = 'CONTACT_TEST' AND n.state = 'SENT'
              AND n.created_at > now() - interval '1 day'
            ORDER BY n.created_at DESC LIMIT 1`,
          [follower],
        );
    return row?.id ?? null;
  }
}
