import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import type { RunbookDefinition } from './runbook.parser';

/** A playbook file, by its front-matter id; its content lives in versions. */
@Entity('runbook')
export class RunbookEntity {
  /** The front matter's `id` (kebab-case), stable across versions. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;

  /** The version whose content hash matches the file as last loaded. */
  @Column({ type: 'uuid', nullable: true }) currentVersionId: string | null;
  @ManyToOne(() => RunbookVersionEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: RunbookVersionEntity | null;

  /** False once its file is gone: no longer listed or suggested; incidents keep their tasks. */
  @Column({ type: 'boolean', default: true }) active: boolean;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** One content of a playbook file, kept for ever: incidents point at the version they were given. */
@Entity('runbook_version')
@Index('uq_runbook_version_number', ['runbookId', 'version'], { unique: true })
@Index('uq_runbook_version_hash', ['runbookId', 'contentHash'], { unique: true })
export class RunbookVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'varchar', length: 64 }) runbookId: string;
  @ManyToOne(() => RunbookEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'runbook_id' })
  runbook?: RunbookEntity;

  /** 1, 2, 3… per runbook, in the order new contents were seen. */
  @Column({ type: 'int' }) version: number;

  /** SHA-256 (hex) of the file's text. */
  @Column({ type: 'char', length: 64 }) contentHash: string;

  /** The file's path as loaded (under RUNBOOKS_DIR). */
  @Column({ type: 'varchar', length: 255 }) fileName: string;

  /** The validated front matter and Markdown body. */
  @Column({ type: 'jsonb' }) definition: RunbookDefinition;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
