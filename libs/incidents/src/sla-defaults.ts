import { Severity } from './incident.enums';

/**
 * Default SLA targets per severity (minutes to acknowledge, to resolve). The on-call and
 * escalation work replaces these with editable SLA policies; until then due times come from here.
 */
export const DEFAULT_SLA_MINUTES: Record<Severity, { acknowledge: number; resolve: number }> = {
  [Severity.CRITICAL]: { acknowledge: 15, resolve: 4 * 60 },
  [Severity.HIGH]: { acknowledge: 30, resolve: 8 * 60 },
  [Severity.MEDIUM]: { acknowledge: 2 * 60, resolve: 24 * 60 },
  [Severity.LOW]: { acknowledge: 8 * 60, resolve: 72 * 60 },
};

export function dueTimes(severity: Severity, from: Date): { ackDueAt: Date; resolveDueAt: Date } {
  const sla = DEFAULT_SLA_MINUTES[severity];
  return {
    ackDueAt: new Date(from.getTime() + sla.acknowledge * 60_000),
    resolveDueAt: new Date(from.getTime() + sla.resolve * 60_000),
  };
}
