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

import { UserEntity } from '@tocsin/auth';

import { RotationLayer } from './schedule-math';

@Entity('team')
export class TeamEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('uq_team_name', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true }) description: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('team_member')
export class TeamMemberEntity {
  @Column({ type: 'uuid', primary: true }) teamId: string;
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @Index('ix_team_member_user')
  @Column({ type: 'uuid', primary: true })
  userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'boolean', default: false }) isLead: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) addedAt: Date;
}

@Entity('schedule')
export class ScheduleEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_schedule_team')
  @Column({ type: 'uuid' })
  teamId: string;
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 120 }) name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** One rotation layer of a schedule (see schedule-math.ts for the semantics). */
@Entity('rotation_layer')
@Index('uq_rotation_layer_position', ['scheduleId', 'position'], { unique: true })
export class RotationLayerEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) scheduleId: string;
  @ManyToOne(() => ScheduleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule?: ScheduleEntity;

  /** Layers with a higher position win where they have someone on call. */
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'varchar', length: 120 }) name: string;
  /** User ids in rotation order. */
  @Column({ type: 'uuid', array: true }) participantIds: string[];
  @Column({ type: 'int' }) shiftLengthHours: number;
  @Column({ type: 'varchar', length: 5 }) handoffTime: string;
  @Column({ type: 'varchar', length: 64, default: 'Asia/Ho_Chi_Minh' }) timeZone: string;
  @Column({ type: 'date' }) startDate: string;
  @Column({ type: 'jsonb', nullable: true }) restriction: RotationLayer['restriction'];
}

@Entity('schedule_override')
@Index('ix_schedule_override_window', ['scheduleId', 'endsAt'])
export class ScheduleOverrideEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) scheduleId: string;
  @ManyToOne(() => ScheduleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule?: ScheduleEntity;

  @Column({ type: 'uuid' }) userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'timestamptz' }) startsAt: Date;
  @Column({ type: 'timestamptz' }) endsAt: Date;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  @Column({ type: 'uuid', nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const ONCALL_ENTITIES = [
  TeamEntity,
  TeamMemberEntity,
  ScheduleEntity,
  RotationLayerEntity,
  ScheduleOverrideEntity,
];
