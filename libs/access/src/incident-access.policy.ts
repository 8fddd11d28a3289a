import { AppException } from '@tocsin/core';

import { Actor } from './actor';
import { ApiKeyScope, Role } from './role.enum';

/**
 * What the incident rules look at. Kept free of the incidents library's types so the access
 * library depends on nothing but core.
 */
export interface IncidentSubject {
  agencyId: string;
  tlp: string;
  reporterId: string | null;
  assigneeId: string | null;
  /** Users on the incident (reporter, assignee, whoever triaged or acted, anyone added). */
  participantIds: readonly string[];
}

export enum IncidentAction {
  Read = 'incident.read',
  Report = 'incident.report',
  Triage = 'incident.triage',
  Reclassify = 'incident.reclassify',
  Assign = 'incident.assign',
  Acknowledge = 'incident.acknowledge',
  Escalate = 'incident.escalate',
  Contain = 'incident.contain',
  Resolve = 'incident.resolve',
  Close = 'incident.close',
  Reopen = 'incident.reopen',
  ReopenClosed = 'incident.reopen_closed',
  Reject = 'incident.reject',
  Comment = 'incident.comment',
  ReadInternal = 'incident.internal.read',
  CommentInternal = 'incident.internal.comment',
  AddObservable = 'incident.observable.add',
  ReadMetrics = 'incident.metrics',
}

/** The SQL-shaped answer to "which incidents may this actor see". */
export interface IncidentScope {
  /** Nothing at all. */
  none: boolean;
  /** Only this agency's incidents (reporters). */
  agencyId: string | null;
  /** TLP:RED: visible to everybody in scope ('all') or only to participants (this user id), or to nobody. */
  red: 'all' | { participant: string } | 'none';
}

const STAFF: Role[] = [Role.COORDINATOR, Role.RESPONDER];

/**
 * Incident rules, beside the general rule table (access.policy.ts) in the same access module:
 * - everybody sees incidents of every agency except reporters (own agency only);
 * - TLP:RED is seen only by the people on the incident, and by coordinators, who run the team;
 * - reporters never see internal comments or internal timeline entries;
 * - coordinators triage, assign, reject, close and reopen closed cases; the assignee (or a
 *   coordinator) works the case; an unassigned case can be taken by any responder.
 */
export class IncidentAccess {
  static scope(actor: Actor): IncidentScope {
    if (actor.kind === 'apiKey') {
      return actor.scopes.includes(ApiKeyScope.INCIDENTS_READ)
        ? { none: false, agencyId: null, red: 'none' }
        : { none: true, agencyId: null, red: 'none' };
    }
    switch (actor.role) {
      case Role.COORDINATOR:
        return { none: false, agencyId: null, red: 'all' };
      case Role.ADMIN:
      case Role.RESPONDER:
      case Role.LEADER:
        return { none: false, agencyId: null, red: { participant: actor.id } };
      case Role.REPORTER:
        return actor.agencyId
          ? { none: false, agencyId: actor.agencyId, red: { participant: actor.id } }
          : { none: true, agencyId: null, red: 'none' };
    }
  }

  static canSee(actor: Actor, subject: IncidentSubject): boolean {
    const scope = this.scope(actor);
    if (scope.none) return false;
    if (scope.agencyId && scope.agencyId !== subject.agencyId) return false;
    if (subject.tlp !== 'RED' || scope.red === 'all') return true;
    if (scope.red === 'none') return false;
    return subject.participantIds.includes(scope.red.participant);
  }

  /** May the actor do `action` to this incident (which they must also be able to see)? */
  static can(actor: Actor, action: IncidentAction, subject: IncidentSubject): boolean {
    if (!this.canSee(actor, subject)) return false;
    if (action === IncidentAction.Read) return true;
    if (actor.kind === 'apiKey') return false;
    const isAssignee = subject.assigneeId === actor.id;
    const role = actor.role;
    switch (action) {
      case IncidentAction.Report:
        return this.canReportFor(actor, subject.agencyId);
      case IncidentAction.Triage:
      case IncidentAction.Reclassify:
      case IncidentAction.Assign:
      case IncidentAction.Reject:
      case IncidentAction.Close:
      case IncidentAction.ReopenClosed:
        return role === Role.COORDINATOR;
      case IncidentAction.Acknowledge:
        return isAssignee ? STAFF.includes(role) : subject.assigneeId === null && STAFF.includes(role);
      case IncidentAction.Escalate:
        return role === Role.COORDINATOR || role === Role.RESPONDER;
      case IncidentAction.Contain:
      case IncidentAction.Resolve:
        return role === Role.COORDINATOR || (isAssignee && role === Role.RESPONDER);
      case IncidentAction.Reopen:
        return (
          role === Role.COORDINATOR ||
          (isAssignee && role === Role.RESPONDER) ||
          (role === Role.REPORTER && subject.reporterId === actor.id)
        );
      case IncidentAction.Comment:
        return true;
      case IncidentAction.ReadInternal:
      case IncidentAction.CommentInternal:
        return this.seesInternal(actor);
      case IncidentAction.AddObservable:
        return role === Role.COORDINATOR || role === Role.RESPONDER || role === Role.REPORTER;
      case IncidentAction.ReadMetrics:
        return role !== Role.REPORTER || actor.agencyId !== null;
    }
  }

  static assert(actor: Actor, action: IncidentAction, subject: IncidentSubject): void {
    if (!this.canSee(actor, subject)) throw AppException.notFound('Incident');
    if (!this.can(actor, action, subject)) throw AppException.forbidden(`Not allowed: ${action}`);
  }

  /** Internal comments and timeline entries: staff only, never reporters or machines. */
  static seesInternal(actor: Actor): boolean {
    return actor.kind === 'user' && actor.role !== Role.REPORTER;
  }

  /** Reporting is checked before an incident exists: for which agency may the actor report? */
  static canReportFor(actor: Actor, agencyId: string): boolean {
    if (actor.kind === 'apiKey') return actor.scopes.includes(ApiKeyScope.ALERTS_WRITE);
    switch (actor.role) {
      case Role.ADMIN:
      case Role.COORDINATOR:
      case Role.RESPONDER:
        return true;
      case Role.REPORTER:
        return actor.agencyId === agencyId;
      case Role.LEADER:
        return false;
    }
  }

  /** Metrics: everybody but machines; reporters only for their own agency (see scope). */
  static canReadMetrics(actor: Actor): boolean {
    return actor.kind === 'user' && !this.scope(actor).none;
  }
}
