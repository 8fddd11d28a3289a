import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

import { Role } from '@tocsin/access';
import { AgencyEntity } from '@tocsin/agencies';
import { IncidentCategory, IncidentEntity, Severity } from '@tocsin/incidents';
import { NotificationChannel } from '@tocsin/notifications';

import { EscalationTargetKind, SlaClockKind, SlaEventKind } from './escalation.enums';
import { SLA_ENTITIES } from './sla.entity';

/** Who a step reaches. `teamId` null on a team target means the incident's own team. */
export interface EscalationTarget {
  kind: EscalationTargetKind;
  userId?: string | null;
  teamId?: string | null;
  role?: Role | null;
}

/** An ordered list of steps that are tried, and repeated, until someone acknowledges. */
@Entity('escalation_chain')
@Index('uq_escalation_chain_default', ['isDefault'], { unique: true, where: '"is_default"' })
@Check('ck_escalation_chain_repeat', '"repeat_count" BETWEEN 0 AND 10')
export class EscalationChainEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_escalation_chain_name', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  name: string;
  @Column({ type: 'text', default: '' }) description: string;
  /** How many more times the whole chain runs after its last step when nobody acknowledged. */
  @Column({ type: 'int', default: 0 }) repeatCount: number;
  /** The chain used when no policy matches; exactly one chain is the default. */
  @Column({ type: 'boolean', default: false }) isDefault: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('escalation_step')
@Index('uq_escalation_step_position', ['chainId', 'position'], { unique: true })
@Check('ck_escalation_step_delay', '"delay_seconds" BETWEEN 0 AND 604800')
export class EscalationStepEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) chainId: string;
  @ManyToOne(() => EscalationChainEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chain_id' })
  chain?: EscalationChainEntity;
  @Column({ type: 'int' }) position: number;
  /** How long to wait, after this step's notifications, before the next step. */
  @Column({ type: 'int' }) delaySeconds: number;
  @Column({ type: 'jsonb' }) targets: EscalationTarget[];
  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel', array: true })
  channels: NotificationChannel[];
}

/**
 * Picks a chain for an incident. A null field matches anything; the most specific matching policy
 * wins (agency counts more than category, category more than severity).
 */
@Entity('escalation_policy')
export class EscalationPolicyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) chainId: string;
  @ManyToOne(() => EscalationChainEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chain_id' })
  chain?: EscalationChainEntity;
  // UNIQUE NULLS NOT DISTINCT (severity, category, agency_id): one policy per match, created by hand in the migration.
  @Index('uq_escalation_policy_match', { synchronize: false })
  @Column({ type: 'enum', enum: Severity, enumName: 'severity', nullable: true })
  severity: Severity | null;
  @Column({ type: 'enum', enum: IncidentCategory, enumName: 'incident_category', nullable: true })
  category: IncidentCategory | null;
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** The steps of a chain as they were when an incident's escalation started (later edits do not change it). */
export interface ChainSnapshot {
  chainId: string;
  name: string;
  repeatCount: number;
  steps: { id: string; delaySeconds: number; targets: EscalationTarget[]; channels: NotificationChannel[] }[];
}

/**
 * Where an incident's escalation stands. Changed only with the incident row locked; `stepToken`
 * is the fencing token: a step job carries the token it was armed with and does nothing unless
 * it is still the current one (a stale or re-run job cannot act twice).
 */
@Entity('incident_escalation')
@Index('ix_incident_escalation_next', ['nextAt'], { where: '"stopped_at" IS NULL' })
export class IncidentEscalationEntity {
  @PrimaryColumn({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
  @Column({ type: 'jsonb' }) chain: ChainSnapshot;
  /** How many times the escalation was (re)started: report, triage, reopen. Part of notification keys. */
  @Column({ type: 'int', default: 1 }) run: number;
  /** The step that fires at `nextAt`. */
  @Column({ type: 'int', default: 0 }) stepIndex: number;
  @Column({ type: 'int', default: 0 }) repeat: number;
  @Column({ type: 'uuid' }) stepToken: string;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) nextAt: Date | null;
  /** Manual escalations already carried out (incident.escalation_level is the number asked for). */
  @Column({ type: 'int', default: 0 }) manualLevel: number;
  @Column({ type: 'timestamptz', precision: 3 }) startedAt: Date;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) stoppedAt: Date | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) stopReason: string | null;
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt: Date;
}

/** A warning or breach of one SLA deadline; the unique key makes each fire once. */
@Entity('incident_sla_event')
@Index('uq_incident_sla_event', ['incidentId', 'clock', 'kind', 'dueAt'], { unique: true })
export class IncidentSlaEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
  @Column({ type: 'enum', enum: SlaClockKind, enumName: 'sla_clock_kind' }) clock: SlaClockKind;
  @Column({ type: 'enum', enum: SlaEventKind, enumName: 'sla_event_kind' }) kind: SlaEventKind;
  /** The deadline this event belongs to (a new deadline after a severity change can warn again). */
  @Column({ type: 'timestamptz', precision: 3 }) dueAt: Date;
  /** When it should have fired (the warning point or the deadline) and when it did. */
  @Column({ type: 'timestamptz', precision: 3 }) scheduledAt: Date;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) firedAt: Date;
}

export const ESCALATION_CHAIN_ENTITIES = [
  EscalationChainEntity,
  EscalationStepEntity,
  EscalationPolicyEntity,
  IncidentEscalationEntity,
  IncidentSlaEventEntity,
];

/** Every table of the escalation context (SLA policies and pauses, chains, engine state). */
export const ESCALATION_ENTITIES = [...SLA_ENTITIES, ...ESCALATION_CHAIN_ENTITIES];
