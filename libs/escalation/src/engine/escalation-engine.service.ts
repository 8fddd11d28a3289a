import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Role } from '@tocsin/access';
import { Clock } from '@tocsin/core';
import {
  IncidentChange,
  IncidentChanges,
  IncidentEntity,
  incidentEvent,
  IncidentEventType,
  IncidentStatus,
  OPEN_STATUSES,
  SYSTEM,
  TimelineKind,
} from '@tocsin/incidents';
import {
  NOTIFICATION_REQUESTER,
  NotificationChannel,
  NotificationEvent,
  NotificationRequest,
  NotificationRequester,
} from '@tocsin/notifications';

import {
  ChainSnapshot,
  EscalationChainEntity,
  EscalationTarget,
  EscalationStepEntity,
  IncidentEscalationEntity,
  IncidentSlaEventEntity,
} from '../escalation.entity';
import { EscalationTargetKind, SlaClockKind, SlaEventKind } from '../escalation.enums';
import { computeDeadlines, SlaDeadlines, SlaPolicyService } from '../sla-policy.service';
import { EscalationTargetResolver } from './escalation-targets';
import { EscalationTimer } from './escalation-timers';

/** Every channel, for SLA messages: the recipient's preferences decide which are used. */
const ALL_CHANNELS = Object.values(NotificationChannel);

/** A timer that fires this much early still counts as due (clock differences between processes). */
const EARLY_TOLERANCE_MS = 25;

/** Why an escalation stopped (stored on the row and on the timeline). */
export enum EscalationStopReason {
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  CLOSED = 'CLOSED',
  EXHAUSTED = 'EXHAUSTED',
  REACHED_NOBODY = 'REACHED_NOBODY',
}

const awaitingAcknowledgement = (i: IncidentEntity) =>
  (i.status === IncidentStatus.NEW || i.status === IncidentStatus.TRIAGED) && !i.acknowledgedAt;

/** Why a chain stops when the case no longer waits for acknowledgement. */
const stopReasonOf = (i: IncidentEntity) =>
  i.acknowledgedAt ? EscalationStopReason.ACKNOWLEDGED : EscalationStopReason.CLOSED;

const LEADERSHIP: EscalationTarget[] = [{ kind: EscalationTargetKind.ROLE, role: Role.LEADER }];

type RecordedSlaEvent = { clock: SlaClockKind; kind: SlaEventKind; firedAt: Date };

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * For every incident event, whether the engine re-reads the incident after it (anything that moves
 * a clock or the chain). A new event does not compile until it is classified here.
 */
export const SYNCS_ESCALATION: Record<IncidentEventType, boolean> = {
  'incident.reported': true,
  'incident.triaged': true,
  'incident.reclassified': true,
  'incident.assigned': true,
  'incident.acknowledged': true,
  'incident.escalated': true,
  'incident.contained': true,
  'incident.resolved': true,
  'incident.closed': true,
  'incident.reopened': true,
  'incident.rejected': true,
  'incident.sla_paused': true,
  'incident.sla_resumed': true,
  // libs/notifications: someone a step paged was reached on no channel (RecipientReach).
  'incident.recipient_unreached': true,
  'incident.comment_added': false,
  'incident.observable_added': false,
  'incident.task_done': false,
  'incident.task_reopened': false,
  'incident.task_assigned': false,
  'incident.task_comment_added': false,
  'incident.runbook_applied': false,
  // The engine's own entries: never fed back into sync.
  'incident.escalation_changed': false,
  'incident.notified': false,
  'incident.task_overdue': false,
};

/** The engine's audit actions (the same names as its timeline entries). */
export const EscalationAuditAction = {
  Started: 'incident.escalation_started',
  Stopped: 'incident.escalation_stopped',
  Step: 'incident.escalation_step',
  StepSkipped: 'incident.escalation_step_skipped',
  SlaWarning: 'incident.sla_warning',
  SlaBreached: 'incident.sla_breached',
  SlaResumed: 'incident.sla_resumed',
} as const;
type EscalationAuditAction = (typeof EscalationAuditAction)[keyof typeof EscalationAuditAction];

