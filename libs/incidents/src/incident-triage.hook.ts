import type { EntityManager } from 'typeorm';

import type { Actor, RequestMeta } from '@tocsin/access';

import type { IncidentEntity } from './incident.entity';

/**
 * Lets another context act on a triage inside its transaction (the runbooks library suggests or
 * applies a playbook) without the incidents library importing it: the other module provides this
 * token, and IncidentsService calls it when present.
 */
export const INCIDENT_TRIAGE_HOOK = Symbol('INCIDENT_TRIAGE_HOOK');

export interface IncidentTriageHook {
  /**
   * Runs in the triage's transaction, after the new status, severity and category are saved and
   * the triage's timeline entries are written; whatever it writes commits or rolls back with it.
   */
  afterTriage(em: EntityManager, incident: IncidentEntity, actor: Actor, meta: RequestMeta): Promise<void>;
}
