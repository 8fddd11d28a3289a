/** The audit actions of notifications and contact methods; services name them from here, never as literals. */
export const NotificationAuditAction = {
  Acknowledged: 'notification.acknowledged',
  Retried: 'notification.retried',
  PreferencesUpdated: 'notification.preferences_updated',
  ContactAdded: 'contact_method.added',
  ContactRemoved: 'contact_method.removed',
  ContactTestSent: 'contact_method.test_sent',
  ContactLinkCodeCreated: 'contact_method.link_code_created',
  ContactVerified: 'contact_method.verified',
  ContactLinked: 'contact_method.linked',
} as const;
export type NotificationAuditAction = (typeof NotificationAuditAction)[keyof typeof NotificationAuditAction];
