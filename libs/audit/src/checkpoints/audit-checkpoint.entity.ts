import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A record of each checkpoint written, so workers agree on when the last one was taken and what
 * it covered. It is bookkeeping, not evidence: verification trusts only the signed copies in the
 * sinks outside the database.
 */
@Entity('audit_checkpoint')
export class AuditCheckpointEntity {
  /** The chain head's sequence the checkpoint vouches for (one checkpoint per head). */
  @PrimaryColumn({ type: 'bigint' }) sequence: string;

  @Column({ type: 'char', length: 64 }) hash: string;

  @Column({ type: 'timestamptz', precision: 3 }) createdAt: Date;

  @Column({ type: 'varchar', length: 16 }) keyId: string;

  /** PERIODIC or SHUTDOWN. */
  @Column({ type: 'varchar', length: 16 }) reason: string;
}
