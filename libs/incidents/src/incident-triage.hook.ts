import type { RequestMeta } from '@tocsin/access';

import type { IncidentChange } from './incident-changes';

/**
 * Lets another context act on a triage inside its transaction (the runbooks library suggests or
 * applies a playbook) without the incidents library importing it: the other module provides this
 * token, and IncidentsService calls it when present.
 */
export const INCIDENT_TRIAGE_HOOK = Symbol('INCIDENT_TRIAGE_HOOK');

export interface IncidentTriageHook {
  /**
   * Runs in the triage's change, after the new status, severity and category are saved and the
   * triage's own timeline entries are collected; what it adds through `change` is written after
   * them, and its audit events before the triage's (which is always last).
   */
  afterTriage(change: IncidentChange, meta: RequestMeta): Promise<void>;
}
