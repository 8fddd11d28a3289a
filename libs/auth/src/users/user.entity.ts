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

import { Role } from '@tocsin/access';
import { AgencyEntity } from '@tocsin/agencies';

export type Locale = 'vi' | 'en';

@Entity('user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** Stored lower-cased by the service, so the unique index is case-insensitive in effect. */
  @Index('uq_user_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 }) displayName: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' }) role: Role;

  @Index('ix_user_agency')
  @Column({ type: 'uuid', nullable: true })
  agencyId: string | null;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity | null;

  @Column({ type: 'varchar', length: 5, default: 'vi' }) locale: Locale;

  @Column({ type: 'varchar', length: 64, default: 'Asia/Ho_Chi_Minh' }) timeZone: string;

  /** argon2id encoded hash (parameters and salt inside); never leaves the auth module. */
  @Column({ type: 'varchar', length: 255, select: false }) passwordHash: string;

  @Column({ type: 'varchar', length: 64, nullable: true }) telegramChatId: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) zaloUserId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;

  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz', nullable: true }) deactivatedAt: Date | null;

  @Column({ type: 'int', default: 0 }) failedLoginCount: number;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) passwordChangedAt: Date | null;
  /** When an admin last removed this person's second factor (shown to them in the app). */
  @Column({ type: 'timestamptz', nullable: true }) secondFactorResetAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
