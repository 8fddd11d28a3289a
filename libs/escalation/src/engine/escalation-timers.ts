/**
 * What the engine asks the worker to wake it for. Timers are hints: each handler locks and re-reads
 * the incident, so a timer that fires late, twice, or after the incident moved on does no harm.
 */
export type EscalationTimer =
  | { kind: 'step'; incidentId: string; token: string; at: Date }
  | { kind: 'sla'; incidentId: string; at: Date }
  | { kind: 'sync'; incidentId: string; at: Date; key: string };

/**
 * Deterministic BullMQ job ids (BullMQ refuses `:` in custom ids). The same timer armed twice
 * (by a handler and by the reconciler, or by two workers) is one job while it exists.
 */
export function timerJobId(timer: EscalationTimer): string {
  switch (timer.kind) {
    case 'step':
      return `step-${timer.incidentId}-${timer.token}`;
    case 'sla':
      return `sla-${timer.incidentId}-${timer.at.getTime()}`;
    case 'sync':
      return `sync-${timer.incidentId}-${timer.key}`;
  }
}
