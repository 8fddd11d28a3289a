import * as fs from 'node:fs';
import * as path from 'node:path';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig } from '@tocsin/core';

import { RunbookEntity, RunbookVersionEntity } from './runbook.entity';
import { checkRunbookSet, parseRunbook, ParsedRunbook, RunbookFileError } from './runbook.parser';
import { RunbookAuditAction } from './runbook-audit-actions';

/** Serialises syncs of api processes starting together (pg_advisory_xact_lock key). */
const SYNC_LOCK = 7_254_101;

/**
 * Reads and validates every `*.md` file of a playbook directory (sub-directories and other files
 * are ignored). Throws RunbookFileError, one line naming the file and the field, at the first bad
 * file. `dir` is shown as given (e.g. `runbooks/ddos.md`).
 */
export function readRunbookDirectory(dir: string): ParsedRunbook[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : String(error);
    throw new RunbookFileError(dir, [`RUNBOOKS_DIR: cannot read the playbook directory (${reason})`]);
  }
  return checkRunbookSet(
    names.map((name) => parseRunbook(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8'))),
  );
}

export interface RunbookSyncResult {
  /** `<id> v<version>` of each version created by this sync. */
  created: string[];
  unchanged: number;
  retired: string[];
}

/**
 * Loads the playbook files into the database, a version per content hash. Idempotent: an unchanged
 * file creates nothing; a file whose content changed gets a new version and becomes current; a
 * file back to an earlier content points at that earlier version again; a runbook whose file is
 * gone is retired (no longer listed or suggested). Versions are never changed or deleted, so an
 * incident keeps the version it was applied with.
 */
@Injectable()
export class RunbookLoader {
  private readonly logger = new Logger(RunbookLoader.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Validates RUNBOOKS_DIR and syncs it; called by the api before it starts serving. */
  async loadAndSync(): Promise<RunbookSyncResult | null> {
    const runbooks = readRunbookDirectory(this.config.runbooks.dir);
    // The api does not migrate (npm run migrate does): against a database without the runbook
    // tables the files are still validated, and the sync waits for a start after the migration.
    const [{ migrated }] = await this.dataSource.query<{ migrated: boolean }[]>(
      `SELECT to_regclass('runbook_version') IS NOT NULL AS migrated`,
    );
    if (!migrated) {
      this.logger.warn(
        `${runbooks.length} runbooks validated but not loaded: the database has no runbook tables (run npm run migrate, then restart)`,
      );
      return null;
    }
    const result = await this.sync(runbooks);
    this.logger.log(
      { dir: this.config.runbooks.dir, runbooks: runbooks.length, ...result },
      result.created.length
        ? `Runbook versions created: ${result.created.join(', ')}`
        : 'Runbooks up to date',
    );
    return result;
  }

  sync(runbooks: readonly ParsedRunbook[]): Promise<RunbookSyncResult> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      const result: RunbookSyncResult = { created: [], unchanged: 0, retired: [] };
      for (const runbook of runbooks) {
        if (await this.syncOne(em, runbook, result)) result.unchanged++;
      }
      const ids = runbooks.map((r) => r.definition.id);
      const gone = await em
        .getRepository(RunbookEntity)
        .createQueryBuilder('r')
        .where('r.active')
        .andWhere(ids.length ? 'r.id NOT IN (:...ids)' : 'TRUE', { ids })
        .orderBy('r.id')
        .getMany();
      for (const runbook of gone) {
        await em.update(RunbookEntity, { id: runbook.id }, { active: false });
        await this.audit.append(em, {
          actor: null,
          action: RunbookAuditAction.Retired,
          entityType: 'runbook',
          entityId: runbook.currentVersionId,
          before: { runbookId: runbook.id, active: true },
          after: { runbookId: runbook.id, active: false },
        });
        result.retired.push(runbook.id);
      }
      return result;
    });
  }

  /** Returns true when nothing changed for this file. */
  private async syncOne(
    em: EntityManager,
    parsed: ParsedRunbook,
    result: RunbookSyncResult,
  ): Promise<boolean> {
    const id = parsed.definition.id;
    await em
      .createQueryBuilder()
      .insert()
      .into(RunbookEntity)
      .values({ id, active: true, currentVersionId: null })
      .orIgnore()
      .execute();
    const runbook = await em.findOneByOrFail(RunbookEntity, { id });
    let version = await em.findOneBy(RunbookVersionEntity, {
      runbookId: id,
      contentHash: parsed.contentHash,
    });
    if (!version) {
      const [{ last }] = await em.query<{ last: number }[]>(
        'SELECT coalesce(max(version), 0)::int AS last FROM runbook_version WHERE runbook_id = $1',
        [id],
      );
      version = await em.save(
        em.create(RunbookVersionEntity, {
          runbookId: id,
          version: last + 1,
          contentHash: parsed.contentHash,
          fileName: parsed.file,
          definition: parsed.definition,
        }),
      );
      result.created.push(`${id} v${version.version}`);
      await this.audit.append(em, {
        actor: null,
        action: RunbookAuditAction.VersionCreated,
        entityType: 'runbook_version',
        entityId: version.id,
        before: null,
        after: {
          runbookId: id,
          version: version.version,
          contentHash: version.contentHash,
          file: parsed.file,
        },
      });
    }
    if (runbook.currentVersionId === version.id && runbook.active) return true;
    await em.update(RunbookEntity, { id }, { currentVersionId: version.id, active: true });
    await this.audit.append(em, {
      actor: null,
      action: RunbookAuditAction.CurrentVersionChanged,
      entityType: 'runbook',
      entityId: version.id,
      before: { runbookId: id, currentVersionId: runbook.currentVersionId, active: runbook.active },
      after: { runbookId: id, currentVersionId: version.id, version: version.version, active: true },
    });
    return false;
  }
}
