import type { PublishedEvent } from '@tocsin/core';

import type { IncidentStatus, Severity } from './incident.enums';

/** What a change to an incident tells subscribers: where the case stands, and whether reporters hear of it. */
export interface IncidentStateChange {
  status: IncidentStatus;
  version: number;
  /** Internal changes (an internal comment, an assignment) are not announced to reporters. */
  internal: boolean;
}

/**
 * The registry of incident outbox events: each name with the payload it carries. Producers build
 * events through `incidentEvent()`, consumers narrow with `asIncidentEvent()` and switch on the
 * name, so both sides are checked by the compiler.
 */
export interface IncidentEventPayloads {
  'incident.reported': { severity: Severity };
  'incident.triaged': IncidentStateChange;
  'incident.reclassified': IncidentStateChange;
  'incident.assigned': IncidentStateChange;
  'incident.acknowledged': IncidentStateChange;
  'incident.escalated': IncidentStateChange;
  'incident.contained': IncidentStateChange;
  'incident.resolved': IncidentStateChange;
  'incident.closed': IncidentStateChange;
  'incident.reopened': IncidentStateChange;
  'incident.rejected': IncidentStateChange;
  'incident.comment_added': IncidentStateChange;
  'incident.observable_added': IncidentStateChange;
  'incident.sla_paused': IncidentStateChange;
  'incident.sla_resumed': IncidentStateChange;
  'incident.task_done': IncidentStateChange & { taskId: string };
  'incident.task_reopened': IncidentStateChange & { taskId: string };
  'incident.task_assigned': IncidentStateChange & { taskId: string };
  'incident.task_comment_added': IncidentStateChange & { taskId: string };
  'incident.runbook_applied': { runbookId: string; version: number; internal: true };
  /** The escalation engine's timeline entries of one transaction. */
  'incident.escalation_changed': IncidentStateChange & { internal: true };
  /** A notification was requested or its delivery ended (timeline only). */
  'incident.notified': { internal: true; event?: string; count?: number };
  'incident.task_overdue': { taskId: string; internal: true };
  /** Someone a step paged was reached on no channel (libs/notifications RecipientReach); the engine acts on it. */
  'incident.recipient_unreached': { internal: true; recipientId: string; eventKey: string; repeat: number };
}

export type IncidentEventType = keyof IncidentEventPayloads;

/** Every incident event name, once (a missing or extra name does not compile). */
export const INCIDENT_EVENT_TYPES: Record<IncidentEventType, IncidentEventType> = {
  'incident.reported': 'incident.reported',
  'incident.triaged': 'incident.triaged',
  'incident.reclassified': 'incident.reclassified',
  'incident.assigned': 'incident.assigned',
  'incident.acknowledged': 'incident.acknowledged',
  'incident.escalated': 'incident.escalated',
  'incident.contained': 'incident.contained',
  'incident.resolved': 'incident.resolved',
  'incident.closed': 'incident.closed',
  'incident.reopened': 'incident.reopened',
  'incident.rejected': 'incident.rejected',
  'incident.comment_added': 'incident.comment_added',
  'incident.observable_added': 'incident.observable_added',
  'incident.sla_paused': 'incident.sla_paused',
  'incident.sla_resumed': 'incident.sla_resumed',
  'incident.task_done': 'incident.task_done',
  'incident.task_reopened': 'incident.task_reopened',
  'incident.task_assigned': 'incident.task_assigned',
  'incident.task_comment_added': 'incident.task_comment_added',
  'incident.runbook_applied': 'incident.runbook_applied',
  'incident.escalation_changed': 'incident.escalation_changed',
  'incident.notified': 'incident.notified',
  'incident.task_overdue': 'incident.task_overdue',
  'incident.recipient_unreached': 'incident.recipient_unreached',
};

/** One incident outbox event; a discriminated union on `eventType`. */
export type IncidentEvent = {
  [T in IncidentEventType]: {
    aggregateType: 'incident';
    aggregateId: string;
    eventType: T;
    payload: IncidentEventPayloads[T];
  };
}[IncidentEventType];

/** An incident event as the relay published it (with its outbox id and time). */
export type PublishedIncidentEvent = IncidentEvent & Pick<PublishedEvent, 'id' | 'createdAt'>;

export function incidentEvent<T extends IncidentEventType>(
  eventType: T,
  incidentId: string,
  payload: IncidentEventPayloads[T],
): IncidentEvent {
  return { aggregateType: 'incident', aggregateId: incidentId, eventType, payload } as IncidentEvent;
}

/** Whether a name read back from the outbox or a job is one of the registry's. */
export const isIncidentEventType = (name: string): name is IncidentEventType =>
  Object.prototype.hasOwnProperty.call(INCIDENT_EVENT_TYPES, name);

/**
 * A published outbox row as an incident event, or null when it is not one. The one place the
 * relay's untyped rows meet the registry: the name is checked against it, the payload is what the
 * producer of that name wrote (both sides are typed by IncidentEventPayloads).
 */
export function asIncidentEvent(event: PublishedEvent): PublishedIncidentEvent | null {
  if (event.aggregateType !== 'incident' || !isIncidentEventType(event.eventType)) return null;
  return event as PublishedIncidentEvent;
}
