import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { UserEntity } from '@tocsin/auth';

import { TimelineKind } from './incident.enums';
import { IncidentEntity } from './incident.entity';

/** One ordered stream per incident: status changes, assignments, comments, notifications. */
@Entity('incident_timeline_entry')
@Index('ix_timeline_incident', ['incidentId', 'id'])
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;

  @Column({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'enum', enum: TimelineKind, enumName: 'timeline_kind' }) kind: TimelineKind;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  /** Internal entries are never shown to reporters. */
  @Column({ type: 'boolean', default: true }) internal: boolean;
  @Column({ type: 'jsonb', default: () => "'{}'" }) data: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) occurredAt: Date;
}

@Entity('incident_comment')
@Index('ix_comment_incident', ['incidentId', 'createdAt'])
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

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
