import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: a change writes what must happen next in the same transaction; the
 * worker's relay publishes committed rows (pub/sub for subscriptions, jobs for timers) at least
 * once, in id order, and stamps them published.
 */
@Entity('outbox_event')
@Index('ix_outbox_event_unpublished', ['id'], { where: 'published_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;

  @Column({ type: 'varchar', length: 40 }) aggregateType: string;
  @Column({ type: 'uuid' }) aggregateId: string;
  @Column({ type: 'varchar', length: 60 }) eventType: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) payload: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) publishedAt: Date | null;
}
