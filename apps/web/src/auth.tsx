import { useSyncExternalStore } from 'react';

import { onSessionChange, sessionUser, type SessionUser } from './session';

/** The signed-in user, re-rendering on sign-in, sign-out and profile changes. */
export function useSession(): SessionUser | null {
  return useSyncExternalStore(onSessionChange, sessionUser);
}

export function useMe(): SessionUser {
  const user = useSession();
  if (!user) throw new Error('useMe outside a session');
  return user;
}

export const STAFF: SessionUser['role'][] = ['ADMIN', 'COORDINATOR', 'RESPONDER'];

export function homeFor(role: SessionUser['role']): string {
  switch (role) {
    case 'REPORTER':
      return '/reports';
    case 'LEADER':
      return '/dashboard';
    case 'ADMIN':
    case 'COORDINATOR':
    case 'RESPONDER':
      return '/queue';
  }
}
