/**
 * The access token lives in memory only; the refresh token is an httpOnly cookie the browser sends
 * to /graphql. A reload (or a second tab) gets a new access token from `refreshToken`. Refreshes are
 * serialised across tabs with a Web Lock: two concurrent refreshes with one cookie count as token
 * reuse on the server and end the session (docs/authentication.md).
 */
export interface SessionUser {
  id: string;
  role: 'ADMIN' | 'COORDINATOR' | 'RESPONDER' | 'REPORTER' | 'LEADER';
  agencyId?: string | null;
  displayName: string;
  locale: string;
  timeZone: string;
  /** The session may only set up a second factor (required for this role) until it is done. */
  mustEnrolSecondFactor?: boolean;
}

/** What `login`, `verifySecondFactor` and `refreshToken` return for a session. */
export interface SessionPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: SessionUser;
  mustEnrolSecondFactor: boolean;
}

export const SESSION_FIELDS = `accessToken accessTokenExpiresAt mustEnrolSecondFactor user { id role agencyId displayName locale timeZone }`;

export function startSession(payload: SessionPayload): void {
  setSession(payload.accessToken, payload.accessTokenExpiresAt, {
    ...payload.user,
    mustEnrolSecondFactor: payload.mustEnrolSecondFactor,
  });
}

interface Tokens {
  accessToken: string;
  expiresAt: number;
}

type Listener = (user: SessionUser | null) => void;

const REFRESH = `mutation Refresh { refreshToken { accessToken accessTokenExpiresAt mustEnrolSecondFactor user { id role agencyId displayName locale timeZone } } }`;

let tokens: Tokens | null = null;
let currentUser: SessionUser | null = null;
let inflight: Promise<string | null> | null = null;
const listeners = new Set<Listener>();

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionUser(): SessionUser | null {
  return currentUser;
}

export function setSession(accessToken: string, expiresAt: string, user: SessionUser): void {
  tokens = { accessToken, expiresAt: Date.parse(expiresAt) };
  currentUser = user;
  for (const l of listeners) l(user);
}

export function updateSessionUser(patch: Partial<SessionUser>): void {
  if (!currentUser) return;
  currentUser = { ...currentUser, ...patch };
  for (const l of listeners) l(currentUser);
}

export function clearSession(): void {
  tokens = null;
  currentUser = null;
  for (const l of listeners) l(null);
}

/** POSTs one operation as JSON (a non-simple content type, as Apollo's CSRF prevention wants). */
export async function rawGraphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  const error = body.errors?.[0];
  if (error || !body.data) {
    throw new ApiError(
      error?.message ?? `HTTP ${response.status}`,
      error?.extensions?.code as string | undefined,
      error?.extensions ?? {},
    );
  }
  return body.data;
}

async function doRefresh(): Promise<string | null> {
  const run = async () => {
    try {
      const data = await rawGraphql<{ refreshToken: SessionPayload }>(REFRESH);
      startSession(data.refreshToken);
      return data.refreshToken.accessToken;
    } catch {
      clearSession();
      return null;
    }
  };
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('tocsin-refresh', run) : run();
}

/** One refresh at a time in this tab, and one across tabs (Web Locks). */
export function refreshAccessToken(): Promise<string | null> {
  inflight ??= doRefresh().finally(() => {
    inflight = null;
  });
  return inflight;
}

/**
 * The server says the access token has expired (a subscription socket closed with 4419): the
 * next accessToken() refreshes, whatever this device's clock thinks of the expiry time.
 */
export function expireAccessToken(): void {
  if (tokens) tokens = { ...tokens, expiresAt: 0 };
}

/** A valid access token, refreshed when it expires within 30 seconds; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (tokens && tokens.expiresAt - Date.now() > 30_000) return tokens.accessToken;
  if (!tokens && !currentUser && !inflight) return null;
  return refreshAccessToken();
}
