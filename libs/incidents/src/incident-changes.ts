import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Actor, IncidentAccess, IncidentAction, IncidentSubject, RequestMeta } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { AppException, Clock, OutboxMessage, writeOutbox } from '@tocsin/core';

import { IncidentEntity } from './incident.entity';
import { addIncidentParticipants, loadIncidentSubject } from './incident.queries';
import { insertTimeline, TimelineLine, TimelineRow } from './incident-timeline';
import { assertStatus, StatusGuard } from './status-machine';

/** The system itself (the escalation engine, jobs, deliveries): no access check, no actor on the rows. */
export const SYSTEM = { kind: 'system' } as const;
export type SystemActor = typeof SYSTEM;
export type ChangeActor = Actor | SystemActor;

/** Fields the audit trail records for an incident: no search text, no loaded relations. */
export function snapshot(incident: IncidentEntity): Record<string, unknown> {
  const {
    searchText: _searchText,
    agency: _a,
    reporter: _r,
    assignee: _as,
    affectedSystem: _s,
    team: _t,
    ...rest
  } = incident;
  return { ...rest };
}

/** One audit event of a change; appended after everything else the change wrote. */
export interface ChangeAudit {
  action: string;
  /** Default: the incident. */
  entityType?: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/**
 * What a change writes besides the rows it changes itself, collected and written at the end in a
 * fixed order: participants, timeline (one statement), outbox (one statement), audit events last
 * (the chain-head lock is then held only until the commit).
 */
export interface IncidentWrites {
  readonly em: EntityManager;
  readonly now: Date;
  /** Entries for any incident (system notes may span several). */
  timelineFor(...entries: TimelineRow[]): void;
  participantsOf(incidentId: string, userIds: (string | null | undefined)[]): void;
  emit(...events: OutboxMessage[]): void;
  audit(entry: ChangeAudit & { entityId: string | null; entityType: string }): void;
}

/** The change object `apply` gets: the locked incident, its access facts, and the writers bound to it. */
export interface IncidentChange extends IncidentWrites {
  readonly actor: ChangeActor;
  readonly incident: IncidentEntity;
  readonly subject: IncidentSubject;
  /** The incident as it was when loaded (for the audit event's `before`). */
  readonly before: Record<string, unknown>;
  timeline(...entries: TimelineLine[]): void;
  participants(...userIds: (string | null | undefined)[]): void;
  audit(entry: ChangeAudit): void;
  /**
   * Saves the incident row, moving its version on, even when no column changed (e.g. unassigning
   * an unassigned case): every accepted command does, so optimistic locking sees it.
   */
  save(): Promise<void>;
}

export interface ChangeRule {
  /** The access rule (a function when it depends on the incident, e.g. reopening a closed case). */
  action?: IncidentAction | ((incident: IncidentEntity) => IncidentAction);
  /** Access decided by another library's policy (tasks), instead of `action`. */
  access?: (change: IncidentChange) => Promise<void>;
  /** The status the change needs; checked before access, so a lost race hears INVALID_TRANSITION. */
  guard?: StatusGuard | ((incident: IncidentEntity) => StatusGuard | undefined);
  expectedVersion?: number;
  /** What a missing or invisible incident is called in NOT_FOUND (tasks name the task). */
  notFound?: () => AppException;
}

const actorOf = (actor: ChangeActor): Actor | null => (actor.kind === 'system' ? null : actor);

/** Collects a change's writes; `flush` writes them in the fixed order. */
class Writes implements IncidentWrites {
  private readonly rows: TimelineRow[] = [];
  private readonly joined = new Map<string, Set<string>>();
  private readonly events: OutboxMessage[] = [];
  private readonly audits: (ChangeAudit & { entityId: string | null; entityType: string })[] = [];

  constructor(
    readonly em: EntityManager,
    readonly now: Date,
    private readonly actor: ChangeActor,
  ) {}

  get empty(): boolean {
    return !this.rows.length && !this.events.length && !this.audits.length;
  }

  timelineFor(...entries: TimelineRow[]): void {
    this.rows.push(...entries);
  }

