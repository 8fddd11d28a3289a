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

import { RunbookPhase } from './runbook.enums';
import { RunbookVersionEntity } from './runbook.entity';

/**
 * A checklist item on an incident, copied from a runbook step when the runbook is applied, so a
 * later change to the file never touches it.
 */
@Entity('incident_task')
@Index('ix_incident_task_incident', ['incidentId', 'createdAt', 'position'])
@Index('uq_incident_task_runbook_step', ['incidentId', 'runbookId', 'position'], { unique: true })
@Index('ix_incident_task_due', ['dueAt'], {
  where: 'done = false AND overdue_marked_at IS NULL AND due_at IS NOT NULL',
})
@Index('ix_incident_task_assignee', ['assigneeId'])
export class IncidentTaskEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  /** The playbook it came from (its id is kept even if the playbook is later retired). */
  @Column({ type: 'varchar', length: 64, nullable: true }) runbookId: string | null;

  @Column({ type: 'uuid', nullable: true }) runbookVersionId: string | null;
  @ManyToOne(() => RunbookVersionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'runbook_version_id' })
  runbookVersion?: RunbookVersionEntity | null;

  /** 1-based order of the step in its runbook. */
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'varchar', length: 300 }) titleVi: string;
  @Column({ type: 'varchar', length: 300 }) titleEn: string;
  @Column({ type: 'varchar', length: 32 }) phase: RunbookPhase;
  /** Who usually performs it (a Role value), informational. */
  @Column({ type: 'varchar', length: 16, nullable: true }) role: string | null;
  @Column({ type: 'int', nullable: true }) targetMinutes: number | null;
  /** Applied time + target minutes. */
  @Column({ type: 'timestamptz', nullable: true }) dueAt: Date | null;

  @Column({ type: 'uuid', nullable: true }) assigneeId: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  @Column({ type: 'boolean', default: false }) done: boolean;
  @Column({ type: 'uuid', nullable: true }) doneById: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'done_by_id' })
  doneBy?: UserEntity | null;
  @Column({ type: 'timestamptz', nullable: true }) doneAt: Date | null;

  /** When the TASK_OVERDUE timeline entry was written (once per task). */
  @Column({ type: 'timestamptz', nullable: true }) overdueMarkedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A note on a task; like incident comments, reporters never see internal ones. */
@Entity('incident_task_comment')
@Index('ix_incident_task_comment_task', ['taskId', 'createdAt'])
export class IncidentTaskCommentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) taskId: string;
  @ManyToOne(() => IncidentTaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: IncidentTaskEntity;

  @Column({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'uuid', nullable: true }) authorId: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity | null;

  @Column({ type: 'text' }) body: string;
  @Column({ type: 'boolean', default: true }) internal: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
