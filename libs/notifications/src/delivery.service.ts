import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';

import { IncidentAccess, IncidentAction, Role } from '@tocsin/access';
import { APP_CONFIG, AppConfig, Clock, TocsinMetrics } from '@tocsin/core';
import {
  IncidentChange,
  IncidentChanges,
  incidentEvent,
  IncidentWrites,
  SYSTEM,
  TimelineKind,
} from '@tocsin/incidents';

import { ChannelSender, ClaimLost, DeliveryError, OutboundMessage, WebPushPayload } from './channels/channel';
import { HandOverLog } from './delivery-hand-over';
import { DeliveryMetrics } from './delivery-metrics';
import { decideRetry } from './delivery-retry';
import { ackKey, quietUntil, signAckToken } from './delivery-rules';
import { RecipientReach } from './recipient-reach';
import {
  Audience,
  detailFor,
  IncidentFacts,
  labels,
  Locale,
  MessageInput,
  renderChat,
  renderEmail,
  renderPush,
  renderTest,
} from './message-templates';
import { NotificationRequestService } from './notification-request.service';
import { NotificationChannel, NotificationEvent } from './notification.enums';

/** What the claim query returns: the row, the person, the incident and the contact method. */
interface ClaimedRow {
  id: string;
  incident_id: string | null;
  recipient_id: string;
  channel: NotificationChannel;
  event: NotificationEvent;
  event_key: string;
  repeat: number;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
  /** This claim's stamp: the hand-over is recorded only while the claim is still ours. */
  claimed_at: Date;
  role: Role;
  user_agency_id: string | null;
  user_locale: Locale;
  time_zone: string;
  pref_locale: Locale | null;
  quiet_start: string | null;
  quiet_end: string | null;
  code: string | null;
  title: string | null;
  description: string | null;
  severity: string | null;
  tlp: string | null;
  status: string | null;
  incident_agency_id: string | null;
  reporter_id: string | null;
  assignee_id: string | null;
  agency_name: string | null;
  participant: boolean;
  method_id: string | null;
  address: string | null;
  /** Web push: the subscription's keys (its endpoint is the address). */
  push_p256dh?: string | null;
  push_auth?: string | null;
  /** Email and web push: the ack token row inserted with the claim (null on other channels). */
  ack_token_id?: string | null;
  /** Email: the incident's first 20 observables, unfiltered (null on other channels). */
  observables?: { type: string; value: string; tlp: string }[] | null;
}

