import { AppException, ErrorCode } from '@tocsin/core';

import { IncidentStatus } from './incident.enums';

/** The moves people ask for; each maps to the statuses it may start from and where it lands. */
export enum IncidentMove {
  TRIAGE = 'TRIAGE',
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  CONTAIN = 'CONTAIN',
  RESOLVE = 'RESOLVE',
  CLOSE = 'CLOSE',
  REOPEN = 'REOPEN',
  REJECT = 'REJECT',
}

const S = IncidentStatus;

/**
 * The status machine (docs/incidents.md): NEW → TRIAGED → IN_PROGRESS → CONTAINED → RESOLVED → CLOSED,
 * IN_PROGRESS → RESOLVED, RESOLVED|CLOSED → IN_PROGRESS (reopen), NEW|TRIAGED → REJECTED,
 * acknowledgement from NEW or TRIAGED to IN_PROGRESS.
 */
export const MOVES: Record<IncidentMove, { from: IncidentStatus[]; to: IncidentStatus }> = {
  [IncidentMove.TRIAGE]: { from: [S.NEW], to: S.TRIAGED },
  [IncidentMove.ACKNOWLEDGE]: { from: [S.NEW, S.TRIAGED], to: S.IN_PROGRESS },
  [IncidentMove.CONTAIN]: { from: [S.IN_PROGRESS], to: S.CONTAINED },
  [IncidentMove.RESOLVE]: { from: [S.IN_PROGRESS, S.CONTAINED], to: S.RESOLVED },
  [IncidentMove.CLOSE]: { from: [S.RESOLVED], to: S.CLOSED },
  [IncidentMove.REOPEN]: { from: [S.RESOLVED, S.CLOSED], to: S.IN_PROGRESS },
  [IncidentMove.REJECT]: { from: [S.NEW, S.TRIAGED], to: S.REJECTED },
};

/** Statuses in which the case is still being worked (SLA clocks and escalation apply). */
export const OPEN_STATUSES: IncidentStatus[] = [S.NEW, S.TRIAGED, S.IN_PROGRESS, S.CONTAINED];

export function canMove(from: IncidentStatus, move: IncidentMove): boolean {
  return MOVES[move].from.includes(from);
}

/** Where `move` takes an incident in status `from`; INVALID_TRANSITION naming both otherwise. */
export function nextStatus(from: IncidentStatus, move: IncidentMove): IncidentStatus {
  const rule = MOVES[move];
  if (!rule.from.includes(from)) {
    throw new AppException(
      ErrorCode.INVALID_TRANSITION,
      `Cannot ${move.toLowerCase()} an incident that is ${from}: allowed from ${rule.from.join(' or ')}`,
      { currentStatus: from, requestedStatus: rule.to, move },
    );
  }
  return rule.to;
}

/** The statuses in which an incident's tasks may still be done, undone, assigned or commented on. */
export const TASKS_CHANGEABLE: IncidentStatus[] = [...OPEN_STATUSES, S.RESOLVED];

/**
 * What a change asks of the incident's status: a move of the status machine, or one of a list of
 * statuses (`verb` completes "Cannot <verb> an incident that is <status>").
 */
export type StatusGuard = { move: IncidentMove } | { allowed: readonly IncidentStatus[]; verb: string };

/** The one status check of every change: INVALID_TRANSITION naming the current status otherwise. */
export function assertStatus(status: IncidentStatus, guard: StatusGuard): void {
  if ('move' in guard) {
    nextStatus(status, guard.move);
    return;
  }
  if (!guard.allowed.includes(status)) {
    throw new AppException(
      ErrorCode.INVALID_TRANSITION,
      `Cannot ${guard.verb} an incident that is ${status}`,
      {
        currentStatus: status,
      },
    );
  }
}
