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

/** A one-time password reset link. Only the SHA-256 of its secret is kept. */
@Entity('password_reset_token')
export class PasswordResetTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_password_reset_token_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index('uq_password_reset_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;

  /** The admin who issued it; null when the person asked for it by e-mail. */
  @Column({ type: 'uuid', nullable: true }) issuedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
