import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { UserEntity } from '../users/user.entity';

/**
 * A person's TOTP second factor. The secret is encrypted (AES-256-GCM, key derived from the
 * server's JWT secret) so a database dump alone does not yield codes. Pending until the first
 * code confirms it (`enabledAt`).
 */
@Entity('user_second_factor')
export class UserSecondFactorEntity {
  @PrimaryColumn('uuid') userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 200, select: false }) secretEncrypted: string;

  @Column({ type: 'timestamptz', nullable: true }) enabledAt: Date | null;

  /** The last accepted TOTP time step: a code is accepted once, and never an older one. */
  @Column({ type: 'bigint', default: 0 }) lastUsedStep: string;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** One of ten single-use recovery codes; only its SHA-256 is kept (the codes are random). */
@Entity('user_recovery_code')
export class UserRecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_user_recovery_code_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index('uq_user_recovery_code_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
}
