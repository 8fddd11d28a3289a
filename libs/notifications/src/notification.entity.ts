import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { UserEntity } from '@tocsin/auth';
import { IncidentEntity } from '@tocsin/incidents';

import { DeliveryState, NotificationChannel, NotificationEvent } from './notification.enums';

/**
 * One message to one person on one channel about one incident event, with its delivery state.
 * The unique key (incident, event key, repeat, recipient, channel) makes a duplicate request
 * impossible, however often a job is replayed or re-armed after Redis forgot it.
 */
@Entity('notification')
@Index('uq_notification_request', ['incidentId', 'eventKey', 'repeat', 'recipientId', 'channel'], {
  unique: true,
})
@Index('ix_notification_incident', ['incidentId', 'createdAt'])
// The delivery auditor's scan: only non-final rows, oldest first (a small part of a large table).
@Index('ix_notification_pending', ['createdAt'], { where: `state = 'PENDING'` })
@Index('ix_notification_inbox', ['recipientId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** Null only for a contact test (CONTACT_TEST), which is about no incident. */
  @Column({ type: 'uuid', nullable: true }) incidentId: string | null;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Index('ix_notification_recipient')
  @Column({ type: 'uuid' })
  recipientId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: UserEntity;

  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;
  @Column({ type: 'enum', enum: NotificationEvent, enumName: 'notification_event' }) event: NotificationEvent;
  /** What the request answers: a chain step id, `ack-breach@<due time>`, `manual-escalation-<level>`. */
  @Column({ type: 'varchar', length: 160 }) eventKey: string;
  /** The chain's repeat round (0 for one-off events). */
  @Column({ type: 'int', default: 0 }) repeat: number;

  @Column({ type: 'enum', enum: DeliveryState, enumName: 'delivery_state', default: DeliveryState.PENDING })
  state: DeliveryState;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'varchar', length: 200, nullable: true }) providerMessageId: string | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  /** The contact method used (null for in-app). */
  @Column({ type: 'uuid', nullable: true }) contactMethodId: string | null;
  /** What the message says besides the incident itself: level, reason, clock, due time. */
  @Column({ type: 'jsonb', default: () => "'{}'" }) payload: Record<string, unknown>;
  /** Bumped by a coordinator's retry: part of the job id, so a retried delivery gets a new job. */
  @Column({ type: 'int', default: 0 }) dispatch: number;
  /** Set while a worker is sending; a stale claim means the outcome of that send is unknown. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) claimedAt: Date | null;
  /**
   * Set, and committed, just before the message is handed to a free transport connection: from
   * here on its bytes may have left. A claim that expires without it is a send that never
   * started (the row goes back to pending); with it, the outcome is unknown.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) handedAt: Date | null;
  /** The send was held back (quiet hours, provider asked to wait) until this time. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) deferredUntil: Date | null;
  /**
   * The request left but no answer came (time-out, reset, crash): it may or may not have been
   * delivered. Never retried on the same channel (that could duplicate); counted and shown.
   */
  @Column({ type: 'boolean', default: false }) outcomeUnknown: boolean;
  /** The channel an acknowledgement through this message came from (the message's own channel). */
  @Column({ type: 'varchar', length: 20, nullable: true }) acknowledgedVia: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt: Date;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) sentAt: Date | null;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) failedAt: Date | null;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) acknowledgedAt: Date | null;
  /** When the recipient marked it read in their inbox (all channels of one message together). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) readAt: Date | null;
}

/** A way to reach a person outside the app: an email address, a Telegram chat, a Zalo follower, a browser. */
@Entity('contact_method')
@Index('uq_contact_method', ['userId', 'channel', 'address'], { unique: true })
export class ContactMethodEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_contact_method_user')
  @Column({ type: 'uuid' })
  userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;
  /** Email address, Telegram chat id, Zalo follower id, or a browser's label (web push). */
  @Column({ type: 'varchar', length: 254 }) address: string;
  /** Set when a test message on this method was acknowledged (or the link flow proved it). */
  @Column({ type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  /** Set when the provider refused it permanently (bot blocked, unknown address, not following). */
  @Column({ type: 'timestamptz', nullable: true }) failedAt: Date | null;
  @Column({ type: 'text', nullable: true }) failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/**
 * The browser side of a WEB_PUSH contact method: where to POST (the push service's endpoint) and
 * the keys the payload is encrypted to (RFC 8291). Removed with its contact method; an endpoint
 * belongs to one browser profile, so it is unique across people (the last to subscribe owns it).
 */
@Entity('web_push_subscription')
export class WebPushSubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' }) contactMethodId: string;
  @ManyToOne(() => ContactMethodEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_method_id' })
  contactMethod?: ContactMethodEntity;

  @Index('uq_web_push_endpoint', { unique: true })
  @Column({ type: 'varchar', length: 1024 })
  endpoint: string;
  /** The browser's P-256 public key, URL-safe base64 (65 bytes uncompressed). */
  @Column({ type: 'varchar', length: 100 }) p256dh: string;
  /** The 16-byte authentication secret, URL-safe base64. */
  @Column({ type: 'varchar', length: 40 }) auth: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** Each person's notification preferences (defaults apply while they have no row). */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Per severity, the outward channels wanted, in order (the order is the fall-back order). */
  @Column({ type: 'jsonb' }) channelOrder: Partial<Record<string, NotificationChannel[]>>;
  /** Quiet hours, `HH:MM` in the person's time zone; never applied to CRITICAL. */
  @Column({ type: 'varchar', length: 5, nullable: true }) quietStart: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) quietEnd: string | null;
  /** Message language; null: the account's locale. */
  @Column({ type: 'varchar', length: 5, nullable: true }) locale: 'vi' | 'en' | null;

  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A one-time code shown in the web UI that ties a Telegram chat or Zalo follower to its user. */
@Entity('notification_link_code')
export class LinkCodeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_link_code_user')
  @Column({ type: 'uuid' })
  userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;
  /** SHA-256 of the code; the code itself is shown once and never stored. */
  @Index('uq_link_code_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  codeHash: string;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** The single-use record behind a signed acknowledgement link in an email. */
@Entity('notification_ack_token')
export class AckTokenEntity {
  /** The token's id (jti); the token itself is signed and never stored. */
  @PrimaryColumn({ type: 'uuid' }) id: string;

  @Index('ix_ack_token_notification')
  @Column({ type: 'uuid' })
  notificationId: string;
  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** The Zalo OA tokens (one row), encrypted with a key derived from ZALO_APP_SECRET. */
@Entity('zalo_oa_token')
export class ZaloTokenEntity {
  @PrimaryColumn({ type: 'smallint' }) id: number;
  @Column({ type: 'text' }) accessTokenEnc: string;
  @Column({ type: 'text' }) refreshTokenEnc: string;
  @Column({ type: 'timestamptz' }) accessExpiresAt: Date;
  /** SHA-256 of the ZALO_REFRESH_TOKEN this chain started from: a new one configured re-seeds. */
  @Column({ type: 'varchar', length: 64 }) seedHash: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export const NOTIFICATION_ENTITIES = [
  NotificationEntity,
  ContactMethodEntity,
  NotificationPreferenceEntity,
  LinkCodeEntity,
  AckTokenEntity,
  ZaloTokenEntity,
  WebPushSubscriptionEntity,
];
