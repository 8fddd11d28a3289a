/** The audit actions of teams and schedules; services name them from here, never as literals. */
export const OncallAuditAction = {
  TeamCreated: 'team.created',
  TeamMemberAdded: 'team.member_added',
  TeamMemberRemoved: 'team.member_removed',
  ScheduleCreated: 'schedule.created',
  ScheduleLayerAdded: 'schedule.layer_added',
  ScheduleLayerUpdated: 'schedule.layer_updated',
  ScheduleLayerDeleted: 'schedule.layer_deleted',
  ScheduleOverrideAdded: 'schedule.override_added',
  ScheduleOverrideDeleted: 'schedule.override_deleted',
} as const;
export type OncallAuditAction = (typeof OncallAuditAction)[keyof typeof OncallAuditAction];
