/** The audit actions of task changes. */
export const TaskAuditAction = {
  RunbookApplied: 'incident.runbook_applied',
  Done: 'task.done',
  Reopened: 'task.reopened',
  Assigned: 'task.assigned',
  CommentAdded: 'task.comment_added',
  Overdue: 'task.overdue',
} as const;
export type TaskAuditAction = (typeof TaskAuditAction)[keyof typeof TaskAuditAction];
