import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';

import { Actor, IncidentAccess, IncidentScope } from '@tocsin/access';
import { AppException, Clock, decodeCursor, encodeCursor } from '@tocsin/core';

import { IncidentOrder, IncidentStatus, SlaState, TimelineKind } from './incident.enums';
import { IncidentEntity, IncidentParticipantEntity } from './incident.entity';
import { IncidentFilter, MetricsArgs } from './incident.input';
import {
  AgencyMetricsModel,
  CountByKeyModel,
  DayMetricsModel,
  IncidentCountsModel,
  IncidentMetricsModel,
} from './incident.model';
import { ObservableEntity } from './observable.entity';
import { normaliseForSearch } from './search-text';
import { OPEN_STATUSES } from './status-machine';
import { CommentEntity, TimelineEntryEntity } from './timeline.entity';

/**
 * How many of the newest incidents a search may walk before it uses the trigram index. The walk
 * stops at the first full page, so a common word costs only the rows up to its 21st (51st) match;
 * this bounds what a rare word pays before the trigram index (cheap for rare words) answers.
 */
const SEARCH_WINDOW = 10_000;

/** The due time of the clock running now: acknowledgement until acknowledged, then resolution. */
const RUNNING_DUE = `(CASE WHEN i.status IN ('NEW','TRIAGED','IN_PROGRESS','CONTAINED') THEN
  CASE WHEN i.acknowledged_at IS NULL THEN i.ack_due_at ELSE i.resolve_due_at END END)`;
/** A paused clock cannot breach (its due times move on at resume); sla_policy gives the warning point. */
const PAUSED = `EXISTS (SELECT 1 FROM incident_sla_pause sp WHERE sp.incident_id = i.id AND sp.ended_at IS NULL)`;
const WARN_AT = `(i.created_at + (${RUNNING_DUE} - i.created_at) *
  (COALESCE((SELECT sl.warn_percent FROM sla_policy sl WHERE sl.severity = i.severity), 80) / 100.0))`;
