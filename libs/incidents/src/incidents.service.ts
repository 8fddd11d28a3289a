import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Actor, IncidentAccess, IncidentAction, RequestMeta, Role } from '@tocsin/access';
import { InformationSystemEntity } from '@tocsin/agencies';
import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock, writeOutbox } from '@tocsin/core';

import {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  ResolutionCode,
  Severity,
  TimelineKind,
  Tlp,
} from './incident.enums';
import { ChangeRule, IncidentChange, IncidentChanges, snapshot } from './incident-changes';
import { IncidentAuditAction } from './incident-audit-actions';
import { IncidentEntity } from './incident.entity';
import { IncidentEventType, incidentEvent } from './incident-outbox-events';
import {
  addIncidentParticipants,
  assertAssignable,
  LoadedIncident,
  loadIncidentSubject,
} from './incident.queries';
import { insertTimeline, TimelineLine } from './incident-timeline';
import { ObservableInput, ReportIncidentInput, TriageIncidentInput } from './incident.input';
import { normaliseObservable } from './observable-value';
import { normaliseForSearch, searchTextAfterCode } from './search-text';
import { dueTimes } from './sla-defaults';
import { IncidentMove, nextStatus, OPEN_STATUSES, StatusGuard } from './status-machine';
import { CommentEntity } from './timeline.entity';
import { ObservableEntity } from './observable.entity';
import { INCIDENT_TRIAGE_HOOK, IncidentTriageHook } from './incident-triage.hook';
import { INCIDENT_SLA_CLOCK, IncidentSlaClock } from './incident-sla-clock';

/** The events of the commands: each tells where the case stands (IncidentStateChange). */
type IncidentCommandEvent = Exclude<
  IncidentEventType,
  | 'incident.reported'
  | 'incident.runbook_applied'
  | 'incident.notified'
  | 'incident.task_overdue'
  | 'incident.task_done'
  | 'incident.task_reopened'
  | 'incident.task_assigned'
  | 'incident.task_comment_added'
>;

/** What one change produces besides the row itself. */
interface ChangeEffects {
  auditAction: IncidentAuditAction;
  eventType: IncidentCommandEvent;
  timeline: TimelineLine[];
  /** Users to add to the incident's participants (who may then see it when TLP:RED). */
  participants?: (string | null | undefined)[];
  /** Runs in the change after the row is saved and its own effects are collected, before its audit event. */
  after?: (change: IncidentChange) => Promise<void>;
  /** Recorded with the incident's snapshot in the audit event (e.g. the channel an ack came from). */
  auditExtra?: Record<string, unknown>;
}

/** How an acknowledgement arrived, when not through the API: recorded in the same transaction. */
export interface AcknowledgeVia {
  /** EMAIL, TELEGRAM or ZALO: shown on the timeline and in the audit event. */
  channel: string;
  /** Runs inside the acknowledging transaction (e.g. marks the notification acknowledged). */
  inTransaction?: (change: IncidentChange) => Promise<void>;
}

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The status each action needs: a move of the status machine, or an open case. */
const GUARD_OF: Partial<Record<IncidentAction, StatusGuard>> = {
  [IncidentAction.Triage]: { move: IncidentMove.TRIAGE },
  [IncidentAction.Acknowledge]: { move: IncidentMove.ACKNOWLEDGE },
  [IncidentAction.Contain]: { move: IncidentMove.CONTAIN },
  [IncidentAction.Resolve]: { move: IncidentMove.RESOLVE },
  [IncidentAction.Close]: { move: IncidentMove.CLOSE },
  [IncidentAction.Reopen]: { move: IncidentMove.REOPEN },
  [IncidentAction.ReopenClosed]: { move: IncidentMove.REOPEN },
  [IncidentAction.Reject]: { move: IncidentMove.REJECT },
  [IncidentAction.Reclassify]: { allowed: OPEN_STATUSES, verb: 'reclassify' },
  [IncidentAction.Assign]: { allowed: OPEN_STATUSES, verb: 'assign' },
  [IncidentAction.Escalate]: { allowed: OPEN_STATUSES, verb: 'escalate' },
};

/** The business year of a report, in the province's time zone (a case at 00:30 on 1 January belongs to the new year). */
// Built once: an Intl.DateTimeFormat costs more than the formatting (1.5 % of reportIncident's CPU).
const YEAR_IN_ZONE = new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric' });

function localYear(at: Date): number {
  return Number(YEAR_IN_ZONE.format(at));
}

