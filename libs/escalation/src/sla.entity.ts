import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

import { IncidentEntity, Severity } from '@tocsin/incidents';

import type { WorkingCalendar } from './business-time';

/** The SLA targets of one severity: time to acknowledge, time to resolve, and when to warn. */
@Entity('sla_policy')
@Check('ck_sla_policy_minutes', '"ack_minutes" > 0 AND "resolve_minutes" > "ack_minutes"')
@Check('ck_sla_policy_warn', '"warn_percent" BETWEEN 1 AND 99')
export class SlaPolicyEntity {
  /** A uuid, so the audit trail (keyed by uuid) can name the row. */
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('uq_sla_policy_severity', { unique: true })
  @Column({ type: 'enum', enum: Severity, enumName: 'severity' })
  severity: Severity;

  /** Fractions allowed (drills and tests use seconds-long policies). */
  @Column({ type: 'double precision' }) ackMinutes: number;
  @Column({ type: 'double precision' }) resolveMinutes: number;
  /** Warn when this share of the time to acknowledge or resolve has passed. */
  @Column({ type: 'int', default: 80 }) warnPercent: number;
  /** Count only working time (see `calendar`) instead of wall-clock time. */
  @Column({ type: 'boolean', default: false }) workingHoursOnly: boolean;
  @Column({ type: 'jsonb' }) calendar: WorkingCalendar;

  @Column({ type: 'uuid', nullable: true }) updatedById: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** A period during which an incident's SLA clocks stood still (e.g. waiting on the agency). */
@Entity('incident_sla_pause')
@Index('ix_incident_sla_pause_incident', ['incidentId', 'startedAt'])
@Index('uq_incident_sla_pause_open', ['incidentId'], { unique: true, where: '"ended_at" IS NULL' })
export class IncidentSlaPauseEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'timestamptz', precision: 3 }) startedAt: Date;
  /** Null while the clock is paused. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) endedAt: Date | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'uuid', nullable: true }) startedById: string | null;
  @Column({ type: 'uuid', nullable: true }) endedById: string | null;
}

export const SLA_ENTITIES = [SlaPolicyEntity, IncidentSlaPauseEntity];
