/** Every BullMQ queue Tocsin uses. Each has a processor in apps/worker. */
export enum QueueName {
  Maintenance = 'maintenance',
  /** SLA and escalation timers and the engine's reactions to incident events. */
  Escalation = 'escalation',
}

export enum JobName {
  PruneSessions = 'prune-sessions',
  MarkOverdueTasks = 'mark-overdue-tasks',
  EscalationSync = 'escalation-sync',
  EscalationStep = 'escalation-step',
  SlaCheck = 'sla-check',
  AuditCheckpoint = 'audit-checkpoint',
}

/** Payload of each job, by name (so producers and processors agree at compile time). */
export interface JobPayloads {
  [JobName.PruneSessions]: Record<string, never>;
  [JobName.MarkOverdueTasks]: Record<string, never>;
  [JobName.EscalationSync]: { incidentId: string; eventType?: string };
  [JobName.EscalationStep]: { incidentId: string; token: string; at: number };
  [JobName.SlaCheck]: { incidentId: string; at: number };
  [JobName.AuditCheckpoint]: Record<string, never>;
}

/** Which queue each job runs on; start-up fails if a job has no handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PruneSessions]: QueueName.Maintenance,
  [JobName.MarkOverdueTasks]: QueueName.Maintenance,
  [JobName.EscalationSync]: QueueName.Escalation,
  [JobName.EscalationStep]: QueueName.Escalation,
  [JobName.SlaCheck]: QueueName.Escalation,
  [JobName.AuditCheckpoint]: QueueName.Maintenance,
};
