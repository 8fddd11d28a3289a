import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime, IANAZone } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';

import { AccessPolicy, Action, Actor, RequestMeta } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { AppException, Clock } from '@tocsin/core';
import { DEFAULT_SLA_MINUTES, IncidentSlaClock, Severity, SlaPauseSpan } from '@tocsin/incidents';

import { dueAfter, VN_OFFICE_HOURS, VN_PUBLIC_HOLIDAYS_2026, WorkingCalendar } from './business-time';
import { IncidentSlaPauseEntity, SlaPolicyEntity } from './sla.entity';
import { SlaPolicyInput, SlaPolicyModel, WorkingCalendarInput } from './sla.model';
import { EscalationConfigAuditAction } from './escalation-audit-actions';

const SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW];

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Checks a calendar beyond the field rules: a real time zone and dates, ordered non-overlapping windows. */
export function validateCalendar(input: WorkingCalendarInput): WorkingCalendar {
  if (!IANAZone.isValidZone(input.timeZone)) {
    throw AppException.badInput(`Unknown time zone ${input.timeZone}`, { field: 'calendar.timeZone' });
  }
  const weekly: WorkingCalendar['weekly'] = {};
  for (const day of input.weekly) {
    if (weekly[day.weekday]) {
      throw AppException.badInput(`Weekday ${day.weekday} is listed twice`, { field: 'calendar.weekly' });
    }
    const windows = [...day.windows].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    windows.forEach((w, i) => {
      if (minutesOf(w.start) >= minutesOf(w.end)) {
        throw AppException.badInput(`Window ${w.start}–${w.end} must start before it ends`, {
          field: 'calendar.weekly',
        });
      }
      if (i > 0 && minutesOf(w.start) < minutesOf(windows[i - 1].end)) {
        throw AppException.badInput(`Windows of weekday ${day.weekday} overlap`, {
          field: 'calendar.weekly',
        });
      }
    });
    weekly[day.weekday] = windows.map((w) => ({ start: w.start, end: w.end }));
  }
  for (const date of input.holidays) {
    if (!DateTime.fromISO(date).isValid) {
      throw AppException.badInput(`${date} is not a date`, { field: 'calendar.holidays' });
    }
  }
  return { timeZone: input.timeZone, weekly, holidays: [...new Set(input.holidays)].sort() };
}

export function toPolicyModel(policy: SlaPolicyEntity): SlaPolicyModel {
  return {
    ...policy,
    calendar: {
      timeZone: policy.calendar.timeZone,
      holidays: policy.calendar.holidays,
      weekly: Object.entries(policy.calendar.weekly)
        .map(([weekday, windows]) => ({ weekday: Number(weekday), windows: windows ?? [] }))
        .sort((a, b) => a.weekday - b.weekday),
    },
  };
}

/** The calendar of a policy row that has none (should not happen after the migration's seed). */
const DEFAULT_CALENDAR: WorkingCalendar = {
  timeZone: 'Asia/Ho_Chi_Minh',
  weekly: VN_OFFICE_HOURS,
  holidays: VN_PUBLIC_HOLIDAYS_2026,
};

/** The SLA deadlines of one incident and the points at which to warn about them. */
export interface SlaDeadlines {
  ackWarnAt: Date | null;
  ackDueAt: Date | null;
  resolveWarnAt: Date | null;
  resolveDueAt: Date | null;
}

/** What the deadline maths needs of an incident. */
export interface SlaSubject {
  severity: Severity;
  createdAt: Date;
  reopenedAt: Date | null;
  acknowledgedAt: Date | null;
  ackDueAt: Date | null;
}

/**
 * Pure: the deadlines of an incident under a policy. The acknowledgement clock runs from the
 * report (and is kept as it was once acknowledged), the resolution clock from the last reopening;
 * both stand still during pauses and, for working-hours policies, outside the calendar.
 */
export function computeDeadlines(
  policy: Pick<
    SlaPolicyEntity,
    'ackMinutes' | 'resolveMinutes' | 'warnPercent' | 'workingHoursOnly' | 'calendar'
  >,
  incident: SlaSubject,
  pauses: SlaPauseSpan[],
): SlaDeadlines {
  const calendar = policy.workingHoursOnly ? (policy.calendar ?? DEFAULT_CALENDAR) : undefined;
  const share = policy.warnPercent / 100;
  const resolveFrom = incident.reopenedAt ?? incident.createdAt;
  const acknowledged = incident.acknowledgedAt !== null;
  return {
    ackWarnAt: acknowledged
      ? null
      : dueAfter(incident.createdAt, policy.ackMinutes * share, pauses, calendar),
    ackDueAt: acknowledged
      ? incident.ackDueAt
      : dueAfter(incident.createdAt, policy.ackMinutes, pauses, calendar),
    resolveWarnAt: dueAfter(resolveFrom, policy.resolveMinutes * share, pauses, calendar),
    resolveDueAt: dueAfter(resolveFrom, policy.resolveMinutes, pauses, calendar),
  };
}

