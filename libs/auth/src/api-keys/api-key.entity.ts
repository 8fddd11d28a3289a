import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { ApiKeyScope } from '@tocsin/access';

import { UserEntity } from '../users/user.entity';

/**
 * A machine credential. The key itself is shown once at creation; only its SHA-256 is stored.
 * (A fast hash is right here: the key carries 256 random bits, so there is nothing to brute-force,
 * and it is checked on every request.)
 */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  /** The first characters of the key, shown in lists so an admin can tell keys apart. */
  @Column({ type: 'varchar', length: 16 }) prefix: string;

  @Index('uq_api_key_hash', { unique: true })
  @Column({ type: 'char', length: 64, select: false })
  keyHash: string;

  @Column({ type: 'enum', enum: ApiKeyScope, enumName: 'api_key_scope', array: true }) scopes: ApiKeyScope[];

  @Column({ type: 'uuid' }) createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) lastUsedIp: string | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
