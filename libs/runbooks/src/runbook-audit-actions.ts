/** The audit actions of the runbook catalogue (tasks: TaskAuditAction). */
export const RunbookAuditAction = {
  Retired: 'runbook.retired',
  VersionCreated: 'runbook.version_created',
  CurrentVersionChanged: 'runbook.current_version_changed',
} as const;
export type RunbookAuditAction = (typeof RunbookAuditAction)[keyof typeof RunbookAuditAction];