/** A policy row's stand-in when a severity has none (should not happen after the migration's seed). */
function fallbackPolicy(severity: Severity) {
  return {
    ackMinutes: DEFAULT_SLA_MINUTES[severity].acknowledge,
    resolveMinutes: DEFAULT_SLA_MINUTES[severity].resolve,
    warnPercent: 80,
    workingHoursOnly: false,
    calendar: DEFAULT_CALENDAR,
  };
}

/**
 * SLA policies (one per severity) and the clock that turns them into due times. Provided to
 * IncidentsService as INCIDENT_SLA_CLOCK, so reports and severity changes use the policies.
 */
@Injectable()
export class SlaPolicyService implements IncidentSlaClock {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<SlaPolicyModel[]> {
    AccessPolicy.assert(actor, Action.ReadSlaPolicies);
    const rows = await this.dataSource.getRepository(SlaPolicyEntity).find();
    return rows
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
      .map(toPolicyModel);
  }

  async update(
    actor: Actor,
    meta: RequestMeta,
    severity: Severity,
    input: SlaPolicyInput,
  ): Promise<SlaPolicyModel> {
    AccessPolicy.assert(actor, Action.ManageSlaPolicies);
    if (input.ackMinutes >= input.resolveMinutes) {
      throw AppException.badInput('The time to acknowledge must be shorter than the time to resolve', {
        field: 'ackMinutes',
      });
    }
    const calendar = input.calendar ? validateCalendar(input.calendar) : undefined;
    if (calendar && input.workingHoursOnly && !Object.values(calendar.weekly).some((w) => w?.length)) {
      throw AppException.badInput('A working-hours policy needs at least one working window', {
        field: 'calendar.weekly',
      });
    }
    return this.dataSource.transaction(async (em) => {
      const policy = await em.findOne(SlaPolicyEntity, {
        where: { severity },
        lock: { mode: 'pessimistic_write' },
      });
      if (!policy) throw AppException.notFound('SlaPolicy', severity);
      if (policy.version !== input.version) {
        throw AppException.conflict('The SLA policy was changed by someone else; reload and try again', {
          currentVersion: policy.version,
          expectedVersion: input.version,
        });
      }
      const before = { ...policy };
      Object.assign(policy, {
        ackMinutes: input.ackMinutes,
        resolveMinutes: input.resolveMinutes,
        warnPercent: input.warnPercent,
        workingHoursOnly: input.workingHoursOnly,
        calendar: calendar ?? policy.calendar,
        updatedById: actor.kind === 'user' ? actor.id : null,
        updatedAt: this.clock.now(),
      });
      const saved = await em.save(policy);
      await this.audit.append(em, {
        actor,
        action: EscalationConfigAuditAction.SlaPolicyUpdated,
        entityType: 'sla_policy',
        entityId: policy.id,
        before,
        after: { ...saved },
        meta,
      });
      return toPolicyModel(saved);
    });
  }

  // IncidentSlaClock

  async dueTimes(
    em: EntityManager,
    severity: Severity,
    from: Date,
    pauses: SlaPauseSpan[],
  ): Promise<{ ackDueAt: Date | null; resolveDueAt: Date | null }> {
    const policy = await em.findOneBy(SlaPolicyEntity, { severity });
    const ack = policy?.ackMinutes ?? DEFAULT_SLA_MINUTES[severity].acknowledge;
    const resolve = policy?.resolveMinutes ?? DEFAULT_SLA_MINUTES[severity].resolve;
    const calendar = policy?.workingHoursOnly ? (policy.calendar ?? DEFAULT_CALENDAR) : undefined;
    return {
      ackDueAt: dueAfter(from, ack, pauses, calendar),
      resolveDueAt: dueAfter(from, resolve, pauses, calendar),
    };
  }

  /** The incident's deadlines and warning points under its severity's policy, with its pauses. */
  async deadlinesOf(em: EntityManager, incident: SlaSubject & { id: string }): Promise<SlaDeadlines> {
    const policy =
      (await em.findOneBy(SlaPolicyEntity, { severity: incident.severity })) ??
      fallbackPolicy(incident.severity);
    return computeDeadlines(policy, incident, await this.pausesOf(em, incident.id));
  }

  /** Every severity's policy at once (the reconciler computes thousands of deadlines). */
  async policyBySeverity(em: EntityManager): Promise<Map<Severity, ReturnType<typeof fallbackPolicy>>> {
    const rows = await em.find(SlaPolicyEntity);
    return new Map(
      Object.values(Severity).map((severity) => [
        severity,
        rows.find((r) => r.severity === severity) ?? fallbackPolicy(severity),
      ]),
    );
  }

  async pausesOf(em: EntityManager, incidentId: string): Promise<SlaPauseSpan[]> {
    const rows = await em.find(IncidentSlaPauseEntity, {
      where: { incidentId },
      order: { startedAt: 'ASC' },
    });
    return rows.map((p) => ({ start: p.startedAt, end: p.endedAt }));
  }
}