/**
 * Every change to an incident goes through here: one transaction that locks the row, asks the
 * access policy, applies the status machine, and writes the timeline, the audit event and the
 * outbox rows. Resolvers, webhooks and (later) Telegram/Zalo acknowledgements all call these.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly changes: IncidentChanges,
    @Optional() @Inject(INCIDENT_TRIAGE_HOOK) private readonly triageHook?: IncidentTriageHook,
    @Optional() @Inject(INCIDENT_SLA_CLOCK) private readonly slaClock?: IncidentSlaClock,
  ) {}

  /**
   * SLA due times from the provided clock (policies, working hours, pauses), or from the built-in
   * defaults when no clock is provided (e.g. a process without the escalation module).
   */
  private async slaDueTimes(
    em: EntityManager,
    severity: Severity,
    from: Date,
    incidentId?: string,
  ): Promise<{ ackDueAt: Date | null; resolveDueAt: Date | null }> {
    if (!this.slaClock) return dueTimes(severity, from);
    const pauses = incidentId ? ((await this.slaClock.pausesOf?.(em, incidentId)) ?? []) : [];
    return this.slaClock.dueTimes(em, severity, from, pauses);
  }

  /**
   * Due times for a severity change or a reopen: the acknowledgement clock runs from the report
   * (and stays as it was once acknowledged), the resolution clock from the last reopening.
   */
  private async slaDueTimesFor(
    em: EntityManager,
    incident: IncidentEntity,
    severity: Severity,
  ): Promise<{ ackDueAt: Date | null; resolveDueAt: Date | null }> {
    const reported = await this.slaDueTimes(em, severity, incident.createdAt, incident.id);
    const resolve = incident.reopenedAt
      ? await this.slaDueTimes(em, severity, incident.reopenedAt, incident.id)
      : reported;
    return {
      ackDueAt: incident.acknowledgedAt ? incident.ackDueAt : reported.ackDueAt,
      resolveDueAt: resolve.resolveDueAt,
    };
  }

  async report(
    actor: Actor,
    meta: RequestMeta,
    input: ReportIncidentInput,
    source?: IncidentSource,
  ): Promise<IncidentEntity> {
    if (!IncidentAccess.canReportFor(actor, input.agencyId)) {
      throw AppException.forbidden('You may report incidents for your own agency only');
    }
    if (input.detectedAt && input.detectedAt.getTime() > this.clock.now().getTime() + 5 * 60_000) {
      throw AppException.badInput('detectedAt is in the future', { field: 'detectedAt' });
    }
    return this.dataSource.transaction(async (em) => {
      const agencyExists = await em.query<unknown[]>('SELECT 1 FROM agency WHERE id = $1', [input.agencyId]);
      if (!agencyExists.length)
        throw AppException.badInput('The agency does not exist', { field: 'agencyId' });
      if (input.affectedSystemId) {
        const system = await em.findOneBy(InformationSystemEntity, { id: input.affectedSystemId });
        if (!system || system.agencyId !== input.agencyId) {
          throw AppException.badInput("The affected system is not one of the agency's systems", {
            field: 'affectedSystemId',
          });
        }
      }
      const now = this.clock.now();
      const severity = input.severity ?? Severity.MEDIUM;
      const userId = actor.kind === 'user' ? actor.id : null;
      const id = randomUUID();
      const incident = em.create(IncidentEntity, {
        id,
        // Placeholder until the real code is taken at the end (see below).
        code: `pending-${id}`,
        title: input.title.trim(),
        description: input.description.trim(),
        category: input.category ?? IncidentCategory.OTHER,
        severity,
        tlp: input.tlp ?? Tlp.AMBER,
        status: IncidentStatus.NEW,
        source: source ?? (actor.kind === 'apiKey' ? IncidentSource.API : IncidentSource.WEB),
        isExercise: input.isExercise ?? false,
        agencyId: input.agencyId,
        affectedSystemId: input.affectedSystemId ?? null,
        affectedSystemName: input.affectedSystem?.trim() || null,
        reporterId: userId,
        reporterApiKeyId: actor.kind === 'apiKey' ? actor.id : null,
        detectedAt: input.detectedAt ?? null,
        searchText: '',
      });
      await em.insert(IncidentEntity, incident);
      // From the stored creation time, the same base a later severity change or pause uses.
      Object.assign(incident, await this.slaDueTimes(em, severity, incident.createdAt ?? now));
      await addIncidentParticipants(em, id, [userId]);
      await insertTimeline(em, actor, [
        {
          incidentId: id,
          kind: TimelineKind.REPORTED,
          internal: false,
          data: { status: IncidentStatus.NEW, severity, category: incident.category },
        },
      ]);
      await writeOutbox(em, [incidentEvent('incident.reported', id, { severity })]);
      // The two serialising steps come last, so their locks are held only until the commit: the
      // gapless code counter, then the audit chain head. Taking the code, storing it and reading the
      // row back is one statement, so the counter's lock is held for two round trips, not four.
      const stored = await this.takeCode(em, incident, now);
      incident.code = stored.code;
      incident.searchText = this.searchTextOf(incident);
      await this.audit.append(em, {
        actor,
        action: IncidentAuditAction.Reported,
        entityType: 'incident',
        entityId: id,
        before: null,
        after: snapshot(incident),
        meta,
      });
      return stored;
    });
  }

  triage(actor: Actor, meta: RequestMeta, id: string, input: TriageIncidentInput): Promise<IncidentEntity> {
    return this.change(
      actor,
      meta,
      id,
      IncidentAction.Triage,
      input.expectedVersion,
      async (incident, { em }) => {
        incident.status = nextStatus(incident.status, IncidentMove.TRIAGE);
        const severityChanged = incident.severity !== input.severity;
        incident.severity = input.severity;
        incident.category = input.category;
        incident.tlp = input.tlp;
        await this.checkTeam(em, input.teamId);
        incident.teamId = input.teamId ?? incident.teamId;
        incident.triagedAt = this.clock.now();
        if (severityChanged) Object.assign(incident, await this.slaDueTimesFor(em, incident, input.severity));
        if (input.assigneeId) await assertAssignable(em, input.assigneeId);
        incident.assigneeId = input.assigneeId ?? incident.assigneeId;
        return {
          auditAction: IncidentAuditAction.Triaged,
          eventType: 'incident.triaged',
          participants: [actor.kind === 'user' ? actor.id : null, input.assigneeId],
          after: async (change) => this.triageHook?.afterTriage(change, meta),
          timeline: [
            {
              kind: TimelineKind.TRIAGED,
              internal: false,
              data: {
                status: incident.status,
                severity: input.severity,
                category: input.category,
                tlp: input.tlp,
              },
            },
            ...(input.assigneeId
              ? [
                  {
                    kind: TimelineKind.ASSIGNED,
                    data: { assigneeId: input.assigneeId, teamId: incident.teamId },
                  },
                ]
              : []),
          ],
        };
      },
    );
  }

  /** A coordinator corrects severity, category, TLP or team of an open case without moving its status. */
  reclassify(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    input: TriageIncidentInput,
  ): Promise<IncidentEntity> {
    return this.change(
      actor,
      meta,
      id,
      IncidentAction.Reclassify,
      input.expectedVersion,
      async (incident, { em }) => {
        const before = {
          severity: incident.severity,
          category: incident.category,
          tlp: incident.tlp,
          teamId: incident.teamId,
        };
        if (incident.severity !== input.severity)
          Object.assign(incident, await this.slaDueTimesFor(em, incident, input.severity));
        await this.checkTeam(em, input.teamId);
        Object.assign(incident, {
          severity: input.severity,
          category: input.category,
          tlp: input.tlp,
          teamId: input.teamId ?? incident.teamId,
        });
        return {
          auditAction: IncidentAuditAction.Reclassified,
          eventType: 'incident.reclassified',
          timeline: [
            {
              kind: TimelineKind.TRIAGED,
              internal: false,
              data: {
                reclassified: true,
                before,
                severity: input.severity,
                category: input.category,
                tlp: input.tlp,
              },
            },
          ],
        };
      },
    );
  }

  assign(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    assigneeId: string | null,
    teamId: string | null | undefined,
    expectedVersion?: number,
  ) {
    return this.change(actor, meta, id, IncidentAction.Assign, expectedVersion, async (incident, { em }) => {
      if (assigneeId) await assertAssignable(em, assigneeId);
      incident.assigneeId = assigneeId;
      await this.checkTeam(em, teamId);
      if (teamId !== undefined) incident.teamId = teamId;
      return {
        auditAction: IncidentAuditAction.Assigned,
        eventType: 'incident.assigned',
        participants: [assigneeId],
        timeline: [{ kind: TimelineKind.ASSIGNED, data: { assigneeId, teamId: incident.teamId } }],
      };
    });
  }

  /** Stops the acknowledgement clock; an unassigned case taken by a responder becomes theirs. */
  acknowledge(actor: Actor, meta: RequestMeta, id: string, expectedVersion?: number, via?: AcknowledgeVia) {
    return this.change(actor, meta, id, IncidentAction.Acknowledge, expectedVersion, async (incident) => {
      incident.status = nextStatus(incident.status, IncidentMove.ACKNOWLEDGE);
      incident.acknowledgedAt = this.clock.now();
      const took = incident.assigneeId === null && actor.kind === 'user';
      if (took) incident.assigneeId = actor.id;
      return {
        auditAction: IncidentAuditAction.Acknowledged,
        eventType: 'incident.acknowledged',
        after: via?.inTransaction,
        auditExtra: via ? { via: via.channel } : undefined,
        timeline: [
          {
            kind: TimelineKind.ACKNOWLEDGED,
            internal: false,
            data: { status: incident.status, ...(via ? { via: via.channel } : {}) },
          },
          ...(took
            ? [{ kind: TimelineKind.ASSIGNED, data: { assigneeId: incident.assigneeId, took: true } }]
            : []),
        ],
      };
    });
  }

  escalate(actor: Actor, meta: RequestMeta, id: string, reason: string, expectedVersion?: number) {
    return this.change(actor, meta, id, IncidentAction.Escalate, expectedVersion, async (incident) => {
      incident.escalationLevel += 1;
      return {
        auditAction: IncidentAuditAction.Escalated,
        eventType: 'incident.escalated',
        timeline: [{ kind: TimelineKind.ESCALATED, data: { reason, level: incident.escalationLevel } }],
      };
    });
  }

  contain(actor: Actor, meta: RequestMeta, id: string, note: string | null, expectedVersion?: number) {
    return this.change(actor, meta, id, IncidentAction.Contain, expectedVersion, async (incident) => {
      incident.status = nextStatus(incident.status, IncidentMove.CONTAIN);
      incident.containedAt = this.clock.now();
      return {
        auditAction: IncidentAuditAction.Contained,
        eventType: 'incident.contained',
        timeline: [
          { kind: TimelineKind.CONTAINED, internal: false, data: { status: incident.status, note } },
        ],
      };
    });
  }

  resolve(actor: Actor, meta: RequestMeta, id: string, resolution: string, expectedVersion?: number) {
    return this.change(actor, meta, id, IncidentAction.Resolve, expectedVersion, async (incident) => {
      incident.status = nextStatus(incident.status, IncidentMove.RESOLVE);
      incident.resolvedAt = this.clock.now();
      incident.resolutionSummary = resolution;
      return {
        auditAction: IncidentAuditAction.Resolved,
        eventType: 'incident.resolved',
        timeline: [
          { kind: TimelineKind.RESOLVED, internal: false, data: { status: incident.status, resolution } },
        ],
      };
    });
  }

  close(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    resolutionCode: ResolutionCode,
    lessonsLearned: string | null,
    expectedVersion?: number,
  ) {
    return this.change(actor, meta, id, IncidentAction.Close, expectedVersion, async (incident) => {
      incident.status = nextStatus(incident.status, IncidentMove.CLOSE);
      incident.closedAt = this.clock.now();
      incident.resolutionCode = resolutionCode;
      incident.lessonsLearned = lessonsLearned;
      return {
        auditAction: IncidentAuditAction.Closed,
        eventType: 'incident.closed',
        timeline: [
          { kind: TimelineKind.CLOSED, internal: false, data: { status: incident.status, resolutionCode } },
        ],
      };
    });
  }

  reopen(actor: Actor, meta: RequestMeta, id: string, reason: string, expectedVersion?: number) {
    return this.change(
      actor,
      meta,
      id,
      (incident) =>
        incident.status === IncidentStatus.CLOSED ? IncidentAction.ReopenClosed : IncidentAction.Reopen,
      expectedVersion,
      async (incident, { em }) => {
        const from = incident.status;
        incident.status = nextStatus(incident.status, IncidentMove.REOPEN);
        incident.reopenedAt = this.clock.now();
        incident.resolvedAt = null;
        incident.closedAt = null;
        // A reopened case gets a fresh resolution clock (the acknowledgement stands).
        Object.assign(incident, await this.slaDueTimesFor(em, incident, incident.severity));
        return {
          auditAction: IncidentAuditAction.Reopened,
          eventType: 'incident.reopened',
          timeline: [
            { kind: TimelineKind.REOPENED, internal: false, data: { from, status: incident.status, reason } },
          ],
        };
      },
    );
  }

  reject(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    reason: string,
    duplicateOfId: string | null,
    expectedVersion?: number,
  ) {
    return this.change(actor, meta, id, IncidentAction.Reject, expectedVersion, async (incident, { em }) => {
      if (duplicateOfId) {
        if (duplicateOfId === incident.id)
          throw AppException.badInput('An incident cannot duplicate itself', { field: 'duplicateOfId' });
        const original = await this.loadSubject(em, duplicateOfId);
        if (!original || !IncidentAccess.canSee(actor, original.subject)) {
          throw AppException.badInput('The original incident does not exist', { field: 'duplicateOfId' });
        }
      }
      incident.status = nextStatus(incident.status, IncidentMove.REJECT);
      incident.rejectedAt = this.clock.now();
      incident.duplicateOfId = duplicateOfId;
      incident.resolutionCode = duplicateOfId ? ResolutionCode.DUPLICATE : ResolutionCode.NOT_AN_INCIDENT;
      incident.resolutionSummary = reason;
      return {
        auditAction: IncidentAuditAction.Rejected,
        eventType: 'incident.rejected',
        timeline: [
          {
            kind: TimelineKind.REJECTED,
            internal: false,
            // The duplicate's id stays off this reporter-visible entry: it may be another agency's case.
            data: { status: incident.status, reason, duplicate: Boolean(duplicateOfId) },
          },
        ],
      };
    });
  }

  /** Reporters' comments are always visible to the reporter side; staff comments default to internal. */
  async addComment(
    actor: Actor,
    meta: RequestMeta,
    incidentId: string,
    body: string,
    internal: boolean,
  ): Promise<CommentEntity> {
    let comment!: CommentEntity;
    await this.change(
      actor,
      meta,
      incidentId,
      IncidentAction.Comment,
      undefined,
      async (incident, { em, subject }) => {
        const isInternal = internal && IncidentAccess.can(actor, IncidentAction.CommentInternal, subject);
        if (internal && !isInternal && !(actor.kind === 'user' && actor.role === Role.REPORTER)) {
          throw AppException.forbidden('You may not write internal comments');
        }
        comment = await em.save(
          em.create(CommentEntity, {
            incidentId: incident.id,
            authorId: actor.kind === 'user' ? actor.id : null,
            body,
            internal: isInternal,
          }),
        );
        return {
          auditAction: IncidentAuditAction.CommentAdded,
          eventType: 'incident.comment_added',
          timeline: [{ kind: TimelineKind.COMMENT, internal: isInternal, data: { commentId: comment.id } }],
        };
      },
      false,
    );
    return comment;
  }

  async addObservable(
    actor: Actor,
    meta: RequestMeta,
    incidentId: string,
    input: ObservableInput,
  ): Promise<ObservableEntity> {
    const normalizedValue = normaliseObservable(input.type, input.value);
    let observable!: ObservableEntity;
    await this.change(
      actor,
      meta,
      incidentId,
      IncidentAction.AddObservable,
      undefined,
      async (incident, { em }) => {
        if (
          await em.existsBy(ObservableEntity, { incidentId: incident.id, type: input.type, normalizedValue })
        ) {
          throw AppException.conflict('This observable is already on the incident', { field: 'value' });
        }
        observable = await em.save(
          em.create(ObservableEntity, {
            incidentId: incident.id,
            type: input.type,
            value: input.value.trim(),
            normalizedValue,
            tlp: input.tlp ?? incident.tlp,
            description: input.description ?? null,
            addedById: actor.kind === 'user' ? actor.id : null,
          }),
        );
        const linked = await em.query<{ incident_id: string }[]>(
          'SELECT DISTINCT incident_id FROM incident_observable WHERE type = $1 AND normalized_value = $2 AND incident_id <> $3',
          [input.type, normalizedValue, incident.id],
        );
        return {
          auditAction: IncidentAuditAction.ObservableAdded,
          eventType: 'incident.observable_added',
          timeline: [
            {
              kind: TimelineKind.OBSERVABLE_ADDED,
              data: { observableId: observable.id, type: input.type, linkedIncidents: linked.length },
            },
          ],
        };
      },
      false,
    );
    return observable;
  }

  /** Loads the access-relevant facts of an incident (null when it does not exist). */
  loadSubject(em: EntityManager, id: string, lock = false): Promise<LoadedIncident | null> {
    return loadIncidentSubject(em, id, lock);
  }

  /**
   * One command on the shared write path (IncidentChanges): the runner locks, guards the status,
   * checks access and the version; here the command's effects become the saved row, the timeline,
   * the outbox event and, last, the audit event with the incident before and after.
   */
  private change(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    action: IncidentAction | ((incident: IncidentEntity) => IncidentAction),
    expectedVersion: number | undefined,
    apply: (incident: IncidentEntity, change: IncidentChange) => Promise<ChangeEffects>,
    bumpsVersion = true,
  ): Promise<IncidentEntity> {
    const actionOf = (incident: IncidentEntity) => (typeof action === 'function' ? action(incident) : action);
    const rule: ChangeRule = { action: actionOf, guard: (i) => GUARD_OF[actionOf(i)], expectedVersion };
    return this.changes.run(actor, meta, id, rule, async (change) => {
      const { incident } = change;
      const effects = await apply(incident, change);
      if (bumpsVersion) await change.save();
      change.participants(...(effects.participants ?? []));
      change.timeline(...effects.timeline);
      change.emit(
        incidentEvent(effects.eventType, incident.id, {
          status: incident.status,
          version: incident.version,
          internal: effects.timeline.every((e) => e.internal ?? true),
        }),
      );
      await effects.after?.(change);
      change.audit({
        action: effects.auditAction,
        before: bumpsVersion ? change.before : null,
        after: bumpsVersion
          ? { ...snapshot(incident), ...(effects.auditExtra ?? {}) }
          : { timeline: effects.timeline },
      });
      return incident;
    });
  }

  private async checkTeam(em: EntityManager, teamId: string | null | undefined): Promise<void> {
    if (!teamId) return;
    const rows = await em.query<unknown[]>('SELECT 1 FROM team WHERE id = $1', [teamId]);
    if (!rows.length) throw AppException.badInput('The team does not exist', { field: 'teamId' });
  }

  /**
   * `<PREFIX>-<year>-<seq>`: the counter row is incremented inside the reporting transaction and
   * stays locked until it commits, so concurrent reports queue on it; a rolled-back report rolls
   * its number back too. No gaps, no duplicates.
   *
   * Taking the code also stores it with the search text and due times, in one statement, and returns the row as
   * `findOneBy` would (the ORM's own hydration, no `select: false` columns). The search text is
   * normalised here around the code's digits, which only the database knows yet: the code has no
   * spaces, so this equals searchTextOf() (search-text.spec.ts checks it).
   */
  private async takeCode(em: EntityManager, incident: IncidentEntity, at: Date): Promise<IncidentEntity> {
    const prefix = this.config.incidents.codePrefix;
    const year = localYear(at);
    const head = `${prefix}-${year}-`;
    const rest = searchTextAfterCode(
      `${incident.title} ${incident.description} ${incident.affectedSystemName ?? ''}`,
    );
    const metadata = em.connection.getMetadata(IncidentEntity);
    const selected = metadata.columns.filter((c) => c.isSelect);
    // For an UPDATE the postgres driver answers [rows, affected count].
    const [rows] = await em.query<[Record<string, unknown>[], number]>(
      `WITH counter AS (
         INSERT INTO incident_code_counter (prefix, year, last_value) VALUES ($1, $2, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last_value = incident_code_counter.last_value + 1
         RETURNING lpad(last_value::text, greatest(6, length(last_value::text)), '0') AS digits)
       UPDATE incident i
          SET code = $3 || counter.digits, search_text = $4 || counter.digits || $5,
              ack_due_at = $6, resolve_due_at = $7, version = i.version + 1, updated_at = CURRENT_TIMESTAMP
         FROM counter
        WHERE i.id = $8
       RETURNING ${selected.map((c) => `i."${c.databaseName}"`).join(', ')}`,
      [
        prefix,
        year,
        head,
        normaliseForSearch(head),
        rest,
        incident.ackDueAt,
        incident.resolveDueAt,
        incident.id,
      ],
    );
    const stored = em.create(IncidentEntity);
    for (const column of selected) {
      column.setEntityValue(
        stored,
        em.connection.driver.prepareHydratedValue(rows[0][column.databaseName], column),
      );
    }
    return stored;
  }

  private searchTextOf(incident: IncidentEntity): string {
    return normaliseForSearch(
      `${incident.code} ${incident.title} ${incident.description} ${incident.affectedSystemName ?? ''}`,
    );
  }
}