const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE notification SET claimed_at = now(), handed_at = NULL, attempts = attempts + 1, deferred_until = NULL
     WHERE id = $1 AND state = 'PENDING' AND claimed_at IS NULL
     RETURNING *),
  -- Email and web push: the row behind the acknowledge link, in the same round trip as the claim (it
  -- must exist before the message leaves). Useless without its signature, which only the message carries.
  token AS (
    INSERT INTO notification_ack_token (id, notification_id, expires_at)
    SELECT $2::uuid, c.id, $3 FROM claimed c WHERE c.channel IN ('EMAIL', 'WEB_PUSH')
    RETURNING id)
  SELECT c.id, c.incident_id, c.recipient_id, c.channel, c.event, c.event_key, c.repeat, c.payload, c.attempts,
         c.created_at, c.claimed_at, u.role, u.agency_id AS user_agency_id, u.locale AS user_locale, u.time_zone,
         p.locale AS pref_locale, p.quiet_start, p.quiet_end,
         i.code, i.title, i.description, i.severity, i.tlp, i.status, i.agency_id AS incident_agency_id,
         i.reporter_id, i.assignee_id, a.name AS agency_name,
         EXISTS (SELECT 1 FROM incident_participant ip
                  WHERE ip.incident_id = c.incident_id AND ip.user_id = c.recipient_id) AS participant,
         cm.id AS method_id, cm.address, cm.p256dh AS push_p256dh, cm.auth AS push_auth,
         (SELECT t.id FROM token t) AS ack_token_id,
         CASE WHEN c.channel = 'EMAIL' AND c.incident_id IS NOT NULL THEN (
           SELECT COALESCE(json_agg(json_build_object('type', o.type, 'value', o.value, 'tlp', o.tlp)
                                    ORDER BY o.created_at), '[]'::json)
             FROM (SELECT type, value, tlp, created_at FROM incident_observable
                    WHERE incident_id = c.incident_id ORDER BY created_at LIMIT 20) o)
         END AS observables
    FROM claimed c
    JOIN "user" u ON u.id = c.recipient_id AND u.active
    LEFT JOIN notification_preference p ON p.user_id = c.recipient_id
    LEFT JOIN incident i ON i.id = c.incident_id
    LEFT JOIN agency a ON a.id = i.agency_id
    LEFT JOIN LATERAL (
      SELECT m.id, COALESCE(ws.endpoint, m.address) AS address, ws.p256dh, ws.auth FROM contact_method m
        LEFT JOIN web_push_subscription ws ON ws.contact_method_id = m.id
       WHERE m.user_id = c.recipient_id AND m.channel = c.channel AND m.failed_at IS NULL
         AND (m.verified_at IS NOT NULL OR m.id = c.contact_method_id)
         AND (m.channel <> 'WEB_PUSH' OR ws.contact_method_id IS NOT NULL)
       ORDER BY (m.id = c.contact_method_id) DESC NULLS LAST, m.verified_at DESC NULLS LAST
       LIMIT 1) cm ON true`;

/**
 * Records sends as SENT, many rows per statement: while one statement is in flight, the next
 * sends wait and go together (a delivery still returns only once its row is recorded).
 */
const RECORD_SENT_SQL = `
  UPDATE notification n SET state = 'SENT', sent_at = now(), claimed_at = NULL,
         provider_message_id = v.provider_message_id, contact_method_id = v.method_id, last_error = NULL
    FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS v(id, provider_message_id, method_id)
   WHERE n.id = v.id AND n.state = 'PENDING'`;
const RECORD_SENT_BATCH = 500;
const RECORD_SENT_IN_FLIGHT = 2;

interface SentRecord {
  id: string;
  providerMessageId: string | null;
  methodId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What the processor should do with the job after one pass. */
export type DeliveryOutcome = { kind: 'done' } | { kind: 'later'; at: number; pauseQueueMs?: number };

/**
 * Sends one notification, once. The row is the guard: a job claims it (PENDING and unclaimed),
 * records the hand-over to a free transport connection (committed before any byte leaves), sends,
 * and records the result; a replayed or duplicate job finds it claimed or finished and does
 * nothing. A claim older than the lease means the worker holding it died: without a hand-over the
 * message never left, so the row goes back to pending and is sent; with one, the outcome is
 * unknown, it is not sent again on that channel, and the person's next channel (or, with none
 * left, the next step) takes over.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('NotificationDelivery');
  private readonly key: Buffer;
  private readonly outcomes: Counter;
  private readonly unknown: Counter;
  private readonly handOvers: HandOverLog;
  private readonly toRecord: SentRecord[] = [];
  private recordScheduled = false;
  private recordsInFlight = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly requests: NotificationRequestService,
    private readonly changes: IncidentChanges,
    private readonly clock: Clock,
    private readonly reach: RecipientReach,
    private readonly deliveryMetrics: DeliveryMetrics,
    metrics: TocsinMetrics,
  ) {
    this.handOvers = new HandOverLog(dataSource);
    this.key = ackKey(config.auth.jwtSecret);
    // One DeliveryService per worker application, so each counter is registered once.
    this.outcomes = new Counter({
      name: 'tocsin_notification_deliveries_total',
      help: 'Notification delivery attempts by channel and outcome',
      labelNames: ['channel', 'outcome'],
      registers: [metrics.registry],
    });
    this.unknown = new Counter({
      name: 'tocsin_notification_unknown_outcome_total',
      help: 'Sends whose outcome is unknown (time-out after the request left); never retried on that channel',
      labelNames: ['channel'],
      registers: [metrics.registry],
    });
  }

  /** How long a claim protects a send in progress; older claims belong to a worker that died. */
  private get leaseMs(): number {
    return this.config.notifications.claimLeaseMs;
  }

  async deliver(
    notificationId: string,
    sender: ChannelSender,
    /** Per-address pacing (Telegram's per-chat limit): how long to wait before sending. */
    pace?: (address: string) => Promise<number>,
  ): Promise<DeliveryOutcome> {
    const ackExpiresAt = new Date(
      this.clock.now().getTime() + this.config.notifications.ackTokenTtlHours * 3_600_000,
    );
    const [row] = await this.dataSource.query<ClaimedRow[]>(CLAIM_SQL, [
      notificationId,
      randomUUID(),
      ackExpiresAt,
    ]);
    if (!row) return this.notClaimed(notificationId, sender, pace);
    const now = this.clock.now();
    // Quiet hours hold a message back (never a CRITICAL one, never a contact test).
    if (row.event !== NotificationEvent.CONTACT_TEST && row.severity !== 'CRITICAL') {
      const until = quietUntil(now, row.time_zone, row.quiet_start, row.quiet_end);
      if (until) return this.postpone(row.id, until.getTime(), 'quiet hours', true);
    }
    if (!sender.configured) {
      return this.fail(
        row,
        sender.channel,
        new DeliveryError('rejected', `${sender.channel} is not configured`),
      );
    }
    if (!row.method_id || !row.address) {
      return this.fail(
        row,
        sender.channel,
        new DeliveryError('rejected', 'No verified contact method on this channel'),
      );
    }
    const wait = pace ? await pace(row.address) : 0;
    if (wait > 0) return this.postpone(row.id, this.clock.now().getTime() + wait, 'paced', true);
    let message: OutboundMessage;
    try {
      message = this.compose(row, ackExpiresAt);
    } catch (error) {
      await this.release(row.id, 'could not compose');
      throw error;
    }
    // The sender calls this when the bytes may leave (SMTP: the DATA phase; HTTP: the request):
    // recorded and committed first, and only while the claim is still ours.
    const state: { handed: 'no' | 'yes' | 'lost' } = { handed: 'no' };
    const handOver = async () => {
      if (state.handed !== 'no') return state.handed === 'yes';
      const ours = await this.handOvers.record(row.id, row.claimed_at);
      state.handed = ours ? 'yes' : 'lost';
      return ours;
    };
    try {
      const result = await sender.send(message, handOver);
      await this.recordSent(row.id, result.providerMessageId, row.method_id);
      this.outcomes.inc({ channel: sender.channel, outcome: 'sent' });
      return { kind: 'done' };
    } catch (error) {
      if (state.handed === 'lost' || error instanceof ClaimLost) return { kind: 'done' };
      // Nothing of the message left the process (a failure before the hand-over: a connection
      // time-out, the database refusing the mark): whatever the error says, trying again is safe.
      const neverLeft =
        state.handed === 'no' && !(error instanceof DeliveryError && error.kind !== 'unknown');
      const failure = neverLeft
        ? new DeliveryError('retry', `Not sent: ${(error as Error)?.message ?? 'error'}`.slice(0, 300))
        : error instanceof DeliveryError
          ? error
          : new DeliveryError(
              'unknown',
              `Unexpected error while sending: ${(error as Error)?.name ?? 'error'}`,
            );
      if (!(error instanceof DeliveryError))
        this.logger.error({ err: error, notificationId }, 'Unexpected send error');
      if (failure.kind === 'retry') {
        const decision = await decideRetry(
          this.dataSource.manager,
          this.config.notifications,
          {
            channel: sender.channel,
            createdAt: new Date(row.created_at),
            attempts: row.attempts,
            incidentId: row.incident_id,
            event: row.event,
            eventKey: row.event_key,
            payload: row.payload,
          },
          failure.retryAfterMs,
          this.clock.now().getTime(),
        );
        if (decision.retry) {
          this.outcomes.inc({ channel: sender.channel, outcome: 'retry' });
          this.deliveryMetrics.retries.inc({ channel: sender.channel });
          const later = await this.postpone(row.id, decision.at, failure.message, false);
          return failure.retryAfterMs && failure.waitScope === 'channel'
            ? { ...later, pauseQueueMs: failure.retryAfterMs }
            : later;
        }
        return this.fail(
          row,
          sender.channel,
          new DeliveryError('retry', `${failure.message}; ${decision.message}`),
          decision.why === 'moot',
        );
      }
      return this.fail(row, sender.channel, failure);
    }
  }

  /** Marks the row SENT; resolves once it is recorded (batched with concurrent sends). */
  private recordSent(id: string, providerMessageId: string | null, methodId: string): Promise<void> {
    const recorded = new Promise<void>((resolve, reject) =>
      this.toRecord.push({ id, providerMessageId, methodId, resolve, reject }),
    );
    this.scheduleRecording();
    return recorded;
  }

  /** Flushes on the next turn of the event loop, so that sends finishing together share a statement. */
  private scheduleRecording(): void {
    if (this.recordScheduled || this.recordsInFlight >= RECORD_SENT_IN_FLIGHT || !this.toRecord.length)
      return;
    this.recordScheduled = true;
    setImmediate(() => {
      this.recordScheduled = false;
      const batch = this.toRecord.splice(0, RECORD_SENT_BATCH);
      if (!batch.length) return;
      this.recordsInFlight++;
      void this.writeSent(batch).finally(() => {
        this.recordsInFlight--;
        this.scheduleRecording();
      });
      this.scheduleRecording();
    });
  }

  private async writeSent(batch: SentRecord[]): Promise<void> {
    const write = (records: SentRecord[]) =>
      this.dataSource.query(RECORD_SENT_SQL, [
        records.map((r) => r.id),
        records.map((r) => r.providerMessageId),
        records.map((r) => r.methodId),
      ]);
    try {
      await write(batch);
      for (const r of batch) r.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One bad row must not fail the others: each on its own, with its own outcome.
      await Promise.all(
        batch.map((r) =>
          write([r]).then(
            () => r.resolve(),
            (e: unknown) => r.reject(e),
          ),
        ),
      );
    }
  }

  /** The job found the row already claimed or finished. */
  private async notClaimed(
    id: string,
    sender: ChannelSender,
    pace?: (address: string) => Promise<number>,
  ): Promise<DeliveryOutcome> {
    const channel = sender.channel;
    const [row] = await this.dataSource.query<
      { state: string; claimed_at: Date | null; handed_at: Date | null }[]
    >('SELECT state, claimed_at, handed_at FROM notification WHERE id = $1', [id]);
    if (!row || row.state !== 'PENDING' || !row.claimed_at) return { kind: 'done' };
    const now = this.clock.now().getTime();
    const age = now - new Date(row.claimed_at).getTime();
    if (age < this.leaseMs) return { kind: 'later', at: now + (this.leaseMs - age) + 100 };
    if (!row.handed_at) {
      // The worker that claimed it died before handing it to a transport: nothing left the
      // process, so it goes back to pending (this claim only, if nobody took it since) and is sent.
      const released = await this.dataSource.query<{ id: string }[]>(
        `WITH r AS (
           UPDATE notification SET claimed_at = NULL, attempts = GREATEST(attempts - 1, 0)
            WHERE id = $1 AND state = 'PENDING' AND claimed_at = $2 AND handed_at IS NULL RETURNING id)
         SELECT id FROM r`,
        [id, row.claimed_at],
      );
      if (released.length) this.deliveryMetrics.reclaimed.inc({ channel });
      return this.deliver(id, sender, pace);
    }
    // A worker died after handing it over: it may have been delivered. Do not send it again here.
    const [full] = await this.dataSource.query<ClaimedRow[]>(
      `SELECT id, incident_id, recipient_id, channel, event, event_key, repeat, payload, attempts,
              contact_method_id AS method_id
         FROM notification WHERE id = $1`,
      [id],
    );
    return this.fail(
      full,
      channel,
      new DeliveryError(
        'unknown',
        'The worker sending this stopped before recording the result; it may have been delivered',
      ),
    );
  }

  /** Gives the claim back and holds the send until `at`. */
  private async postpone(
    id: string,
    at: number,
    reason: string,
    notAnAttempt: boolean,
  ): Promise<{ kind: 'later'; at: number }> {
    await this.dataSource.query(
      `UPDATE notification SET claimed_at = NULL, deferred_until = $2, last_error = $3,
              attempts = attempts - $4::int
        WHERE id = $1 AND state = 'PENDING'`,
      [id, new Date(at), notAnAttempt ? null : reason, notAnAttempt ? 1 : 0],
    );
    return { kind: 'later', at };
  }

  private async release(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification SET claimed_at = NULL, last_error = $2 WHERE id = $1 AND state = 'PENDING'`,
      [id, reason],
    );
  }

  /**
   * Records a delivery that ended without success, in one transaction: the row FAILED (with the
   * unknown-outcome flag when that is why), the contact method failed when the address is at
   * fault, the timeline entry, and the person's next channel. With no channel left the person is
   * not reached (RecipientReach): shown, the coordinators told, the chain's next step run. A moot
   * message (the escalation moved on) just ends.
   */
  private async fail(
    row: ClaimedRow,
    channel: NotificationChannel,
    failure: DeliveryError,
    moot = false,
  ): Promise<DeliveryOutcome> {
    this.outcomes.inc({ channel, outcome: failure.kind === 'retry' ? 'exhausted' : failure.kind });
    if (failure.kind === 'unknown') this.unknown.inc({ channel });
    this.logger.warn(
      { notificationId: row.id, channel, kind: failure.kind, error: failure.message },
      'Delivery failed',
    );
    // With an incident, a system change to it (its row locked first, as every writer of an incident
    // does), so that a person left unreached can be told about in the same transaction.
    const inTransaction = (apply: (writes: IncidentWrites, change?: IncidentChange) => Promise<void>) =>
      row.incident_id
        ? this.changes.run(SYSTEM, {}, row.incident_id, {}, (change) => apply(change, change))
        : this.changes.record((writes) => apply(writes));
    await inTransaction(async (writes, change) => {
      const { em } = writes;
      const [updated] = await em.query<{ id: string }[]>(
        `WITH u AS (
           UPDATE notification SET state = 'FAILED', failed_at = now(), claimed_at = NULL, last_error = $2,
                  outcome_unknown = $3, contact_method_id = COALESCE($4, contact_method_id)
            WHERE id = $1 AND state = 'PENDING' RETURNING id)
         SELECT id FROM u`,
        [row.id, failure.message, failure.kind === 'unknown', row.method_id ?? null],
      );
      if (!updated) return;
      if (failure.kind === 'permanent' && row.method_id && channel === NotificationChannel.WEB_PUSH) {
        // An expired push subscription never comes back; the browser subscribes anew (a new endpoint).
        await em.query('DELETE FROM contact_method WHERE id = $1', [row.method_id]);
      } else if (failure.kind === 'permanent' && row.method_id) {
        await em.query(
          `UPDATE contact_method SET failed_at = now(), failure_reason = $2, updated_at = now() WHERE id = $1`,
          [row.method_id, failure.message],
        );
      }
      if (!row.incident_id) return;
      if (moot) return;
      const next = await this.requests.fallBack(writes, {
        id: row.id,
        incidentId: row.incident_id,
        recipientId: row.recipient_id,
        channel,
        event: row.event,
        eventKey: row.event_key,
        repeat: row.repeat,
        payload: row.payload,
      });
      this.timeline(writes, row.incident_id, {
        deliveryFailed: {
          notificationId: row.id,
          recipientId: row.recipient_id,
          channel,
          kind: failure.kind,
          fallback: next ? { notificationId: next.id, channel: next.channel } : null,
        },
      });
      if (!next && change) {
        await this.reach.afterLastChannel(change, {
          incidentId: row.incident_id,
          recipientId: row.recipient_id,
          event: row.event,
          eventKey: row.event_key,
          repeat: row.repeat,
        });
      }
    });
    return { kind: 'done' };
  }

  private timeline(writes: IncidentWrites, incidentId: string, data: Record<string, unknown>): void {
    writes.timelineFor({ incidentId, kind: TimelineKind.NOTIFICATION, data });
    writes.emit(incidentEvent('incident.notified', incidentId, { internal: true }));
  }

  /** Renders the message for the person, the channel and the TLP; issues the email ack link. */
  private compose(row: ClaimedRow, ackExpiresAt: Date): OutboundMessage {
    const base = this.config.notifications.publicUrl;
    const locale: Locale = row.pref_locale ?? row.user_locale ?? 'vi';
    const w = labels(locale);
    const channel = row.channel;
    let ackUrl: string | undefined;
    let ackToken: string | undefined;
    if (channel === NotificationChannel.EMAIL || channel === NotificationChannel.WEB_PUSH) {
      // The claim inserted the token row for every email and push (CLAIM_SQL).
      ackToken = signAckToken(this.key, row.ack_token_id!, ackExpiresAt);
      ackUrl = `${base}/notifications/ack/${ackToken}`;
    }
    if (channel === NotificationChannel.WEB_PUSH) return this.composePush(row, locale, ackToken!);
    if (row.event === NotificationEvent.CONTACT_TEST || !row.incident_id || !row.code) {
      const reply = channel === NotificationChannel.ZALO ? 'OK' : undefined;
      const test = renderTest(locale, ackUrl, reply);
      return {
        notificationId: row.id,
        incidentId: null,
        address: row.address!,
        subject: test.subject,
        text: test.text,
        html: test.html,
        buttons:
          channel === NotificationChannel.TELEGRAM
            ? { ack: { label: w.testConfirm, data: `t:${row.id}` } }
            : {},
      };
    }
    const { facts, input } = this.incidentMessage(row, locale, ackUrl);
    if (channel === NotificationChannel.EMAIL) {
      const mail = renderEmail(facts, input);
      const domain = new URL(base).hostname || 'tocsin.local';
      return {
        notificationId: row.id,
        incidentId: row.incident_id,
        address: row.address!,
        ...mail,
        buttons: {},
        thread: { messageId: `<${row.id}@${domain}>`, references: `<incident-${row.incident_id}@${domain}>` },
      };
    }
    const text = renderChat(facts, input);
    return {
      notificationId: row.id,
      incidentId: row.incident_id,
      address: row.address!,
      subject: text.split('\n')[0],
      text,
      html: '',
      buttons: {
        ...(input.canAck && channel === NotificationChannel.TELEGRAM
          ? { ack: { label: w.ack, data: `a:${row.id}` } }
          : {}),
        open: { label: w.open, url: input.openUrl },
      },
    };
  }

  /** The facts a message about an incident may carry for this person and channel, and how to render them. */
  private incidentMessage(
    row: ClaimedRow,
    locale: Locale,
    ackUrl: string | undefined,
  ): { facts: IncidentFacts; input: MessageInput } {
    const channel = row.channel;
    const base = this.config.notifications.publicUrl;
    const subject = {
      agencyId: row.incident_agency_id!,
      tlp: row.tlp!,
      reporterId: row.reporter_id,
      assigneeId: row.assignee_id,
      participantIds: row.participant ? [row.recipient_id] : [],
    };
    const actor = {
      kind: 'user' as const,
      id: row.recipient_id,
      role: row.role,
      agencyId: row.user_agency_id,
      sessionId: '',
    };
    const maySee = IncidentAccess.canSee(actor, subject);
    const canAck =
      IncidentAccess.can(actor, IncidentAction.Acknowledge, subject) &&
      ['NEW', 'TRIAGED'].includes(row.status!);
    const audience: Audience = row.role === Role.LEADER ? 'leader' : 'responder';
    const detail = detailFor(channel, row.tlp!, maySee);
    const openUrl = `${base}/incidents/${row.incident_id}`;
    const facts: IncidentFacts = {
      code: row.code!,
      title: row.title ?? '',
      description: row.description ?? '',
      severity: row.severity!,
      tlp: row.tlp!,
      status: row.status!,
      agencyName: row.agency_name,
      observables:
        channel === NotificationChannel.EMAIL && detail === 'full' && audience === 'responder'
          ? this.observables(row, row.participant || row.role === Role.COORDINATOR)
          : [],
    };
    const input: MessageInput = {
      event: row.event,
      payload: row.payload,
      locale,
      audience,
      detail,
      openUrl,
      ackUrl,
      ackReply: channel === NotificationChannel.ZALO ? `ACK ${row.code}` : undefined,
      canAck,
    };
    return { facts, input };
  }

  /**
   * Web push: the service worker's payload. Same TLP rule as the chat channels (detailFor); the
   * acknowledge token only when the person may acknowledge now (or to confirm a contact test).
   */
  private composePush(row: ClaimedRow, locale: Locale, ackToken: string): OutboundMessage {
    const w = labels(locale);
    const base = {
      v: 1 as const,
      notificationId: row.id,
      labels: { acknowledge: w.ack, open: w.open, acknowledged: w.acknowledged, failed: w.ackFailed },
      lang: locale,
    };
    const push = (payload: WebPushPayload, urgency: 'normal' | 'high'): OutboundMessage => ({
      notificationId: row.id,
      incidentId: payload.incidentId,
      address: row.address!,
      subject: payload.title,
      text: payload.body,
      html: '',
      buttons: {},
      push: { p256dh: row.push_p256dh!, auth: row.push_auth!, payload, urgency },
    });
    if (row.event === NotificationEvent.CONTACT_TEST || !row.incident_id || !row.code) {
      const test = renderTest(locale);
      return push(
        {
          ...base,
          labels: { ...base.labels, acknowledge: w.testConfirm },
          incidentId: null,
          code: null,
          title: test.subject,
          body: w.testBody,
          url: '/settings',
          tag: `test-${row.id}`,
          ackToken,
        },
        'normal',
      );
    }
    const { facts, input } = this.incidentMessage(row, locale, undefined);
    const text = renderPush(facts, input);
    return push(
      {
        ...base,
        incidentId: row.incident_id,
        code: row.code,
        title: text.title,
        body: text.body,
        url: `/incidents/${row.incident_id}`,
        tag: `incident-${row.incident_id}`,
        ...(input.canAck ? { ackToken } : {}),
      },
      row.severity === 'CRITICAL' || row.severity === 'HIGH' ? 'high' : 'normal',
    );
  }

  /** Observables an email may list: TLP:RED and AMBER+STRICT ones only to the people on the case. */
  private observables(row: ClaimedRow, inner: boolean): { type: string; value: string }[] {
    // Read with the claim (CLAIM_SQL): the first 20 by creation time.
    return (row.observables ?? [])
      .filter((o) => inner || !['RED', 'AMBER_STRICT'].includes(o.tlp))
      .map(({ type, value }) => ({ type, value }));
  }
}
