import {
  Check,
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

export enum AgencyKind {
  PROVINCE = 'PROVINCE',
  DEPARTMENT = 'DEPARTMENT',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}

@Entity('agency')
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('uq_agency_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 }) name: string;

  @Column({ type: 'enum', enum: AgencyKind, enumName: 'agency_kind' }) kind: AgencyKind;

  @Index('ix_agency_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: AgencyEntity | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('information_system')
@Check('ck_information_system_security_level', '"security_level" BETWEEN 1 AND 5')
@Index('uq_information_system_agency_name', ['agencyId', 'name'], { unique: true })
export class InformationSystemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid' }) agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity;

  @Column({ type: 'varchar', length: 200 }) name: string;

  /** Security level 1-5 as approved for the system (Decree 85/2016/NĐ-CP). */
  @Column({ type: 'smallint' }) securityLevel: number;

  @Column({ type: 'varchar', length: 2000, nullable: true }) description: string | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