  participantsOf(incidentId: string, userIds: (string | null | undefined)[]): void {
    const set = this.joined.get(incidentId) ?? new Set<string>();
    for (const id of userIds) if (id) set.add(id);
    this.joined.set(incidentId, set);
  }

  emit(...events: OutboxMessage[]): void {
    this.events.push(...events);
  }

  audit(entry: ChangeAudit & { entityId: string | null; entityType: string }): void {
    this.audits.push(entry);
  }

  async flush(audit: AuditService, meta: RequestMeta): Promise<void> {
    for (const [incidentId, ids] of this.joined) await addIncidentParticipants(this.em, incidentId, [...ids]);
    await insertTimeline(this.em, actorOf(this.actor), this.rows);
    await writeOutbox(this.em, this.events);
    for (const entry of this.audits) {
      await audit.append(this.em, {
        actor: actorOf(this.actor),
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after,
        meta,
      });
    }
  }
}

/**
 * The one write path for changing an existing incident. `run` does, in one transaction: lock the
 * row and load what access needs → NOT_FOUND for the missing or invisible → status guard → access
 * → version check → `apply(change)` (which saves the row through `change.save()`) → participants, timeline, outbox
 * → audit events last. `record` is the same minus the lock and the checks, for system notes on
 * incidents whose rows it does not change (delivery outcomes, overdue tasks).
 */
@Injectable()
export class IncidentChanges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  run<T>(
    actor: ChangeActor,
    meta: RequestMeta,
    incidentId: string,
    rule: ChangeRule,
    apply: (change: IncidentChange) => Promise<T>,
    onMissing?: () => T,
  ): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      const user = actorOf(actor);
      // The system is not access-checked, so its changes skip loading the participants.
      const loaded = await loadIncidentSubject(em, incidentId, true, user !== null || !!rule.access);
      const notFound = rule.notFound ?? (() => AppException.notFound('Incident', incidentId));
      if (!loaded) {
        if (onMissing) return onMissing();
        throw notFound();
      }
      if (user && !IncidentAccess.canSee(user, loaded.subject)) throw notFound();
      const { incident, subject } = loaded;
      const guard = typeof rule.guard === 'function' ? rule.guard(incident) : rule.guard;
      if (guard) assertStatus(incident.status, guard);
      const writes = new Writes(em, this.clock.now(), actor);
      const change: IncidentChange = {
        em,
        now: writes.now,
        actor,
        incident,
        subject,
        before: snapshot(incident),
        timelineFor: (...rows) => writes.timelineFor(...rows),
        participantsOf: (id, userIds) => writes.participantsOf(id, userIds),
        emit: (...events) => writes.emit(...events),
        timeline: (...entries) => writes.timelineFor(...entries.map((e) => ({ ...e, incidentId }))),
        participants: (...userIds) => writes.participantsOf(incidentId, userIds),
        audit: (entry) => writes.audit({ entityType: 'incident', entityId: incidentId, ...entry }),
        save: async () => {
          incident.updatedAt = writes.now;
          await em.save(incident);
        },
      };
      if (user && rule.action) {
        const asked = typeof rule.action === 'function' ? rule.action(incident) : rule.action;
        IncidentAccess.assert(user, asked, subject);
      }
      if (rule.access) await rule.access(change);
      if (rule.expectedVersion !== undefined && rule.expectedVersion !== incident.version) {
        throw AppException.conflict('The incident was changed by someone else; reload and try again', {
          currentVersion: incident.version,
          expectedVersion: rule.expectedVersion,
        });
      }
      const result = await apply(change);
      // The person who changed the case joins it (a TLP:RED case stays visible to them); a change
      // that wrote nothing (done → done) leaves no trace at all.
      if (user?.kind === 'user' && !writes.empty) writes.participantsOf(incidentId, [user.id]);
      await writes.flush(this.audit, meta);
      return result;
    });
  }

  /** System notes (timeline, outbox, audit) in one transaction, without locking any incident row. */
  record<T>(apply: (writes: IncidentWrites) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      const writes = new Writes(em, this.clock.now(), SYSTEM);
      const result = await apply(writes);
      await writes.flush(this.audit, {});
      return result;
    });
  }
}
