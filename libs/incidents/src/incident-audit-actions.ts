/** The audit actions of incident changes (`<entity>.<verb>`); services name them from here, never as literals. */
export const IncidentAuditAction = {
  Reported: 'incident.reported',
  Triaged: 'incident.triaged',
  Reclassified: 'incident.reclassified',
  Assigned: 'incident.assigned',
  Acknowledged: 'incident.acknowledged',
  Escalated: 'incident.escalated',
  Contained: 'incident.contained',
  Resolved: 'incident.resolved',
  Closed: 'incident.closed',
  Reopened: 'incident.reopened',
  Rejected: 'incident.rejected',
  CommentAdded: 'incident.comment_added',
  ObservableAdded: 'incident.observable_added',
} as const;
export type IncidentAuditAction = (typeof IncidentAuditAction)[keyof typeof IncidentAuditAction];