/** One engine transaction: the system's change to the incident, and whether it recorded anything. */
interface EngineRun {
  change: IncidentChange;
  recorded: boolean;
}

interface SlaCandidate {
  clock: SlaClockKind;
  kind: SlaEventKind;
  dueAt: Date;
  at: Date;
}

/**
 * The escalation engine. Each entry point runs one transaction that locks the incident row,
 * re-reads it and its escalation state, does what is due now (and nothing when the incident has
 * moved on), and returns the timers the worker must arm after the commit. The database is the
 * truth; timers are hints (docs/architecture.md, "How a job travels").
 */
@Injectable()
export class EscalationEngine {
  private readonly logger = new Logger(EscalationEngine.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: IncidentChanges,
    private readonly clock: Clock,
    private readonly sla: SlaPolicyService,
    private readonly targets: EscalationTargetResolver,
    @Inject(NOTIFICATION_REQUESTER) private readonly notifier: NotificationRequester,
  ) {}

  /**
   * After a change to the incident: start the chain of a case awaiting acknowledgement (restart it
   * on triage, when the team and severity are known), stop it once acknowledged or finished, carry
   * out manual escalations, and re-arm the SLA timers.
   */
  sync(incidentId: string, eventType?: IncidentEventType): Promise<EscalationTimer[]> {
    return this.withIncident(incidentId, async (run, em, incident, now) => {
      let escalation = await em.findOneBy(IncidentEscalationEntity, { incidentId });
      if (awaitingAcknowledgement(incident)) {
        // An exhausted chain stays stopped (the breach already told the leadership); a triage
        // restarts it for the team and severity now known, as does a policy change of chain.
        // Replays are harmless: a triage restarts only an escalation that began before it.
        const triaged =
          eventType === 'incident.triaged' &&
          incident.triagedAt !== null &&
          escalation !== null &&
          escalation.startedAt < incident.triagedAt;
        if (!escalation || triaged || eventType === 'incident.reclassified') {
          const chain = await this.chainFor(em, incident);
          if (chain && (!escalation || triaged || chain.id !== escalation.chain.chainId)) {
            escalation = await this.start(run, incident, escalation, chain, now);
          }
        }
      } else if (escalation && !escalation.stoppedAt) {
        this.stop(run, escalation, stopReasonOf(incident), now);
      }
      if (
        eventType === 'incident.recipient_unreached' &&
        escalation &&
        !escalation.stoppedAt &&
        awaitingAcknowledgement(incident) &&
        (await this.lastStepReachedNobody(em, escalation))
      ) {
        // Every channel of everyone the last step paged failed: waiting out its delay helps nobody.
        await this.runStep(run, incident, escalation, now);
      }
      if (!escalation && incident.escalationLevel > 0) {
        // Escalated before any chain ran (acknowledged first): a stopped row carries the levels,
        // so the leadership is still told.
        escalation = await this.stoppedRow(em, incident, now);
      }
      if (!OPEN_STATUSES.includes(incident.status)) await this.endOpenPause(run, incident, now);
      if (escalation) await this.carryOutManualEscalations(run, incident, escalation, now);
      if (escalation) await em.save(escalation);
      const deadlines = await this.sla.deadlinesOf(em, incident);
      const recorded = await this.recordedSlaEvents(em, incident.id);
      return [...this.stepTimers(escalation), ...this.slaTimer(incident, deadlines, recorded, now)];
    });
  }

  /** A step timer fired: if `token` is still the current one and the case still waits, run the step. */
  fireStep(incidentId: string, token: string): Promise<EscalationTimer[]> {
    return this.withIncident(incidentId, async (run, em, incident, now) => {
      const escalation = await em.findOneBy(IncidentEscalationEntity, { incidentId });
      if (!escalation || escalation.stepToken !== token || escalation.stoppedAt || !escalation.nextAt) {
        // Fenced off: a stale or re-run job. Re-arm the current step (same id if it is armed), in
        // case this is the retry of a run whose commit succeeded and whose arming did not.
        return this.stepTimers(escalation);
      }
      if (!awaitingAcknowledgement(incident)) {
        this.stop(run, escalation, stopReasonOf(incident), now);
        await em.save(escalation);
        return [];
      }
      if (escalation.nextAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS)
        return this.stepTimers(escalation);
      await this.runStep(run, incident, escalation, now);
      await em.save(escalation);
      return this.stepTimers(escalation);
    });
  }

