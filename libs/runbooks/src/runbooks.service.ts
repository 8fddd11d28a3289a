import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { Actor, TaskAccess } from '@tocsin/access';
import { AppException } from '@tocsin/core';
import { IncidentCategory } from '@tocsin/incidents';

import { Lang } from './runbook.enums';
import { RunbookEntity, RunbookVersionEntity } from './runbook.entity';
import { RunbookModel } from './runbook.model';

/** The runbook catalogue: active runbooks as their current versions. */
@Injectable()
export class RunbooksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every active runbook, by id. */
  async list(actor: Actor, lang?: Lang): Promise<RunbookModel[]> {
    this.assertCanRead(actor);
    const [versions, locale] = await Promise.all([this.currentVersions(), this.localeOf(actor, lang)]);
    return versions.map((v) => toRunbookModel(v, locale));
  }

  /** One active runbook; null when there is none with this id. */
  async get(actor: Actor, id: string, lang?: Lang): Promise<RunbookModel | null> {
    this.assertCanRead(actor);
    const [versions, locale] = await Promise.all([this.currentVersions([id]), this.localeOf(actor, lang)]);
    return versions[0] ? toRunbookModel(versions[0], locale) : null;
  }

  /** The runbooks that apply to each of these categories (batched, for Incident.suggestedRunbooks). */
  async matchingByCategory(
    actor: Actor,
    categories: readonly string[],
    lang?: Lang,
  ): Promise<{ id: string; runbooks: RunbookModel[] }[]> {
    if (!TaskAccess.canReadRunbooks(actor)) return categories.map((id) => ({ id, runbooks: [] }));
    const [versions, locale] = await Promise.all([this.currentVersions(), this.localeOf(actor, lang)]);
    return categories.map((category) => ({
      id: category,
      runbooks: matching(versions, category as IncidentCategory).map((v) => toRunbookModel(v, locale)),
    }));
  }

  /**
   * The current versions of active runbooks (all, or those with these ids), ordered by id. With
   * `em`, read inside that transaction.
   */
  async currentVersions(ids?: string[], em?: EntityManager): Promise<RunbookVersionEntity[]> {
    const qb = (em ?? this.dataSource.manager)
      .getRepository(RunbookVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(RunbookEntity, 'r', 'r.current_version_id = v.id AND r.active')
      .orderBy('v.runbook_id');
    if (ids) qb.where({ runbookId: In(ids) });
    return qb.getMany();
  }

  /** The caller's language: the `lang` asked for, else their profile's, else Vietnamese. */
  async localeOf(actor: Actor, lang?: Lang): Promise<Lang> {
    if (lang) return lang;
    if (actor.kind !== 'user') return Lang.vi;
    const [row] = await this.localesOf([actor.id]);
    return row?.lang ?? Lang.vi;
  }

  /** Users' profile languages (batched for DataLoaders). */
  async localesOf(userIds: readonly string[]): Promise<{ id: string; lang: Lang }[]> {
    if (!userIds.length) return [];
    const rows = await this.dataSource.query<{ id: string; locale: string }[]>(
      'SELECT id, locale FROM "user" WHERE id = ANY($1::uuid[])',
      [[...userIds]],
    );
    return rows.map((r) => ({ id: r.id, lang: r.locale === 'en' ? Lang.en : Lang.vi }));
  }

  private assertCanRead(actor: Actor): void {
    if (!TaskAccess.canReadRunbooks(actor)) throw AppException.forbidden('Not allowed: runbook.read');
  }
}

/**
 * The runbooks for a category, best first: those made for fewer categories are more specific,
 * then by id.
 */
export function matching(versions: readonly RunbookVersionEntity[], category: IncidentCategory) {
  return versions
    .filter((v) => v.definition.categories.includes(category))
    .sort(
      (a, b) =>
        a.definition.categories.length - b.definition.categories.length ||
        a.runbookId.localeCompare(b.runbookId),
    );
}

export function toRunbookModel(version: RunbookVersionEntity, lang: Lang): RunbookModel {
  const d = version.definition;
  return {
    id: version.runbookId,
    lang,
    title: d.title[lang],
    titles: d.title,
    categories: d.categories,
    defaultSeverity: d.defaultSeverity,
    version: version.version,
    contentHash: version.contentHash,
    fileName: version.fileName,
    guidance: d.body,
    loadedAt: version.createdAt,
    steps: d.steps.map((s, i) => ({
      position: i + 1,
      title: s.title[lang],
      titles: s.title,
      phase: s.phase,
      role: s.role ?? null,
      targetMinutes: s.targetMinutes ?? null,
    })),
  };
}
