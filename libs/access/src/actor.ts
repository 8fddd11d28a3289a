import { ApiKeyScope, Role } from './role.enum';

/** A signed-in person, as the guard established it for this request. */
export interface UserActor {
  kind: 'user';
  id: string;
  role: Role;
  agencyId: string | null;
  sessionId: string;
}

/** A machine authenticated by an API key. */
export interface ApiKeyActor {
  kind: 'apiKey';
  id: string;
  scopes: ApiKeyScope[];
}

export type Actor = UserActor | ApiKeyActor;

/** Who did it, where from: carried into services for authorisation and the audit trail. */
export interface RequestMeta {
  requestId?: string;
  ip?: string;
  userAgent?: string;
}