const SLA_STATE = `(CASE WHEN ${RUNNING_DUE} IS NULL OR ${PAUSED} THEN 'ON_TIME'
  WHEN ${RUNNING_DUE} <= :slaNow THEN 'BREACHED' WHEN ${WARN_AT} <= :slaNow THEN 'AT_RISK' ELSE 'ON_TIME' END)`;

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

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

  /** Newest first, keyset-paginated on (created_at, id); or most urgent first (see listByUrgency). */
  async list(
    actor: Actor,
    filter: IncidentFilter = {},
    first = 20,
    after?: string,
    orderBy: IncidentOrder = IncidentOrder.NEWEST,
  ): Promise<IncidentPage> {
    if (orderBy === IncidentOrder.URGENCY) return this.listByUrgency(actor, filter, first, after);
    const base = () => {
      const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
      IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor));
      this.applyFilter(qb, actor, filter);
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
    const fetchPage = () => {
      const qb = base()
        .orderBy('i.created_at', 'DESC')
        .addOrderBy('i.id', 'DESC')
        .take(first + 1);
      if (cursor)
        qb.andWhere('(i.created_at, i.id) < (:cursorAt, :cursorId)', {
          cursorAt: cursor.at,
          cursorId: cursor.id,
        });
      return qb.getMany();
    };
    // A search for common words matches thousands of rows: PostgreSQL then under-estimates the
    // matches and bitmap-scans them all through the trigram index before sorting. Looking at the
    // newest rows first finds a full page in about a millisecond; only when they do not hold one
    // (rare words) is the trigram index used. Both give the same rows: a full page among the
    // newest rows is the newest page overall.
    let rows: IncidentEntity[] | null = null;
    if (filter.search?.trim()) {
      const newest = await this.searchNewest(actor, filter, first, cursor);
      if (newest.length > first) rows = newest;
    }
    rows ??= await fetchPage();
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

  /**
   * The search among the newest SEARCH_WINDOW incidents after the cursor, in one statement: an
   * ordered subquery (LIMIT keeps PostgreSQL from flattening it) walks the created_at index
   * backwards and the outer LIMIT stops as soon as a page matched, so a common word reads a few
   * hundred rows and a rare one at most SEARCH_WINDOW. The rows come back whole, in that order.
   */
  private async searchNewest(
    actor: Actor,
    filter: IncidentFilter,
    first: number,
    cursor: { at: string; id: string } | null,
  ): Promise<IncidentEntity[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('i.id', 'id')
      .from((sub) => {
        sub.select('*').from('incident', 'x');
        if (cursor) sub.where('(x.created_at, x.id) < (:cursorAt, :cursorId)');
        return sub.orderBy('x.created_at', 'DESC').addOrderBy('x.id', 'DESC').limit(SEARCH_WINDOW);
      }, 'i')
      .setParameters(cursor ? { cursorAt: cursor.at, cursorId: cursor.id } : {});
    const scoped = qb as unknown as SelectQueryBuilder<IncidentEntity>;
    IncidentQueriesService.applyScope(scoped, IncidentAccess.scope(actor));
    this.applyFilter(scoped, actor, filter);
    const ids = (
      await qb
        .orderBy('i.created_at', 'DESC')
        .addOrderBy('i.id', 'DESC')
        .limit(first + 1)
        .getRawMany<{ id: string }>()
    ).map((r) => r.id);
    if (!ids.length) return [];
    const found = await this.dataSource.getRepository(IncidentEntity).findBy({ id: In(ids) });
    const byId = new Map(found.map((i) => [i.id, i]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Most urgent first: the running clock's due time soonest (cases without one last), then the most
   * severe, then the newest. The order moves with time, so the cursor is a position, not a key: a
   * work queue is read from the top, and a page boundary may shift by a case that changed.
   */
  private async listByUrgency(
    actor: Actor,
    filter: IncidentFilter,
    first: number,
    after?: string,
  ): Promise<IncidentPage> {
    let offset = 0;
    if (after) {
      const [kind, position] = decodeCursor(after);
      if (kind !== 'u' || typeof position !== 'number' || !Number.isInteger(position) || position < 0)
        throw AppException.badInput('Invalid cursor', { field: 'after' });
      offset = position;
    }
    const base = () => {
      const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
      IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor));
      this.applyFilter(qb, actor, filter);
      return qb;
    };
    const rows = await base()
      .addSelect(RUNNING_DUE, 'running_due')
      .orderBy('running_due', 'ASC', 'NULLS LAST')
      .addOrderBy('i.severity', 'DESC')
      .addOrderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .offset(offset)
      .limit(first + 1)
      .getMany();
    const page = rows.slice(0, first);
    const edges = page.map((node, n) => ({ node, cursor: encodeCursor(['u', offset + n + 1]) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      countTotal: () => base().getCount(),
    };
  }

  /** The total and per-facet counts for a filter bar: each facet counted without its own selection. */
  async counts(actor: Actor, filter: IncidentFilter = {}): Promise<IncidentCountsModel> {
    const grouped = async (expr: string, without: keyof IncidentFilter): Promise<CountByKeyModel[]> => {
      const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
      IncidentQueriesService.applyScope(qb, IncidentAccess.scope(actor));
      this.applyFilter(qb, actor, { ...filter, [without]: undefined });
      const rows = await qb
        .select(`${expr}::text`, 'key')
        .addSelect('count(*)::int', 'count')
        .setParameter('slaNow', this.clock.now())
        .groupBy('key')
        .orderBy('key')
        .getRawMany<{ key: string; count: number }>();
      return rows.map((r) => ({ key: r.key, count: r.count }));
    };
    const total = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
    IncidentQueriesService.applyScope(total, IncidentAccess.scope(actor));
    this.applyFilter(total, actor, filter);
    return {
      total: await total.getCount(),
      byStatus: await grouped('i.status', 'status'),
      bySeverity: await grouped('i.severity', 'severity'),
      byCategory: await grouped('i.category', 'category'),
      bySlaState: await grouped(SLA_STATE, 'slaState'),
      bySource: await grouped('i.source', 'source'),
    };
  }

  private applyFilter(qb: SelectQueryBuilder<IncidentEntity>, actor: Actor, f: IncidentFilter): void {
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
    if (f.source?.length) qb.andWhere('i.source IN (:...source)', { source: f.source });
    if (f.closedFrom)
      qb.andWhere('COALESCE(i.closed_at, i.rejected_at, i.resolved_at) >= :closedFrom', {
        closedFrom: f.closedFrom,
      });
    if (f.closedTo)
      qb.andWhere('COALESCE(i.closed_at, i.rejected_at, i.resolved_at) < :closedTo', {
        closedTo: f.closedTo,
      });
    if (f.slaState?.length && f.slaState.length < 3) {
      const states: SlaState[] = f.slaState;
      qb.andWhere(`${SLA_STATE} IN (:...slaStates)`, { slaStates: states, slaNow: this.clock.now() });
    }
    if (f.search?.trim()) {
      // Every word must appear; LIKE on the trigram-indexed normalised text.
      const words = normaliseForSearch(f.search).split(' ').filter(Boolean).slice(0, 8);
      qb.andWhere(
        new Brackets((w) => {
          words.forEach((word, n) =>
            w.andWhere(`i.search_text LIKE :w${n}`, {
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