  /**
   * An SLA timer fired: record every warning and breach that is due and not yet recorded (each
   * once: a unique key per incident, clock, kind and deadline), tell people, and arm the next one.
   * A missed acknowledgement deadline also moves the chain on to its next step at once.
   */
  checkSla(incidentId: string): Promise<EscalationTimer[]> {
    return this.withIncident(incidentId, async (run, em, incident, now) => {
      const deadlines = await this.sla.deadlinesOf(em, incident);
      const recorded = await this.recordedSlaEvents(em, incident.id);
      const due = this.slaCandidates(incident, deadlines)
        .filter((c) => !this.alreadyRecorded(incident, recorded, c))
        .filter((c) => c.at.getTime() - now.getTime() <= EARLY_TOLERANCE_MS);
      let escalation: IncidentEscalationEntity | null = null;
      for (const candidate of due) {
        const inserted = await em.query<{ id: string }[]>(
          `INSERT INTO incident_sla_event (incident_id, clock, kind, due_at, scheduled_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id, clock, kind, due_at) DO NOTHING RETURNING id`,
          [incidentId, candidate.clock, candidate.kind, candidate.dueAt, candidate.at],
        );
        if (!inserted.length) continue;
        recorded.push({ clock: candidate.clock, kind: candidate.kind, firedAt: now });
        await this.recordSlaEvent(run, incident, candidate, now);
        if (candidate.clock === SlaClockKind.ACKNOWLEDGE && candidate.kind === SlaEventKind.BREACH) {
          escalation = await em.findOneBy(IncidentEscalationEntity, { incidentId });
          if (escalation && !escalation.stoppedAt && awaitingAcknowledgement(incident)) {
            await this.runStep(run, incident, escalation, now);
            await em.save(escalation);
          }
        }
      }
      return [...this.stepTimers(escalation), ...this.slaTimer(incident, deadlines, recorded, now)];
    });
  }

  /**
   * The delivery auditor's repair: escalations of incidents still awaiting acknowledgement that
   * stopped without a reason (or neither run nor stopped) are put back to run their current
   * step now, with a new fencing token; the reconciler arms the timer from the row. Bounded.
   */
  async rearmStalled(limit = 500): Promise<string[]> {
    const rows = await this.dataSource.query<{ incident_id: string }[]>(
      `WITH stalled AS (
         SELECT e.incident_id FROM incident_escalation e JOIN incident i ON i.id = e.incident_id
          WHERE i.status IN ('NEW', 'TRIAGED')
            AND ((e.stopped_at IS NULL AND e.next_at IS NULL) OR (e.stopped_at IS NOT NULL AND e.stop_reason IS NULL))
          LIMIT $1 FOR UPDATE OF e SKIP LOCKED),
       rearmed AS (
         UPDATE incident_escalation e SET stopped_at = NULL, stop_reason = NULL, next_at = $2,
                step_token = gen_random_uuid()
           FROM stalled WHERE e.incident_id = stalled.incident_id RETURNING e.incident_id)
       SELECT incident_id FROM rearmed`,
      [limit, this.clock.now()],
    );
    return rows.map((r) => r.incident_id);
  }

