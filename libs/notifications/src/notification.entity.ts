import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
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
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) incidentId: string;
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

  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt: Date;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) sentAt: Date | null;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) failedAt: Date | null;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) acknowledgedAt: Date | null;
}

/** A way to reach a person outside the app: an email address, a Telegram chat, a Zalo follower. */
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
  /** Email address, Telegram chat id, Zalo follower id or phone number. */
  @Column({ type: 'varchar', length: 254 }) address: string;
  /** Set when a test message on this method was acknowledged (or the link flow proved it). */
  @Column({ type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  /** Set when the provider refused it permanently (bot blocked, unknown address, not following). */
  @Column({ type: 'timestamptz', nullable: true }) failedAt: Date | null;
  @Column({ type: 'text', nullable: true }) failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export const NOTIFICATION_ENTITIES = [NotificationEntity, ContactMethodEntity];
