import type { EntityManager } from 'typeorm';

import type { Severity } from './incident.enums';

/**
 * Lets the escalation library decide SLA due times (editable policies, working hours, clock
 * pauses) without the incidents library importing it: EscalationApiModule provides this token, and
 * IncidentsService falls back to DEFAULT_SLA_MINUTES (sla-defaults.ts) when nothing provides it.
 */
export const INCIDENT_SLA_CLOCK = Symbol('INCIDENT_SLA_CLOCK');

export interface SlaPauseSpan {
  start: Date;
  /** Null while the pause is still open. */
  end: Date | null;
}

export interface IncidentSlaClock {
  /**
   * Due times for a case of this severity whose clocks started at `from` and stood still during
   * `pauses`; null while a pause is open. Runs inside the caller's transaction (`em`).
   */
  dueTimes(
    em: EntityManager,
    severity: Severity,
    from: Date,
    pauses: SlaPauseSpan[],
  ): Promise<{ ackDueAt: Date | null; resolveDueAt: Date | null }>;

  /** The clock pauses recorded for an incident (so a severity change keeps them counted). */
  pausesOf?(em: EntityManager, incidentId: string): Promise<SlaPauseSpan[]>;
}
