import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { UserEntity } from '../users/user.entity';

/**
 * One sign-in on one device. The refresh token is `<session id>.<secret>`; only the SHA-256 of
 * the current secret is kept. Each refresh rotates the secret; presenting an older one means the
 * token was copied, so the whole session is revoked. Access tokens carry the session id and stop
 * working as soon as the session is revoked.
 */
@Entity('auth_session')
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_auth_session_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'char', length: 64 }) refreshTokenHash: string;
  @Column({ type: 'int', default: 0 }) rotation: number;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) revokedReason: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) userAgent: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) lastUsedAt: Date;

  /**
   * ENROL_SECOND_FACTOR: the person must use a second factor but has none yet; this session may
   * only set one up (and read `me`, sign out). Null for a full session.
   */
  @Column({ type: 'varchar', length: 32, nullable: true }) restriction: string | null;
}
