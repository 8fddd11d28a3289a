/** Every BullMQ queue Tocsin uses. Each has a processor in apps/worker. */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  PruneSessions = 'prune-sessions',
  MarkOverdueTasks = 'mark-overdue-tasks',
}

/** Payload of each job, by name (so producers and processors agree at compile time). */
export interface JobPayloads {
  [JobName.PruneSessions]: Record<string, never>;
  [JobName.MarkOverdueTasks]: Record<string, never>;
}

/** Which queue each job runs on; start-up fails if a job has no handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PruneSessions]: QueueName.Maintenance,
  [JobName.MarkOverdueTasks]: QueueName.Maintenance,
};
