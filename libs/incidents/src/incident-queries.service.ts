import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';

import { Actor, IncidentAccess, IncidentScope } from '@tocsin/access';
import { AppException, decodeCursor, encodeCursor } from '@tocsin/core';

import { IncidentStatus, TimelineKind } from './incident.enums';
import { IncidentEntity, IncidentParticipantEntity } from './incident.entity';
import { IncidentFilter, MetricsArgs } from './incident.input';
import { AgencyMetricsModel, DayMetricsModel, IncidentMetricsModel } from './incident.model';
import { ObservableEntity } from './observable.entity';
import { normaliseForSearch } from './search-text';
import { OPEN_STATUSES } from './status-machine';
import { CommentEntity, TimelineEntryEntity } from './timeline.entity';

/** How many of the newest incidents a search looks through before it uses the trigram index. */
const SEARCH_WINDOW = 3000;

export interface IncidentPage {
  edges: { cursor: string; node: IncidentEntity }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  /** Counted only when a client asks for it (a count over a large table is the slow part). */
  countTotal: () => Promise<number>;
}

/**
 * Reads. Every path (single read, list, search, metrics, timeline, observables) applies the same
 * IncidentAccess scope, as SQL for lists and as a check for single rows.
 */
@Injectable()
export class IncidentQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds the actor's visibility to a query over `incident i`. */
  static applyScope<T extends object>(
    qb: SelectQueryBuilder<T>,
    scope: IncidentScope,
    alias = 'i',
  ): SelectQueryBuilder<T> {
    if (scope.none) return qb.andWhere('FALSE');
    if (scope.agencyId) qb.andWhere(`${alias}.agency_id = :scopeAgencyId`, { scopeAgencyId: scope.agencyId });
    if (scope.red === 'none') qb.andWhere(`${alias}.tlp <> 'RED'`);
    else if (scope.red !== 'all') {
      qb.andWhere(
        `(${alias}.tlp <> 'RED' OR EXISTS (SELECT 1 FROM incident_participant p WHERE p.incident_id = ${alias}.id AND p.user_id = :scopeUserId))`,
        { scopeUserId: scope.red.participant },
      );
    }
    return qb;
  }

  /** The incident if the actor may see it; null otherwise (indistinguishable from "no such incident"). */
  async findVisible(actor: Actor, id: string): Promise<IncidentEntity | null> {
    const qb = this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.id = :id', { id });
    return IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor)).getOne();
  }

  async findByCode(actor: Actor, code: string): Promise<IncidentEntity | null> {
    const qb = this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.code = :code', { code: code.toUpperCase() });
    return IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor)).getOne();
  }

  /** Batch read for DataLoaders and subscriptions; invisible rows are left out. */
  async findVisibleByIds(actor: Actor, ids: readonly string[]): Promise<IncidentEntity[]> {
    if (!ids.length) return [];
    const qb = this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.id IN (:...ids)', { ids: [...ids] });
    return IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor)).getMany();
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(actor: Actor, filter: IncidentFilter = {}, first = 20, after?: string): Promise<IncidentPage> {
    const base = (newestOnly = false) => {
      const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
      IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor));
      this.applyFilter(qb, actor, filter, newestOnly);
      return qb;
    };
    let cursor: { at: string; id: string } | null = null;
    if (after) {
      const [createdAt, id] = decodeCursor(after);
      if (
        typeof createdAt !== 'string' ||
        typeof id !== 'string' ||
        Number.isNaN(Date.parse(createdAt)) ||
        !isUUID(id)
      ) {
        throw AppException.badInput('Invalid cursor', { field: 'after' });
      }
      cursor = { at: createdAt, id };
    }
    const fetchPage = (newestOnly: Date | false) => {
      const qb = base(newestOnly !== false)
        .orderBy('i.created_at', 'DESC')
        .addOrderBy('i.id', 'DESC')
        .take(first + 1);
      if (cursor)
        qb.andWhere('(i.created_at, i.id) < (:cursorAt, :cursorId)', {
          cursorAt: cursor.at,
          cursorId: cursor.id,
        });
      if (newestOnly !== false) {
        // Only the newest SEARCH_WINDOW rows (after the cursor): a known lower bound on created_at,
        // so PostgreSQL walks the created_at index instead of scanning the table.
        qb.andWhere('i.created_at >= :windowStart', { windowStart: newestOnly });
      }
      return qb.getMany();
    };
    // A search for common words matches thousands of rows: PostgreSQL then under-estimates the
    // matches and bitmap-scans them all through the trigram index before sorting. Looking at the
    // newest rows first finds a full page in a few milliseconds; only when they do not hold one
    // (rare words) is the trigram index used. Both give the same rows: a full page among the
    // newest rows is the newest page overall.
    let rows: IncidentEntity[] | null = null;
    if (filter.search?.trim()) {
      const windowStart = await this.windowStart(cursor);
      const newest = await fetchPage(windowStart);
      if (newest.length > first) rows = newest;
    }
    rows ??= await fetchPage(false);
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({
      node,
      cursor: encodeCursor([node.createdAt.toISOString(), node.id]),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      countTotal: () => base().getCount(),
    };
  }

  /** created_at of the SEARCH_WINDOW-th newest incident after the cursor (or the oldest one). */
  private async windowStart(cursor: { at: string; id: string } | null): Promise<Date> {
    const rows = await this.dataSource.query<{ created_at: Date }[]>(
      `SELECT created_at FROM incident
        WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, id DESC OFFSET ${SEARCH_WINDOW - 1} LIMIT 1`,
      [cursor?.at ?? null, cursor?.id ?? null],
    );
    return rows[0]?.created_at ?? new Date(0);
  }

  /**
   * `newestOnly`: apply the search to the newest rows through the created_at index instead of the
   * trigram index (see list()).
   */
  private applyFilter(
    qb: SelectQueryBuilder<IncidentEntity>,
    actor: Actor,
    f: IncidentFilter,
    newestOnly = false,
  ): void {
    if (f.status?.length) qb.andWhere('i.status IN (:...status)', { status: f.status });
    if (f.severity?.length) qb.andWhere('i.severity IN (:...severity)', { severity: f.severity });
    if (f.category?.length) qb.andWhere('i.category IN (:...category)', { category: f.category });
    if (f.agencyId) qb.andWhere('i.agency_id = :agencyId', { agencyId: f.agencyId });
    if (f.teamId) qb.andWhere('i.team_id = :teamId', { teamId: f.teamId });
    if (f.assigneeId) qb.andWhere('i.assignee_id = :assigneeId', { assigneeId: f.assigneeId });
    if (f.mine) qb.andWhere('i.assignee_id = :me', { me: actor.kind === 'user' ? actor.id : null });
    if (f.unassigned) qb.andWhere('i.assignee_id IS NULL');
    if (f.from) qb.andWhere('i.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('i.created_at < :to', { to: f.to });
    if (f.isExercise !== undefined) qb.andWhere('i.is_exercise = :isExercise', { isExercise: f.isExercise });
    if (f.search?.trim()) {
      // Every word must appear; LIKE on the trigram-indexed normalised text.
      const words = normaliseForSearch(f.search).split(' ').filter(Boolean).slice(0, 8);
      qb.andWhere(
        new Brackets((w) => {
          words.forEach((word, n) =>
            w.andWhere(`${newestOnly ? "(i.search_text || '')" : 'i.search_text'} LIKE :w${n}`, {
              [`w${n}`]: `%${word.replace(/[\\%_]/g, '\\$&')}%`,
            }),
          );
        }),
      );
    }
  }

  /** Other incidents, visible to the actor, that share an observable with this one. */
  async linkedIncidents(actor: Actor, incident: IncidentEntity): Promise<IncidentEntity[]> {
    const qb = this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where(
        `i.id IN (SELECT o2.incident_id FROM incident_observable o1
                   JOIN incident_observable o2 ON o2.type = o1.type AND o2.normalized_value = o1.normalized_value
                  WHERE o1.incident_id = :id AND o2.incident_id <> :id)`,
        { id: incident.id },
      )
      .orderBy('i.created_at', 'DESC')
      .take(50);
    return IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor)).getMany();
  }

  /** Batched reads for the list view (one query per kind, whatever the page size). */
  async timelinesOf(actor: Actor, incidentIds: readonly string[]): Promise<TimelineEntryEntity[]> {
    const qb = this.dataSource
      .getRepository(TimelineEntryEntity)
      .createQueryBuilder('t')
      .where('t.incident_id IN (:...ids)', { ids: [...incidentIds] })
      .orderBy('t.id', 'ASC');
    if (!IncidentAccess.seesInternal(actor)) qb.andWhere('t.internal = false');
    const entries = await qb.getMany();
    await this.countLinksAsSeenBy(actor, entries);
    return entries;
  }

  /**
   * An OBSERVABLE_ADDED entry tells how many other incidents share the observable. Counted now,
   * among the incidents this reader may see (the count stored when it was written covered every
   * incident, which told a reader about cases hidden from them).
   */
  private async countLinksAsSeenBy(actor: Actor, entries: TimelineEntryEntity[]): Promise<void> {
    const added = entries.filter(
      (e) => e.kind === TimelineKind.OBSERVABLE_ADDED && typeof e.data.observableId === 'string',
    );
    if (!added.length) return;
    const qb = this.dataSource
      .createQueryBuilder()
      .select('o1.id', 'observableId')
      .addSelect('count(DISTINCT i.id)::int', 'linked')
      .from(ObservableEntity, 'o1')
      .innerJoin(
        ObservableEntity,
        'o2',
        'o2.type = o1.type AND o2.normalized_value = o1.normalized_value AND o2.incident_id <> o1.incident_id',
      )
      .innerJoin(IncidentEntity, 'i', 'i.id = o2.incident_id')
      .where('o1.id IN (:...observableIds)', {
        observableIds: added.map((e) => e.data.observableId as string),
      })
      .groupBy('o1.id');
    IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor));
    const counts = new Map(
      (await qb.getRawMany<{ observableId: string; linked: number }>()).map((r) => [
        r.observableId,
        r.linked,
      ]),
    );
    for (const entry of added) {
      entry.data = { ...entry.data, linkedIncidents: counts.get(entry.data.observableId as string) ?? 0 };
    }
  }

  async commentsOf(actor: Actor, incidentIds: readonly string[]): Promise<CommentEntity[]> {
    const qb = this.dataSource
      .getRepository(CommentEntity)
      .createQueryBuilder('c')
      .where('c.incident_id IN (:...ids)', { ids: [...incidentIds] })
      .orderBy('c.created_at', 'ASC');
    if (!IncidentAccess.seesInternal(actor)) qb.andWhere('c.internal = false');
    return qb.getMany();
  }

  async participantsOf(incidentIds: readonly string[]): Promise<IncidentParticipantEntity[]> {
    return this.dataSource
      .getRepository(IncidentParticipantEntity)
      .createQueryBuilder('p')
      .where('p.incident_id IN (:...ids)', { ids: [...incidentIds] })
      .getMany();
  }

  async observablesOf(incidentIds: readonly string[]): Promise<ObservableEntity[]> {
    return this.dataSource
      .getRepository(ObservableEntity)
      .createQueryBuilder('o')
      .where('o.incident_id IN (:...ids)', { ids: [...incidentIds] })
      .orderBy('o.created_at', 'ASC')
      .getMany();
  }

  async metrics(actor: Actor, args: MetricsArgs): Promise<IncidentMetricsModel> {
    if (!IncidentAccess.canReadMetrics(actor)) throw AppException.forbidden('Not allowed: incident.metrics');
    if (args.to <= args.from) throw AppException.badInput('to must be after from', { field: 'to' });
    if (args.to.getTime() - args.from.getTime() > 3 * 366 * 86_400_000) {
      throw AppException.badInput('The period may be at most three years', { field: 'to' });
    }
    const where = (qb: SelectQueryBuilder<IncidentEntity>) => {
      IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor));
      qb.andWhere('i.created_at >= :from AND i.created_at < :to', { from: args.from, to: args.to });
      if (args.agencyId) qb.andWhere('i.agency_id = :agencyId', { agencyId: args.agencyId });
      if (!args.includeExercises) qb.andWhere('i.is_exercise = false');
      return qb;
    };
    const repo = this.dataSource.getRepository(IncidentEntity);
    const now = new Date();
    const summary = await where(repo.createQueryBuilder('i'))
      .select('count(*)::int', 'total')
      .addSelect('avg(extract(epoch FROM i.acknowledged_at - i.created_at))::float', 'mtta')
      .addSelect('avg(extract(epoch FROM i.resolved_at - i.created_at))::float', 'mttr')
      .addSelect(
        `count(*) FILTER (WHERE i.acknowledged_at IS NOT NULL AND i.acknowledged_at <= i.ack_due_at)::int`,
        'ackMet',
      )
      .addSelect(
        `count(*) FILTER (WHERE i.acknowledged_at > i.ack_due_at OR (i.acknowledged_at IS NULL AND i.status IN (:...open) AND i.ack_due_at < :now))::int`,
        'ackMissed',
      )
      .addSelect(
        `count(*) FILTER (WHERE i.resolved_at IS NOT NULL AND i.resolved_at <= i.resolve_due_at)::int`,
        'resolveMet',
      )
      .addSelect(
        `count(*) FILTER (WHERE i.resolved_at > i.resolve_due_at OR (i.resolved_at IS NULL AND i.status IN (:...open) AND i.resolve_due_at < :now))::int`,
        'resolveMissed',
      )
      .setParameters({ open: OPEN_STATUSES, now })
      .getRawOne<{
        total: number;
        mtta: number | null;
        mttr: number | null;
        ackMet: number;
        ackMissed: number;
        resolveMet: number;
        resolveMissed: number;
      }>();
    const grouped = async (column: string) =>
      (
        await where(repo.createQueryBuilder('i'))
          .select(`i.${column}::text`, 'key')
          .addSelect('count(*)::int', 'count')
          .groupBy(`i.${column}`)
          .orderBy('key')
          .getRawMany<{ key: string; count: number }>()
      ).map((r) => ({ key: r.key, count: r.count }));
    const byAgency = await where(repo.createQueryBuilder('i'))
      .select('i.agency_id', 'agencyId')
      .addSelect('count(*)::int', 'total')
      .addSelect('count(*) FILTER (WHERE i.status IN (:...open))::int', 'open')
      .addSelect(
        'count(*) FILTER (WHERE i.acknowledged_at > i.ack_due_at OR (i.acknowledged_at IS NULL AND i.status IN (:...open) AND i.ack_due_at < :now))::int',
        'ackBreaches',
      )
      .addSelect('avg(extract(epoch FROM i.acknowledged_at - i.created_at))::float', 'mttaSeconds')
      .addSelect('avg(extract(epoch FROM i.resolved_at - i.created_at))::float', 'mttrSeconds')
      .setParameters({ open: OPEN_STATUSES, now })
      .groupBy('i.agency_id')
      .orderBy('total', 'DESC')
      .getRawMany<AgencyMetricsModel>();
    const byDay = await where(repo.createQueryBuilder('i'))
      .select(`to_char(i.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`, 'day')
      .addSelect('count(*)::int', 'reported')
      .addSelect(`count(*) FILTER (WHERE i.status IN ('RESOLVED', 'CLOSED'))::int`, 'resolved')
      .groupBy('day')
      .orderBy('day')
      .getRawMany<DayMetricsModel>();
    const s = summary ?? {
      total: 0,
      mtta: null,
      mttr: null,
      ackMet: 0,
      ackMissed: 0,
      resolveMet: 0,
      resolveMissed: 0,
    };
    const share = (met: number, missed: number) => (met + missed ? met / (met + missed) : null);
    return {
      total: s.total,
      byStatus: await grouped('status'),
      bySeverity: await grouped('severity'),
      mttaSeconds: s.mtta,
      mttrSeconds: s.mttr,
      ackSlaCompliance: share(s.ackMet, s.ackMissed),
      resolveSlaCompliance: share(s.resolveMet, s.resolveMissed),
      byAgency,
      byDay,
    };
  }

  /** Used by subscriptions: is this status still an open case? */
  static isOpen(status: IncidentStatus): boolean {
    return OPEN_STATUSES.includes(status);
  }
}
