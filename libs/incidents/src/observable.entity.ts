import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { ObservableType, Tlp } from './incident.enums';
import { IncidentEntity } from './incident.entity';

/** An indicator seen in an incident; incidents sharing (type, normalised value) are linked. */
@Entity('incident_observable')
@Index('uq_observable_incident_value', ['incidentId', 'type', 'normalizedValue'], { unique: true })
@Index('ix_observable_value', ['type', 'normalizedValue'])
export class ObservableEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'enum', enum: ObservableType, enumName: 'observable_type' }) type: ObservableType;
  @Column({ type: 'varchar', length: 2048 }) value: string;
  @Column({ type: 'varchar', length: 2048 }) normalizedValue: string;
  @Column({ type: 'enum', enum: Tlp, enumName: 'tlp', default: Tlp.AMBER }) tlp: Tlp;
  @Column({ type: 'varchar', length: 1000, nullable: true }) description: string | null;
  @Column({ type: 'uuid', nullable: true }) addedById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
