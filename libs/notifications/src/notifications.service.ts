import { createHash, randomInt } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { AccessPolicy, Action, Actor, IncidentAccess, RequestMeta } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock, writeOutbox } from '@tocsin/core';
import { loadIncidentSubject, Severity } from '@tocsin/incidents';
import { OncallService } from '@tocsin/oncall';

import { OUTWARD_CHANNELS } from './delivery-rules';
import { NotificationAuditAction } from './notification-audit-actions';
import { notificationRequested } from './notification-outbox-events';
import { channelOrderFor, configuredChannels } from './notification-request.service';
import { insertContactTest, redispatch } from './notification.queries';
import {
  AddContactMethodInput,
  ChannelStatusModel,
  ContactMethodModel,
  ContactReadinessModel,
  LinkCodeModel,
  NotificationModel,
  NotificationPreferencesInput,
  NotificationPreferencesModel,
} from './notification.model';
import { DeliveryState, NotificationChannel, NotificationEvent } from './notification.enums';

/** How long a link code shown in the web UI stays valid. */
const LINK_CODE_MINUTES = 15;

export const hashCode = (code: string): string => createHash('sha256').update(code.trim()).digest('hex');

export interface NotificationRow {
  id: string;
  incident_id: string | null;
  recipient_id: string;
  recipient_name: string;
  channel: NotificationChannel;
  event: NotificationEvent;
  event_key: string;
  repeat: number;
  state: DeliveryState;
  attempts: number;
  provider_message_id: string | null;
  last_error: string | null;
  outcome_unknown: boolean;
  deferred_until: Date | null;
  payload: Record<string, unknown>;
  created_at: Date;
  sent_at: Date | null;
  failed_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_via: NotificationChannel | null;
  read_at?: Date | null;
}

export const toModel = (r: NotificationRow): NotificationModel => ({
  id: r.id,
  incidentId: r.incident_id,
  recipientId: r.recipient_id,
  recipientName: r.recipient_name,
  channel: r.channel,
  event: r.event,
  eventKey: r.event_key,
  repeat: r.repeat,
  state: r.state,
  attempts: r.attempts,
  providerMessageId: r.provider_message_id,
  lastError: r.last_error,
  outcomeUnknown: r.outcome_unknown,
  deferredUntil: r.deferred_until,
  fallbackFromId: typeof r.payload?.fallbackFrom === 'string' ? r.payload.fallbackFrom : null,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  failedAt: r.failed_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedVia: r.acknowledged_via,
  readAt: r.read_at ?? null,
});

const SELECT_NOTIFICATION = `
  SELECT n.*, u.display_name AS recipient_name FROM notification n JOIN "user" u ON u.id = n.recipient_id`;

export interface ContactRow {
  id: string;
  user_id: string;
  channel: NotificationChannel;
  address: string;
  verified_at: Date | null;
  failed_at: Date | null;
  failure_reason: string | null;
  created_at: Date;
}

export const toContact = (r: ContactRow): ContactMethodModel => ({
  id: r.id,
  userId: r.user_id,
  channel: r.channel,
  address: r.address,
  verified: Boolean(r.verified_at) && !r.failed_at,
  verifiedAt: r.verified_at,
  failedAt: r.failed_at,
  failureReason: r.failure_reason,
  createdAt: r.created_at,
});