  /**
   * Every timer the open incidents need now, computed from the database alone (the reconciler
   * arms them; ids are deterministic, so timers still in Redis are not duplicated). Pages through
   * the open incidents so memory stays flat however many there are.
   */
  async pendingTimers(
    onPage: (timers: EscalationTimer[]) => Promise<void>,
    pageSize = 2000,
  ): Promise<number> {
    const em = this.dataSource.manager;
    const policies = await this.sla.policyBySeverity(em);
    const now = this.clock.now();
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const rows = await em.query<
        {
          id: string;
          status: IncidentStatus;
          severity: IncidentEntity['severity'];
          created_at: Date;
          reopened_at: Date | null;
          acknowledged_at: Date | null;
          ack_due_at: Date | null;
          resolve_due_at: Date | null;
          escalation_level: number;
          step_token: string | null;
          next_at: Date | null;
          stopped_at: Date | null;
          manual_level: number | null;
          has_escalation: boolean;
        }[]
      >(
        `SELECT i.id, i.status, i.severity, i.created_at, i.reopened_at, i.acknowledged_at, i.ack_due_at,
                i.resolve_due_at, i.escalation_level, e.step_token, e.next_at, e.stopped_at, e.manual_level,
                e.incident_id IS NOT NULL AS has_escalation
           FROM incident i LEFT JOIN incident_escalation e ON e.incident_id = i.id
          WHERE i.status = ANY($1::incident_status[]) AND i.id > $2
          ORDER BY i.id LIMIT $3`,
        [OPEN_STATUSES, after, pageSize],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const ids = rows.map((r) => r.id);
      const pauses = await em.query<{ incident_id: string; started_at: Date; ended_at: Date | null }[]>(
        'SELECT incident_id, started_at, ended_at FROM incident_sla_pause WHERE incident_id = ANY($1::uuid[])',
        [ids],
      );
      const recorded = await em.query<
        { incident_id: string; clock: SlaClockKind; kind: SlaEventKind; fired_at: Date }[]
      >(
        'SELECT incident_id, clock, kind, fired_at FROM incident_sla_event WHERE incident_id = ANY($1::uuid[])',
        [ids],
      );
      const pausesOf = groupBy(pauses, (p) => p.incident_id);
      const recordedOf = groupBy(recorded, (r) => r.incident_id);
      const timers: EscalationTimer[] = [];
      for (const row of rows) {
        const incident = {
          id: row.id,
          status: row.status,
          severity: row.severity,
          createdAt: row.created_at,
          reopenedAt: row.reopened_at,
          acknowledgedAt: row.acknowledged_at,
          ackDueAt: row.ack_due_at,
          resolveDueAt: row.resolve_due_at,
        } as IncidentEntity;
        const waiting = awaitingAcknowledgement(incident);
        const needsSync =
          (waiting && !row.has_escalation) ||
          (!row.has_escalation && row.escalation_level > 0) ||
          (row.has_escalation && row.escalation_level > (row.manual_level ?? 0)) ||
          (!waiting && row.has_escalation && row.stopped_at === null);
        if (needsSync) {
          timers.push({
            kind: 'sync',
            incidentId: row.id,
            at: now,
            key: `reconcile-${Math.floor(now.getTime() / 60_000)}`,
          });
        } else if (row.step_token && row.next_at && !row.stopped_at) {
          timers.push({ kind: 'step', incidentId: row.id, token: row.step_token, at: row.next_at });
        }
        const deadlines = computeDeadlines(
          policies.get(row.severity)!,
          incident,
          (pausesOf.get(row.id) ?? []).map((p) => ({ start: p.started_at, end: p.ended_at })),
        );
        const next = this.nextSlaMoment(
          incident,
          deadlines,
          (recordedOf.get(row.id) ?? []).map((r) => ({ clock: r.clock, kind: r.kind, firedAt: r.fired_at })),
        );
        if (next) timers.push({ kind: 'sla', incidentId: row.id, at: next.at });
      }
      total += timers.length;
      await onPage(timers);
      if (rows.length < pageSize) break;
    }
    return total;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * One system change to the incident (IncidentChanges: the row locked, queued behind and ahead of
   * every other change to it). Subscribers hear of the engine's timeline entries once per
   * transaction; `incident.escalation_changed` never feeds back into sync (SYNCS_ESCALATION).
   */
  private withIncident(
    incidentId: string,
    work: (
      run: EngineRun,
      em: EntityManager,
      incident: IncidentEntity,
      now: Date,
    ) => Promise<EscalationTimer[]>,
  ): Promise<EscalationTimer[]> {
    return this.changes.run(
      SYSTEM,
      {},
      incidentId,
      {},
      async (change) => {
        const run: EngineRun = { change, recorded: false };
        const { em, incident, now } = change;
        const timers = await work(run, em, incident, now);
        if (run.recorded) {
          change.emit(
            incidentEvent('incident.escalation_changed', incidentId, {
              status: incident.status,
              version: incident.version,
              internal: true,
            }),
          );
        }
        return timers;
      },
      () => [],
    );
  }

  /** The most specific policy that matches (agency > category > severity), else the default chain. */
  private async chainFor(em: EntityManager, incident: IncidentEntity): Promise<EscalationChainEntity | null> {
    const [policy] = await em.query<{ chain_id: string }[]>(
      `SELECT chain_id FROM escalation_policy
        WHERE (severity IS NULL OR severity = $1) AND (category IS NULL OR category = $2)
          AND (agency_id IS NULL OR agency_id = $3)
        ORDER BY (agency_id IS NOT NULL)::int * 4 + (category IS NOT NULL)::int * 2 + (severity IS NOT NULL)::int DESC
        LIMIT 1`,
      [incident.severity, incident.category, incident.agencyId],
    );
    return policy
      ? em.findOneBy(EscalationChainEntity, { id: policy.chain_id })
      : em.findOneBy(EscalationChainEntity, { isDefault: true });
  }

  private async start(
    run: EngineRun,
    incident: IncidentEntity,
    previous: IncidentEscalationEntity | null,
    chain: EscalationChainEntity,
    now: Date,
  ): Promise<IncidentEscalationEntity> {
    const { em } = run.change;
    const steps = await em.find(EscalationStepEntity, {
      where: { chainId: chain.id },
      order: { position: 'ASC' },
    });
    const snapshot: ChainSnapshot = {
      chainId: chain.id,
      name: chain.name,
      repeatCount: chain.repeatCount,
      steps: steps.map((s) => ({
        id: s.id,
        delaySeconds: s.delaySeconds,
        targets: s.targets,
        channels: s.channels,
      })),
    };
    const escalation = em.create(IncidentEscalationEntity, {
      incidentId: incident.id,
      chain: snapshot,
      run: (previous?.run ?? 0) + 1,
      stepIndex: 0,
      repeat: 0,
      stepToken: randomUUID(),
      nextAt: now,
      manualLevel: previous?.manualLevel ?? 0,
      startedAt: now,
      stoppedAt: null,
      stopReason: null,
    });
    this.record(run, TimelineKind.ESCALATION_STARTED, EscalationAuditAction.Started, {
      chainId: chain.id,
      chain: chain.name,
      run: escalation.run,
      steps: steps.length,
    });
    if (!steps.length) {
      this.stop(run, escalation, EscalationStopReason.EXHAUSTED, now);
      return escalation;
    }
    // Step 0 goes out now, in this transaction (the report or triage is its trigger).
    await this.runStep(run, incident, escalation, now);
    return escalation;
  }

  private stop(
    run: EngineRun,
    escalation: IncidentEscalationEntity,
    reason: EscalationStopReason,
    now: Date,
  ): void {
    escalation.stoppedAt = now;
    escalation.stopReason = reason;
    escalation.nextAt = null;
    escalation.stepToken = randomUUID();
    this.record(run, TimelineKind.ESCALATION_STOPPED, EscalationAuditAction.Stopped, {
      reason,
      run: escalation.run,
    });
  }

  /**
   * Runs the pending step now; a step that reaches nobody (nobody on call, no usable contact
   * method) is recorded as skipped and the next one runs at once. A whole round of skips stops
   * the chain rather than spinning.
   */
  private async runStep(
    run: EngineRun,
    incident: IncidentEntity,
    escalation: IncidentEscalationEntity,
    now: Date,
  ): Promise<void> {
    const { em } = run.change;
    const steps = escalation.chain.steps;
    for (let tried = 0; tried < steps.length; tried++) {
      const step = steps[escalation.stepIndex];
      const position = escalation.stepIndex;
      const people = await this.targets.resolve(em, step.targets, incident.teamId, now);
      const reached = await this.page(run, incident.id, people, step.channels, {
        event: NotificationEvent.ESCALATION_STEP,
        eventKey: `run-${escalation.run}-step-${step.id}`,
        repeat: escalation.repeat,
        payload: { position, repeat: escalation.repeat, chain: escalation.chain.name },
      });
      if (!reached.length) {
        this.record(run, TimelineKind.ESCALATION_STEP_SKIPPED, EscalationAuditAction.StepSkipped, {
          position,
          repeat: escalation.repeat,
          run: escalation.run,
          reason: people.length ? 'NO_USABLE_CONTACT_METHOD' : 'NOBODY_TO_NOTIFY',
        });
        if (!this.advance(escalation, now, 0)) {
          this.stop(run, escalation, EscalationStopReason.EXHAUSTED, now);
          return;
        }
        continue;
      }
      this.record(run, TimelineKind.ESCALATION_STEP, EscalationAuditAction.Step, {
        position,
        repeat: escalation.repeat,
        run: escalation.run,
        recipients: reached,
      });
      if (!this.advance(escalation, now, step.delaySeconds)) {
        this.stop(run, escalation, EscalationStopReason.EXHAUSTED, now);
      }
      return;
    }
    this.stop(run, escalation, EscalationStopReason.REACHED_NOBODY, now);
  }

  /**
   * True when the step that ran last asked for outward channels and every one of its outward
   * deliveries failed (in-app alone reaches nobody at 3 a.m.). A replayed event finds the step
   * it ran meanwhile, whose deliveries are pending, and does nothing.
   */
  private async lastStepReachedNobody(
    em: EntityManager,
    escalation: IncidentEscalationEntity,
  ): Promise<boolean> {
    const steps = escalation.chain.steps;
    let position = escalation.stepIndex - 1;
    let repeat = escalation.repeat;
    if (position < 0) {
      if (repeat === 0) return false;
      repeat -= 1;
      position = steps.length - 1;
    }
    const [row] = await em.query<{ total: number; live: number }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE state <> 'FAILED')::int AS live
         FROM notification
        WHERE incident_id = $1 AND event_key = $2 AND repeat = $3 AND channel <> 'IN_APP'`,
      [escalation.incidentId, `run-${escalation.run}-step-${steps[position].id}`, repeat],
    );
    return row.total > 0 && row.live === 0;
  }

  /** Moves to the next step (or round); false when the chain is exhausted. Rotates the fencing token. */
  private advance(escalation: IncidentEscalationEntity, now: Date, delaySeconds: number): boolean {
    escalation.stepToken = randomUUID();
    let next = escalation.stepIndex + 1;
    if (next >= escalation.chain.steps.length) {
      if (escalation.repeat >= escalation.chain.repeatCount) {
        escalation.nextAt = null;
        return false;
      }
      escalation.repeat += 1;
      next = 0;
    }
    escalation.stepIndex = next;
    escalation.nextAt = new Date(now.getTime() + delaySeconds * 1000);
    return true;
  }

  /**
   * `escalateIncident` raised the level: each new level informs the leadership and, when the chain
   * is still running, runs its next step now. The row remembers the levels carried out, so a
   * replayed event does nothing.
   */
  private async carryOutManualEscalations(
    run: EngineRun,
    incident: IncidentEntity,
    escalation: IncidentEscalationEntity,
    now: Date,
  ): Promise<void> {
    const { em } = run.change;
    while (escalation.manualLevel < incident.escalationLevel) {
      escalation.manualLevel += 1;
      const leaders = await this.targets.resolve(em, LEADERSHIP, incident.teamId, now);
      await this.page(run, incident.id, leaders, ALL_CHANNELS, {
        event: NotificationEvent.MANUAL_ESCALATION,
        eventKey: `manual-escalation-${escalation.manualLevel}`,
        repeat: 0,
        payload: { level: escalation.manualLevel },
      });
      if (!escalation.stoppedAt && awaitingAcknowledgement(incident)) {
        await this.runStep(run, incident, escalation, now);
      }
    }
  }

  /** The warnings and breaches an incident can still have, with the moment each is due. */
  private slaCandidates(incident: IncidentEntity, d: SlaDeadlines): SlaCandidate[] {
    if (!OPEN_STATUSES.includes(incident.status)) return [];
    const out: SlaCandidate[] = [];
    const add = (clock: SlaClockKind, warnAt: Date | null, dueAt: Date | null) => {
      if (!dueAt) return; // paused: no deadline until the clock resumes
      // A policy edited after the report may put the warning past the stored deadline: clamp.
      if (warnAt) out.push({ clock, kind: SlaEventKind.WARNING, dueAt, at: warnAt < dueAt ? warnAt : dueAt });
      out.push({ clock, kind: SlaEventKind.BREACH, dueAt, at: dueAt });
    };
    if (awaitingAcknowledgement(incident)) add(SlaClockKind.ACKNOWLEDGE, d.ackWarnAt, incident.ackDueAt);
    add(SlaClockKind.RESOLVE, d.resolveWarnAt, incident.resolveDueAt);
    return out;
  }

  private async recordedSlaEvents(em: EntityManager, incidentId: string): Promise<RecordedSlaEvent[]> {
    const rows = await em.find(IncidentSlaEventEntity, { where: { incidentId } });
    return rows.map((r) => ({ clock: r.clock, kind: r.kind, firedAt: r.firedAt }));
  }

  /**
   * Each clock warns once and breaches once per run of the clock: the acknowledgement clock from
   * the report, the resolution clock from the last reopening. A pause or a severity change that
   * moves the deadline does not warn again about the same clock.
   */
  private alreadyRecorded(
    incident: Pick<IncidentEntity, 'createdAt' | 'reopenedAt'>,
    recorded: RecordedSlaEvent[],
    c: SlaCandidate,
  ): boolean {
    const since =
      c.clock === SlaClockKind.ACKNOWLEDGE ? incident.createdAt : (incident.reopenedAt ?? incident.createdAt);
    return recorded.some((r) => r.clock === c.clock && r.kind === c.kind && r.firedAt >= since);
  }

  /** An open clock pause ends when the case leaves the open statuses (a reopened case starts clean). */
  private async endOpenPause(run: EngineRun, incident: IncidentEntity, now: Date): Promise<void> {
    const { em } = run.change;
    const ended = await em.query<{ id: string }[]>(
      // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      `WITH ended AS (UPDATE incident_sla_pause SET ended_at = $2 WHERE incident_id = $1 AND ended_at IS NULL RETURNING id)
       SELECT id FROM ended`,
      [incident.id, now],
    );
    if (!ended.length) return;
    this.record(run, TimelineKind.SLA_RESUMED, EscalationAuditAction.SlaResumed, {
      pauseId: ended[0].id,
      automatic: true,
      status: incident.status,
    });
  }

  /** The row of an incident whose chain never ran, stopped from the start, to carry manual levels. */
  private async stoppedRow(
    em: EntityManager,
    incident: IncidentEntity,
    now: Date,
  ): Promise<IncidentEscalationEntity> {
    const chain = await this.chainFor(em, incident);
    return em.create(IncidentEscalationEntity, {
      incidentId: incident.id,
      chain: { chainId: chain?.id ?? '', name: chain?.name ?? '', repeatCount: 0, steps: [] },
      run: 0,
      stepIndex: 0,
      repeat: 0,
      stepToken: randomUUID(),
      nextAt: null,
      manualLevel: 0,
      startedAt: now,
      stoppedAt: now,
      stopReason: stopReasonOf(incident),
    });
  }

  /** The earliest warning or breach this clock run has not recorded yet. */
  private nextSlaMoment(
    incident: IncidentEntity,
    deadlines: SlaDeadlines,
    recorded: RecordedSlaEvent[],
  ): SlaCandidate | undefined {
    return this.slaCandidates(incident, deadlines)
      .filter((c) => !this.alreadyRecorded(incident, recorded, c))
      .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  }

  /** The next SLA moment not yet recorded (one timer; its handler arms the one after). */
  private slaTimer(
    incident: IncidentEntity,
    deadlines: SlaDeadlines,
    recorded: RecordedSlaEvent[],
    now: Date,
  ): EscalationTimer[] {
    const next = this.nextSlaMoment(incident, deadlines, recorded);
    if (!next) return [];
    // Armed from inside an SLA job for the same moment, the id would collide with the running job.
    const at = next.at.getTime() <= now.getTime() ? new Date(now.getTime() + 1) : next.at;
    return [{ kind: 'sla', incidentId: incident.id, at }];
  }

  private stepTimers(escalation: IncidentEscalationEntity | null): EscalationTimer[] {
    if (!escalation || escalation.stoppedAt || !escalation.nextAt) return [];
    return [
      { kind: 'step', incidentId: escalation.incidentId, token: escalation.stepToken, at: escalation.nextAt },
    ];
  }

  /**
   * A warning goes to whoever holds the case (the assignee, else the team's on-call); a breach to
   * the leadership and the assignee. One notification request each, keyed by the deadline.
   */
  private async recordSlaEvent(run: EngineRun, incident: IncidentEntity, c: SlaCandidate, now: Date) {
    const { em } = run.change;
    const breach = c.kind === SlaEventKind.BREACH;
    const data = { clock: c.clock, dueAt: c.dueAt.toISOString(), scheduledAt: c.at.toISOString() };
    this.record(
      run,
      breach ? TimelineKind.SLA_BREACHED : TimelineKind.SLA_WARNING,
      breach ? EscalationAuditAction.SlaBreached : EscalationAuditAction.SlaWarning,
      data,
    );
    // A warning that comes no earlier than its deadline (a late policy edit, a recovery after an
    // outage) is recorded, but only the breach, at the same moment, is sent.
    if (!breach && c.at.getTime() >= c.dueAt.getTime()) return;
    const people = breach
      ? [
          ...(await this.targets.resolve(em, LEADERSHIP, null, now)),
          ...(incident.assigneeId ? [incident.assigneeId] : []),
        ]
      : incident.assigneeId
        ? [incident.assigneeId]
        : await this.targets.resolve(em, [{ kind: EscalationTargetKind.TEAM_ON_CALL }], incident.teamId, now);
    const reached = await this.page(run, incident.id, people, ALL_CHANNELS, {
      event: breach ? NotificationEvent.SLA_BREACH : NotificationEvent.SLA_WARNING,
      eventKey: `${c.clock.toLowerCase()}-${c.kind.toLowerCase()}@${c.dueAt.toISOString()}`,
      repeat: 0,
      payload: data,
    });
    if (!reached.length) this.logger.warn({ incidentId: incident.id, ...data }, 'SLA event reaches nobody');
  }

  /**
   * Tells those of `people` who can be reached on `channels` (one notification request) and puts
   * them on the case: paging someone lets them open it even when it is TLP:RED. Returns who.
   */
  private async page(
    run: EngineRun,
    incidentId: string,
    people: string[],
    channels: NotificationChannel[],
    request: Omit<NotificationRequest, 'incidentId' | 'recipients'>,
  ): Promise<string[]> {
    const { em } = run.change;
    const reachable = await this.notifier.reachable(em, [...new Set(people)], channels);
    if (!reachable.size) return [];
    run.change.participants(...reachable.keys());
    await this.notifier.request(run.change, {
      ...request,
      recipients: [...reachable].map(([userId, ch]) => ({ userId, channels: ch })),
    });
    return [...reachable.keys()];
  }

  /**
   * One engine action, on the incident's timeline (internal) and in the audit trail as the system.
   * The change appends the audit events at the end of the transaction, so the audit chain head,
   * locked until commit and shared by every writer, is held briefly.
   */
  private record(
    run: EngineRun,
    kind: TimelineKind,
    action: EscalationAuditAction,
    data: Record<string, unknown>,
  ): void {
    run.recorded = true;
    run.change.timeline({ kind, data });
    run.change.audit({ action, before: null, after: data });
  }
}
