import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

import { AgencyEntity, InformationSystemEntity } from '@tocsin/agencies';
import { UserEntity } from '@tocsin/auth';
import { TeamEntity } from '@tocsin/oncall';

import {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  ResolutionCode,
  Severity,
  Tlp,
} from './incident.enums';

@Entity('incident')
@Index('ix_incident_list', ['status', 'severity', 'createdAt'])
@Index('ix_incident_agency_created', ['agencyId', 'createdAt'])
@Index('ix_incident_created', ['createdAt', 'id'])
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** `<PREFIX>-<year>-<seq>`, e.g. INC-2026-000042; gapless per prefix and year. */
  @Index('uq_incident_code', { unique: true })
  @Column({ type: 'varchar', length: 48 })
  code: string;

  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'enum', enum: IncidentCategory, enumName: 'incident_category' }) category: IncidentCategory;
  @Column({ type: 'enum', enum: Severity, enumName: 'severity' }) severity: Severity;
  @Column({ type: 'enum', enum: Tlp, enumName: 'tlp', default: Tlp.AMBER }) tlp: Tlp;
  @Column({ type: 'enum', enum: IncidentStatus, enumName: 'incident_status', default: IncidentStatus.NEW })
  status: IncidentStatus;
  @Column({ type: 'enum', enum: IncidentSource, enumName: 'incident_source', default: IncidentSource.WEB })
  source: IncidentSource;
  @Column({ type: 'boolean', default: false }) isExercise: boolean;

  @Column({ type: 'uuid' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity;

  @Column({ type: 'uuid', nullable: true }) affectedSystemId: string | null;
  @ManyToOne(() => InformationSystemEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'affected_system_id' })
  affectedSystem?: InformationSystemEntity | null;
  /** Free text when the system is not in the agency's register. */
  @Column({ type: 'varchar', length: 200, nullable: true }) affectedSystemName: string | null;

  @Column({ type: 'uuid', nullable: true }) reporterId: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'reporter_id' })
  reporter?: UserEntity | null;

  /** The API key that reported it, for machine reports. */
  @Column({ type: 'uuid', nullable: true }) reporterApiKeyId: string | null;

  /** Response team; its on-call is the first step of the escalation chain. */
  @Index('ix_incident_team')
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;
  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity | null;

  @Index('ix_incident_assignee')
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  @Column({ type: 'timestamptz', nullable: true }) detectedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) triagedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) containedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) rejectedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) reopenedAt: Date | null;

  /** SLA due times, recomputed when severity changes. */
  @Column({ type: 'timestamptz', nullable: true }) ackDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) resolveDueAt: Date | null;

  @Column({ type: 'int', default: 0 }) escalationLevel: number;

  @Column({ type: 'enum', enum: ResolutionCode, enumName: 'resolution_code', nullable: true })
  resolutionCode: ResolutionCode | null;
  @Column({ type: 'text', nullable: true }) resolutionSummary: string | null;
  @Column({ type: 'text', nullable: true }) lessonsLearned: string | null;
  @Column({ type: 'uuid', nullable: true }) duplicateOfId: string | null;

  /** Title, description and code without diacritics, for search (see search-text.ts). */
  @Index('ix_incident_search', { synchronize: false }) // GIN trigram index, created by hand in the migration
  @Column({ type: 'text', select: false })
  searchText: string;

  /** Millisecond precision, so the list's keyset cursor (an ISO timestamp) is exact. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** Gapless sequence per code prefix and year, incremented inside the reporting transaction. */
@Entity('incident_code_counter')
export class IncidentCodeCounterEntity {
  @Column({ type: 'varchar', length: 8, primary: true }) prefix: string;
  @Column({ type: 'int', primary: true }) year: number;
  @Column({ type: 'int' }) lastValue: number;
}

/** People on the incident: who may see it when it is TLP:RED. */
@Entity('incident_participant')
export class IncidentParticipantEntity {
  @Column({ type: 'uuid', primary: true }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Index('ix_incident_participant_user')
  @Column({ type: 'uuid', primary: true })
  userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' }) addedAt: Date;
}