/**
 * The api side of notifications: the delivery log of an incident, coordinators' retries,
 * contact methods and their tests, link codes, preferences, channel status and readiness.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly oncall: OncallService,
    private readonly clock: Clock,
  ) {}

  /** The delivery log of an incident: staff who may see the incident (reporters never). */
  async forIncident(actor: Actor, incidentId: string): Promise<NotificationModel[]> {
    const loaded = await loadIncidentSubject(this.dataSource.manager, incidentId);
    if (!loaded || !IncidentAccess.canSee(actor, loaded.subject) || !IncidentAccess.seesInternal(actor)) {
      throw AppException.notFound('Incident', incidentId);
    }
    const rows = await this.dataSource.query<NotificationRow[]>(
      `${SELECT_NOTIFICATION} WHERE n.incident_id = $1 ORDER BY n.created_at, n.id LIMIT 2000`,
      [incidentId],
    );
    return rows.map(toModel);
  }

  /** A coordinator sends a FAILED delivery again, as a new dispatch (a new job id). */
  async retry(actor: Actor, meta: RequestMeta, id: string): Promise<NotificationModel> {
    AccessPolicy.assert(actor, Action.RetryNotification);
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<NotificationRow[]>(
        `${SELECT_NOTIFICATION} WHERE n.id = $1 FOR UPDATE OF n`,
        [id],
      );
      if (!row) throw AppException.notFound('Notification', id);
      if (row.incident_id) {
        const loaded = await loadIncidentSubject(em, row.incident_id);
        if (!loaded || !IncidentAccess.canSee(actor, loaded.subject))
          throw AppException.notFound('Notification', id);
      }
      if (row.state !== DeliveryState.FAILED) {
        throw AppException.conflict(`Only a FAILED delivery can be retried (this one is ${row.state})`, {
          state: row.state,
        });
      }
      const dispatch = await redispatch(em, id);
      await writeOutbox(em, [
        notificationRequested(id, {
          incidentId: row.incident_id,
          channel: row.channel,
          recipientId: row.recipient_id,
          dispatch,
        }),
      ]);
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.Retried,
        entityType: 'notification',
        entityId: id,
        before: { state: row.state, lastError: row.last_error, outcomeUnknown: row.outcome_unknown },
        after: { state: DeliveryState.PENDING, dispatch, channel: row.channel },
        meta,
      });
      const [fresh] = await em.query<NotificationRow[]>(`${SELECT_NOTIFICATION} WHERE n.id = $1`, [id]);
      return toModel(fresh);
    });
  }

  /** Whose contact methods or preferences: yourself, or (coordinators, admins) anyone. */
  private async subjectUser(actor: Actor, action: Action, userId?: string): Promise<string> {
    if (actor.kind !== 'user') throw AppException.forbidden('People only');
    const target = userId ?? actor.id;
    if (!AccessPolicy.can(actor, action, { userId: target }))
      throw AppException.forbidden(`Not allowed: ${action}`);
    const [user] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM "user" WHERE id = $1', [
      target,
    ]);
    if (!user) throw AppException.badInput('The user does not exist', { field: 'userId' });
    return target;
  }

  async contactMethods(actor: Actor, userId?: string): Promise<ContactMethodModel[]> {
    const target = await this.subjectUser(actor, Action.ManageContactMethods, userId);
    const rows = await this.dataSource.query<ContactRow[]>(
      'SELECT * FROM contact_method WHERE user_id = $1 ORDER BY channel, created_at',
      [target],
    );
    return rows.map(toContact);
  }

  async addContactMethod(
    actor: Actor,
    meta: RequestMeta,
    input: AddContactMethodInput,
  ): Promise<ContactMethodModel> {
    const target = await this.subjectUser(actor, Action.ManageContactMethods, input.userId);
    const address = input.address.trim().toLowerCase();
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<ContactRow[]>(
        `INSERT INTO contact_method (user_id, channel, address) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, channel, address) DO NOTHING RETURNING *`,
        [target, input.channel, address],
      );
      if (!row) throw AppException.conflict('This contact method already exists', { field: 'address' });
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.ContactAdded,
        entityType: 'contact_method',
        entityId: row.id,
        after: { userId: target, channel: input.channel, address },
        meta,
      });
      return toContact(row);
    });
  }

  async removeContactMethod(actor: Actor, meta: RequestMeta, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<ContactRow[]>('SELECT * FROM contact_method WHERE id = $1 FOR UPDATE', [
        id,
      ]);
      if (
        !row ||
        actor.kind !== 'user' ||
        !AccessPolicy.can(actor, Action.ManageContactMethods, { userId: row.user_id })
      ) {
        throw AppException.notFound('ContactMethod', id);
      }
      await em.query('DELETE FROM contact_method WHERE id = $1', [id]);
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.ContactRemoved,
        entityType: 'contact_method',
        entityId: id,
        before: { userId: row.user_id, channel: row.channel, address: row.address },
        meta,
      });
      return true;
    });
  }

  /** Sends a test message on a contact method; confirming it from the message marks it verified. */
  async sendTest(actor: Actor, meta: RequestMeta, contactMethodId: string): Promise<NotificationModel> {
    return this.dataSource.transaction(async (em) => {
      const [method] = await em.query<ContactRow[]>('SELECT * FROM contact_method WHERE id = $1', [
        contactMethodId,
      ]);
      if (
        !method ||
        actor.kind !== 'user' ||
        !AccessPolicy.can(actor, Action.ManageContactMethods, { userId: method.user_id })
      ) {
        throw AppException.notFound('ContactMethod', contactMethodId);
      }
      if (!configuredChannels(this.config).has(method.channel)) {
        throw AppException.badInput(`${method.channel} is not configured on this installation`, {
          field: 'contactMethodId',
        });
      }
      const testId = await insertContactTest(em, method, `test-${this.clock.now().getTime()}`);
      // A failed method gets another chance: the test is how a person shows it works again.
      await em.query('UPDATE contact_method SET failed_at = NULL, failure_reason = NULL WHERE id = $1', [
        method.id,
      ]);
      await writeOutbox(em, [
        notificationRequested(testId, {
          incidentId: null,
          channel: method.channel,
          recipientId: method.user_id,
          dispatch: 0,
        }),
      ]);
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.ContactTestSent,
        entityType: 'contact_method',
        entityId: method.id,
        after: { notificationId: testId, channel: method.channel },
        meta,
      });
      const [fresh] = await em.query<NotificationRow[]>(`${SELECT_NOTIFICATION} WHERE n.id = $1`, [testId]);
      return toModel(fresh);
    });
  }

  /** A one-time code to send to the bot (Telegram `/start <code>`) or the OA (Zalo `LINK <code>`). */
  async createLinkCode(
    actor: Actor,
    meta: RequestMeta,
    channel: NotificationChannel,
  ): Promise<LinkCodeModel> {
    // Access first: a machine learns nothing about which channels are configured.
    if (actor.kind !== 'user') throw AppException.forbidden('People only');
    if (channel !== NotificationChannel.TELEGRAM && channel !== NotificationChannel.ZALO) {
      throw AppException.badInput('Link codes are for TELEGRAM and ZALO', { field: 'channel' });
    }
    if (!configuredChannels(this.config).has(channel)) {
      throw AppException.badInput(`${channel} is not configured on this installation`, { field: 'channel' });
    }
    const target = await this.subjectUser(actor, Action.ManageContactMethods);
    const code = String(randomInt(10_000_000, 100_000_000));
    const expiresAt = new Date(this.clock.now().getTime() + LINK_CODE_MINUTES * 60_000);
    await this.dataSource.transaction(async (em) => {
      // One live code per person and channel: a new one replaces the old.
      await em.query(
        'UPDATE notification_link_code SET used_at = now() WHERE user_id = $1 AND channel = $2 AND used_at IS NULL',
        [target, channel],
      );
      await em.query(
        'INSERT INTO notification_link_code (user_id, channel, code_hash, expires_at) VALUES ($1, $2, $3, $4)',
        [target, channel, hashCode(code), expiresAt],
      );
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.ContactLinkCodeCreated,
        entityType: 'user',
        entityId: target,
        after: { channel, expiresAt },
        meta,
      });
    });
    const bot = this.config.notifications.telegram?.botUsername;
    return {
      channel,
      code,
      expiresAt,
      instruction:
        channel === NotificationChannel.TELEGRAM
          ? `Send "/start ${code}" to the Tocsin bot${bot ? ` @${bot}` : ''} within ${LINK_CODE_MINUTES} minutes`
          : `Follow the Tocsin Zalo Official Account and send it "LINK ${code}" within ${LINK_CODE_MINUTES} minutes`,
      deepLink: channel === NotificationChannel.TELEGRAM && bot ? `https://t.me/${bot}?start=${code}` : null,
    };
  }

  async preferences(actor: Actor, userId?: string): Promise<NotificationPreferencesModel> {
    const target = await this.subjectUser(actor, Action.ManageNotificationPreferences, userId);
    return this.readPreferences(this.dataSource.manager, target);
  }

  private async readPreferences(em: EntityManager, userId: string): Promise<NotificationPreferencesModel> {
    const [row] = await em.query<
      {
        locale: string;
        time_zone: string;
        channel_order: Partial<Record<string, NotificationChannel[]>> | null;
        quiet_start: string | null;
        quiet_end: string | null;
        pref_locale: string | null;
      }[]
    >(
      `SELECT u.locale, u.time_zone, p.channel_order, p.quiet_start, p.quiet_end, p.locale AS pref_locale
         FROM "user" u LEFT JOIN notification_preference p ON p.user_id = u.id WHERE u.id = $1`,
      [userId],
    );
    return {
      userId,
      channelOrder: Object.values(Severity).map((severity) => ({
        severity,
        channels: channelOrderFor(row.channel_order, severity),
      })),
      quietStart: row.quiet_start,
      quietEnd: row.quiet_end,
      locale: row.pref_locale ?? row.locale,
      timeZone: row.time_zone,
    };
  }

  async updatePreferences(
    actor: Actor,
    meta: RequestMeta,
    input: NotificationPreferencesInput,
  ): Promise<NotificationPreferencesModel> {
    const target = await this.subjectUser(actor, Action.ManageNotificationPreferences, input.userId);
    if ((input.quietStart ?? null) !== null && (input.quietEnd ?? null) === null) {
      throw AppException.badInput('quietEnd is required with quietStart', { field: 'quietEnd' });
    }
    if ((input.quietEnd ?? null) !== null && (input.quietStart ?? null) === null) {
      throw AppException.badInput('quietStart is required with quietEnd', { field: 'quietStart' });
    }
    return this.dataSource.transaction(async (em) => {
      const before = await this.readPreferences(em, target);
      const [current] = await em.query<{ channel_order: Record<string, NotificationChannel[]> }[]>(
        'SELECT channel_order FROM notification_preference WHERE user_id = $1 FOR UPDATE',
        [target],
      );
      const order: Record<string, NotificationChannel[]> = { ...(current?.channel_order ?? {}) };
      for (const entry of input.channelOrder ?? []) {
        if (!entry.channels.length) {
          throw AppException.badInput('Each severity needs at least one channel', { field: 'channelOrder' });
        }
        order[entry.severity] = entry.channels;
      }
      const quietGiven = input.quietStart !== undefined || input.quietEnd !== undefined;
      await em.query(
        `INSERT INTO notification_preference (user_id, channel_order, quiet_start, quiet_end, locale, updated_at)
         VALUES ($1, $2::jsonb, $3, $4, $5, now())
         ON CONFLICT (user_id) DO UPDATE SET channel_order = $2::jsonb,
           quiet_start = CASE WHEN $6 THEN $3 ELSE notification_preference.quiet_start END,
           quiet_end = CASE WHEN $6 THEN $4 ELSE notification_preference.quiet_end END,
           locale = CASE WHEN $7 THEN $5 ELSE notification_preference.locale END,
           updated_at = now()`,
        [
          target,
          JSON.stringify(order),
          input.quietStart ?? null,
          input.quietEnd ?? null,
          input.locale ?? null,
          quietGiven,
          input.locale !== undefined,
        ],
      );
      const after = await this.readPreferences(em, target);
      await this.audit.append(em, {
        actor,
        action: NotificationAuditAction.PreferencesUpdated,
        entityType: 'user',
        entityId: target,
        before: { ...before },
        after: { ...after },
        meta,
      });
      return after;
    });
  }

  channelStatus(): ChannelStatusModel[] {
    const n = this.config.notifications;
    return [
      {
        channel: NotificationChannel.IN_APP,
        configured: true,
        detail: 'Timeline and live updates in Tocsin',
      },
      {
        channel: NotificationChannel.EMAIL,
        configured: Boolean(n.email),
        detail: n.email
          ? 'Add your address and confirm the test message'
          : 'Off: SMTP_HOST and SMTP_FROM are not set',
      },
      {
        channel: NotificationChannel.TELEGRAM,
        configured: Boolean(n.telegram),
        detail: n.telegram
          ? 'Create a link code and send it to the bot'
          : 'Off: TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET are not set',
      },
      {
        channel: NotificationChannel.ZALO,
        configured: Boolean(n.zalo),
        detail: n.zalo
          ? 'Follow the Official Account and send it your link code'
          : 'Off: ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY and ZALO_REFRESH_TOKEN are not set',
      },
      {
        channel: NotificationChannel.WEB_PUSH,
        configured: Boolean(n.webPush),
        detail: n.webPush
          ? 'Turn it on in the settings of each phone or browser you use'
          : 'Off: WEB_PUSH_VAPID_PUBLIC_KEY and WEB_PUSH_VAPID_PRIVATE_KEY are not set',
      },
    ];
  }

  /** Who is on call for a team now, and which of them no outward channel can reach. */
  async contactReadiness(actor: Actor, teamId: string): Promise<ContactReadinessModel[]> {
    AccessPolicy.assert(actor, Action.ReadContactReadiness);
    const people = await this.oncall.onCall(actor, teamId);
    if (!people.length) return [];
    const configured = configuredChannels(this.config);
    const rows = await this.dataSource.query<{ user_id: string; channels: NotificationChannel[] }[]>(
      `SELECT user_id, array_agg(DISTINCT channel::text) AS channels FROM contact_method
        WHERE user_id = ANY($1::uuid[]) AND verified_at IS NOT NULL AND failed_at IS NULL GROUP BY user_id`,
      [people.map((p) => p.id)],
    );
    const byUser = new Map(rows.map((r) => [r.user_id, r.channels.filter((c) => configured.has(c))]));
    const anyMethod = new Set(rows.filter((r) => r.channels.length).map((r) => r.user_id));
    const inAppReaches = this.config.notifications.inAppReaches;
    return people.map((p) => {
      const verified = OUTWARD_CHANNELS.filter((c) => byUser.get(p.id)?.includes(c));
      const ready = verified.length > 0 || inAppReaches;
      return {
        userId: p.id,
        displayName: p.displayName,
        verifiedChannels: verified,
        ready,
        reason: ready ? null : anyMethod.has(p.id) ? 'CHANNELS_OFF' : 'NO_VERIFIED_CONTACT_METHOD',
      };
    });
  }
}
