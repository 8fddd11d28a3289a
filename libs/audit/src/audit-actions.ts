/**
 * The actions written so far, `<entity>.<verb>` in the past tense (or the event's name). Other
 * libs may append their own strings; these are listed so the same event is always spelled alike.
 */
export const AuditAction = {
  UserLogin: 'user.login',
  UserLoginFailed: 'user.login_failed',
  UserLocked: 'user.locked',
  UserCreated: 'user.created',
  UserUpdated: 'user.updated',
  UserDeactivated: 'user.deactivated',
  UserReactivated: 'user.reactivated',
  UserProfileUpdated: 'user.profile_updated',
  UserPasswordChanged: 'user.password_changed',
  SessionLogout: 'session.logout',
  SessionRefreshTokenReused: 'session.refresh_token_reused',
  ApiKeyCreated: 'apikey.created',
  ApiKeyRevoked: 'apikey.revoked',
  AgencyCreated: 'agency.created',
  AgencyUpdated: 'agency.updated',
  AgencyDeleted: 'agency.deleted',
  InformationSystemCreated: 'information_system.created',
  InformationSystemUpdated: 'information_system.updated',
  InformationSystemDeleted: 'information_system.deleted',
} as const;
