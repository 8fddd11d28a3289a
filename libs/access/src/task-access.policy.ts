import { AppException } from '@tocsin/core';

import { Actor } from './actor';
import { IncidentAccess, IncidentAction, IncidentSubject } from './incident-access.policy';
import { Role } from './role.enum';

/** What the task rules look at besides the incident: who the task is assigned to. */
export interface TaskSubject {
  assigneeId: string | null;
}

export enum TaskAction {
  Read = 'task.read',
  ApplyRunbook = 'task.apply_runbook',
  Assign = 'task.assign',
  Complete = 'task.complete',
  Comment = 'task.comment',
  CommentInternal = 'task.internal.comment',
  ReadInternal = 'task.internal.read',
}

/**
 * Runbook tasks are worked by those who work the incident (on top of IncidentAccess, so what
 * decides visibility stays in one place):
 * - anyone who may see the incident sees its tasks;
 * - a coordinator, or the responder the incident is assigned to, applies runbooks and assigns tasks;
 * - a task is completed (or reopened) by its assignee, the incident's assignee or a coordinator;
 * - task comments follow incident comments: anyone who may comment, reporters never internally.
 */
export class TaskAccess {
  static can(actor: Actor, action: TaskAction, incident: IncidentSubject, task?: TaskSubject): boolean {
    if (!IncidentAccess.canSee(actor, incident)) return false;
    if (action === TaskAction.Read) return true;
    if (actor.kind === 'apiKey') return false;
    const role = actor.role;
    const worksIncident =
      role === Role.COORDINATOR || (role === Role.RESPONDER && incident.assigneeId === actor.id);
    switch (action) {
      case TaskAction.ApplyRunbook:
      case TaskAction.Assign:
        return worksIncident;
      case TaskAction.Complete:
        return worksIncident || (role === Role.RESPONDER && task?.assigneeId === actor.id);
      case TaskAction.Comment:
        return IncidentAccess.can(actor, IncidentAction.Comment, incident);
      case TaskAction.CommentInternal:
        return IncidentAccess.can(actor, IncidentAction.CommentInternal, incident);
      case TaskAction.ReadInternal:
        return IncidentAccess.can(actor, IncidentAction.ReadInternal, incident);
    }
  }

  /** NOT_FOUND when the actor may not see the incident, FORBIDDEN when they see it but may not act. */
  static assert(actor: Actor, action: TaskAction, incident: IncidentSubject, task?: TaskSubject): void {
    if (!IncidentAccess.canSee(actor, incident)) throw AppException.notFound('Incident');
    if (!this.can(actor, action, incident, task)) throw AppException.forbidden(`Not allowed: ${action}`);
  }

  /** The runbook catalogue is for people (every signed-in role); machines have no use for it. */
  static canReadRunbooks(actor: Actor): boolean {
    return actor.kind === 'user';
  }
}
