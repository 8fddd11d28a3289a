import { ApiKeyScope, Role } from './role.enum';

/**
 * The permission inventory: every GraphQL operation, every restricted field and every HTTP route,
 * with the rule that guards it. Code, not prose, so that tests can hold it to the running app:
 * `permission-inventory.spec.ts` fails when schema.gql (or the Fastify route table) has something
 * this table does not name, or the other way round, and `test/access-matrix.e2e-spec.ts` calls
 * every operation as every role on an object of the caller's own agency and of another agency,
 * expecting exactly what is written here. Review a change to this file like a permission change.
 * How to add an entry: docs/access-policy.md, "The permission inventory".
 */

/**
 * How far a role's permission reaches for one operation:
 * - ANY: objects of every agency;
 * - OWN_AGENCY: objects of the caller's own agency only;
 * - SELF: the caller's own record only (their profile, contact methods, preferences);
 * - ASSIGNEE: only an incident or task assigned to the caller;
 * - OWN_REPORT: only an incident the caller reported.
 * A role missing from a rule is refused. Incident reads are also bound by TLP: a TLP:RED incident is
 * seen only by the people on it (coordinators see all), which `IncidentAccess.canSee` decides.
 */
export type InventoryReach = 'ANY' | 'OWN_AGENCY' | 'SELF' | 'ASSIGNEE' | 'OWN_REPORT';

export type InventoryKind = 'query' | 'mutation' | 'subscription' | 'field' | 'http';

/** What a refused caller gets: an error, or (lists, restricted fields) nothing withheld is shown. */
export type Refusal = 'ERROR' | 'EMPTY';

export interface AccessRule {
  /** Roles allowed and how far; 'PUBLIC' means no sign-in at all (the route checks something else). */
  allow: Partial<Record<Role, InventoryReach>> | 'PUBLIC';
  /** The API key scope that lets a machine call it ('ANY_KEY': every key); machines are refused the rest. */
  apiKey?: ApiKeyScope | 'ANY_KEY';
  /** ERROR: FORBIDDEN / NOT_FOUND / UNAUTHENTICATED; EMPTY: an empty list or null, no error. */
  refusal: Refusal;
  /** Where in the code the decision is made. */
  decidedBy: string;
  /** What else the rule looks at (TLP, participants, a token), for the reviewer. */
  note?: string;
}

const ALL_ROLES = [Role.ADMIN, Role.COORDINATOR, Role.RESPONDER, Role.REPORTER, Role.LEADER] as const;
const every = (reach: InventoryReach): Partial<Record<Role, InventoryReach>> =>
  Object.fromEntries(ALL_ROLES.map((r) => [r, reach]));

// The rules that recur. Each names who, not why: the why is in the policy classes.
const SIGNED_IN = every('ANY');
const SELF = every('SELF');
const ADMIN = { ADMIN: 'ANY' } as const;
const ADMIN_COORDINATOR = { ADMIN: 'ANY', COORDINATOR: 'ANY' } as const;
const COORDINATOR = { COORDINATOR: 'ANY' } as const;
const STAFF_AND_LEADER = { ADMIN: 'ANY', COORDINATOR: 'ANY', RESPONDER: 'ANY', LEADER: 'ANY' } as const;
/** Reporters see their own agency only; everyone else every agency (ReadUser, ReadAgency). */
const REPORTER_OWN_AGENCY = { ...SIGNED_IN, REPORTER: 'OWN_AGENCY' } as const;
/** Who may see an incident (IncidentAccess.scope): reporters their own agency; TLP:RED participants. */
const SEES_INCIDENT = REPORTER_OWN_AGENCY;
/** Sees an incident and is not a reporter (internal comments, delivery log, SLA pauses). */
const SEES_INTERNAL = STAFF_AND_LEADER;
const MANAGES_SELF = { ...SELF, ADMIN: 'ANY', COORDINATOR: 'ANY' } as const;
/** ReadUserContacts: admins and coordinators, and everyone for their own record. */
const CONTACTS = { ...SELF, ADMIN: 'ANY', COORDINATOR: 'ANY' } as const;
const TLP = 'TLP:RED only for the people on the incident (coordinators see all)';

type Entry = readonly [kind: InventoryKind, name: string, rule: AccessRule];
const e = (
  kind: InventoryKind,
  name: string,
  allow: AccessRule['allow'],
  decidedBy: string,
  extra: Partial<Omit<AccessRule, 'allow' | 'decidedBy'>> = {},
): Entry => [kind, name, { allow, decidedBy, refusal: 'ERROR', ...extra }];

/**
 * bull-board's routes below /queues/ (about forty: pages, static files, its JSON API) are one entry:
 * one hook (apps/api queue-dashboard.ts) decides every one of them.
 */
const QUEUE_DASHBOARD_ROUTES = '* /queues/… (bull-board)';
const isQueueDashboardRoute = (route: string) =>
  / \/queues(\/|$)/.test(route) && route !== 'POST /queues/session';

/** One line per operation, field or route. Keep each group sorted by name. */
// One line per entry, so that adding one is a one-line change and a review reads as a table.
// prettier-ignore
const ENTRIES: readonly Entry[] = [
  // ── GraphQL queries
  e('query', 'agencies', REPORTER_OWN_AGENCY, 'AccessPolicy agency.read (rowScope)', { refusal: 'EMPTY', apiKey: ApiKeyScope.AGENCIES_READ }),
  e('query', 'agency', REPORTER_OWN_AGENCY, 'AccessPolicy agency.read', { apiKey: ApiKeyScope.AGENCIES_READ }),
  e('query', 'apiKeys', ADMIN, 'AccessPolicy apikey.read'),
  e('query', 'auditTrail', ADMIN_COORDINATOR, 'AccessPolicy audit.read + IncidentAccess.canSee', { note: `of an incident: ${TLP}` }),
  e('query', 'webPushPublicKey', SIGNED_IN, 'AuthGuard (signed in; no further check)', { apiKey: 'ANY_KEY', note: 'the public VAPID key browsers subscribe with, the same for everyone' }),
  e('query', 'channelStatus', SIGNED_IN, 'AuthGuard (signed in; no further check)', { apiKey: 'ANY_KEY', note: 'which channels are configured, nothing personal: any key may ask' }),
  e('query', 'contactReadiness', ADMIN_COORDINATOR, 'AccessPolicy notification.readiness.read'),
  e('query', 'escalationChains', STAFF_AND_LEADER, 'AccessPolicy escalation.read'),
  e('query', 'escalationPolicies', STAFF_AND_LEADER, 'AccessPolicy escalation.read'),
  e('query', 'escalationReadiness', STAFF_AND_LEADER, 'AccessPolicy escalation.read'),
  e('query', 'incident', SEES_INCIDENT, 'IncidentAccess.scope', { refusal: 'EMPTY', apiKey: ApiKeyScope.INCIDENTS_READ, note: `null, as if it did not exist; ${TLP}` }),
  e('query', 'incidentByCode', SEES_INCIDENT, 'IncidentAccess.scope', { refusal: 'EMPTY', apiKey: ApiKeyScope.INCIDENTS_READ, note: TLP }),
  e('query', 'incidentCounts', SEES_INCIDENT, 'IncidentAccess.scope', { refusal: 'EMPTY', apiKey: ApiKeyScope.INCIDENTS_READ, note: `counts only over what the caller may see; ${TLP}` }),
  e('query', 'incidents', SEES_INCIDENT, 'IncidentAccess.scope', { refusal: 'EMPTY', apiKey: ApiKeyScope.INCIDENTS_READ, note: TLP }),
  e('query', 'me', SELF, 'AccessPolicy profile.read'),
  e('query', 'metrics', SEES_INCIDENT, 'IncidentAccess.canReadMetrics + scope', { note: 'counts only what the caller may see' }),
  e('query', 'myNotifications', SELF, 'InboxService (people only, their own inbox)'),
  e('query', 'mySecondFactor', SELF, 'SecondFactorService (people only, their own)'),
  e('query', 'mySessions', SELF, 'AuthService.sessionsOf (people only, their own)'),
  e('query', 'myContactMethods', MANAGES_SELF, 'AccessPolicy notification.contact_methods.manage'),
  e('query', 'notificationPreferences', MANAGES_SELF, 'AccessPolicy notification.preferences.manage'),
  e('query', 'notifications', SEES_INTERNAL, 'IncidentAccess.canSee + seesInternal', { note: TLP }),
  e('query', 'onCallAt', STAFF_AND_LEADER, 'AccessPolicy team.read', { refusal: 'EMPTY' }),
  e('query', 'onCallNow', STAFF_AND_LEADER, 'AccessPolicy team.read', { refusal: 'EMPTY' }),
  e('query', 'runbook', SIGNED_IN, 'TaskAccess.canReadRunbooks'),
  e('query', 'runbooks', SIGNED_IN, 'TaskAccess.canReadRunbooks'),
  e('query', 'scheduleCoverage', STAFF_AND_LEADER, 'AccessPolicy team.read'),
  e('query', 'slaPolicies', STAFF_AND_LEADER, 'AccessPolicy sla_policy.read'),
  e('query', 'team', STAFF_AND_LEADER, 'AccessPolicy team.read'),
  e('query', 'teams', STAFF_AND_LEADER, 'AccessPolicy team.read', { refusal: 'EMPTY' }),
  e('query', 'user', REPORTER_OWN_AGENCY, 'AccessPolicy user.read'),
  e('query', 'users', REPORTER_OWN_AGENCY, 'AccessPolicy user.read (rowScope)', { refusal: 'EMPTY' }),
  e('query', 'verifyAuditChain', ADMIN_COORDINATOR, 'AccessPolicy audit.verify'),

  // ── GraphQL mutations
  e('mutation', 'acknowledgeIncident', { COORDINATOR: 'ANY', RESPONDER: 'ANY' }, 'IncidentAccess incident.acknowledge', { note: 'unassigned: any staff; assigned: the assignee only' }),
  e('mutation', 'addComment', SEES_INCIDENT, 'IncidentAccess incident.comment', { note: `internal comments: not reporters; ${TLP}` }),
  e('mutation', 'addContactMethod', MANAGES_SELF, 'AccessPolicy notification.contact_methods.manage'),
  e('mutation', 'addObservable', { COORDINATOR: 'ANY', RESPONDER: 'ANY', REPORTER: 'OWN_AGENCY' }, 'IncidentAccess incident.observable.add', { note: TLP }),
  e('mutation', 'addRotationLayer', ADMIN_COORDINATOR, 'AccessPolicy schedule.manage'),
  e('mutation', 'addTaskComment', SEES_INCIDENT, 'TaskAccess task.comment', { note: `internal: not reporters; ${TLP}` }),
  e('mutation', 'addTeamMember', ADMIN_COORDINATOR, 'AccessPolicy team.manage'),
  e('mutation', 'applyRunbook', { COORDINATOR: 'ANY', RESPONDER: 'ASSIGNEE' }, 'TaskAccess task.apply_runbook'),
  e('mutation', 'assignIncident', COORDINATOR, 'IncidentAccess incident.assign'),
  e('mutation', 'assignTask', { COORDINATOR: 'ANY', RESPONDER: 'ASSIGNEE' }, 'TaskAccess task.assign'),
  e('mutation', 'changePassword', SELF, 'AccessPolicy profile.password'),
  e('mutation', 'closeIncident', COORDINATOR, 'IncidentAccess incident.close'),
  e('mutation', 'containIncident', { COORDINATOR: 'ANY', RESPONDER: 'ASSIGNEE' }, 'IncidentAccess incident.contain'),
  e('mutation', 'createAgency', ADMIN, 'AccessPolicy agency.create'),
  e('mutation', 'createApiKey', ADMIN, 'AccessPolicy apikey.create'),
  e('mutation', 'createEscalationChain', ADMIN_COORDINATOR, 'AccessPolicy escalation.manage'),
  e('mutation', 'createEscalationPolicy', ADMIN_COORDINATOR, 'AccessPolicy escalation.manage'),
  e('mutation', 'createInformationSystem', ADMIN, 'AccessPolicy agency.systems.manage'),
  e('mutation', 'subscribeWebPush', SELF, 'WebPushService (people only, for their own browsers)'),
  e('mutation', 'unsubscribeWebPush', SELF, 'WebPushService (people only, their own subscriptions)'),
  e('mutation', 'createLinkCode', SELF, 'NotificationsService (people only, for themselves)'),
  e('mutation', 'createOverride', ADMIN_COORDINATOR, 'AccessPolicy schedule.manage'),
  e('mutation', 'createSchedule', ADMIN_COORDINATOR, 'AccessPolicy schedule.manage'),
  e('mutation', 'createTeam', ADMIN_COORDINATOR, 'AccessPolicy team.manage'),
  e('mutation', 'createUser', ADMIN, 'AccessPolicy user.create'),
  e('mutation', 'deactivateUser', ADMIN, 'AccessPolicy user.deactivate'),
  e('mutation', 'deleteAgency', ADMIN, 'AccessPolicy agency.delete'),
  e('mutation', 'deleteEscalationChain', ADMIN_COORDINATOR, 'AccessPolicy escalation.manage'),
  e('mutation', 'deleteEscalationPolicy', ADMIN_COORDINATOR, 'AccessPolicy escalation.manage'),
  e('mutation', 'deleteInformationSystem', ADMIN, 'AccessPolicy agency.systems.manage'),
  e('mutation', 'deleteOverride', ADMIN_COORDINATOR, 'AccessPolicy schedule.manage'),
  e('mutation', 'deleteRotationLayer', ADMIN_COORDINATOR, 'AccessPolicy schedule.manage'),
  e('mutation', 'escalateIncident', { COORDINATOR: 'ANY', RESPONDER: 'ANY' }, 'IncidentAccess incident.escalate', { note: TLP }),
  e('mutation', 'beginSecondFactorEnrolment', SELF, 'SecondFactorService (people only, for themselves; allowed during enrolment)'),
  e('mutation', 'confirmSecondFactorEnrolment', SELF, 'SecondFactorService (people only, for themselves; allowed during enrolment)'),
  e('mutation', 'endMySession', SELF, 'AuthService.endSession (only the caller’s own sessions; others are NOT_FOUND)'),
  e('mutation', 'issuePasswordResetLink', ADMIN, 'PasswordResetService (administrators; audited)'),
  e('mutation', 'login', 'PUBLIC', 'AuthService.login (password; per-IP and per-account throttles)'),
  e('mutation', 'logout', SELF, 'AuthGuard (signed in; ends the caller’s own sessions)'),
  e('mutation', 'pauseSlaClock', COORDINATOR, 'IncidentAccess incident.reclassify'),
  e('mutation', 'reactivateUser', ADMIN, 'AccessPolicy user.deactivate'),
  e('mutation', 'reclassifyIncident', COORDINATOR, 'IncidentAccess incident.reclassify'),
  e('mutation', 'requestPasswordReset', 'PUBLIC', 'PasswordResetService (the same answer whether the address exists or not; throttled)'),
  e('mutation', 'resetPassword', 'PUBLIC', 'PasswordResetService (a single-use, expiring link)'),
  e('mutation', 'resetSecondFactor', ADMIN, 'SecondFactorService.reset (administrators; audited; ends their sessions)'),
  e('mutation', 'refreshToken', 'PUBLIC', 'AuthService.refresh (the refresh-token cookie)'),
  e('mutation', 'rejectIncident', COORDINATOR, 'IncidentAccess incident.reject'),
  e('mutation', 'markAllNotificationsRead', SELF, 'InboxService (people only, their own inbox)'),
  e('mutation', 'markNotificationsRead', SELF, 'InboxService (people only, their own inbox; ids of others change nothing)'),
  e('mutation', 'removeContactMethod', MANAGES_SELF, 'AccessPolicy notification.contact_methods.manage'),
  e('mutation', 'removeTeamMember', ADMIN_COORDINATOR, 'AccessPolicy team.manage'),
  e('mutation', 'reopenIncident', { COORDINATOR: 'ANY', RESPONDER: 'ASSIGNEE', REPORTER: 'OWN_REPORT' }, 'IncidentAccess incident.reopen'),
  e('mutation', 'reportIncident', { ADMIN: 'ANY', COORDINATOR: 'ANY', RESPONDER: 'ANY', REPORTER: 'OWN_AGENCY' }, 'IncidentAccess.canReportFor', { apiKey: ApiKeyScope.ALERTS_WRITE }),
  e('mutation', 'resolveIncident', { COORDINATOR: 'ANY', RESPONDER: 'ASSIGNEE' }, 'IncidentAccess incident.resolve'),
  e('mutation', 'resumeSlaClock', COORDINATOR, 'IncidentAccess incident.reclassify'),
  e('mutation', 'retryNotification', COORDINATOR, 'AccessPolicy notification.retry + IncidentAccess.canSee'),
  e('mutation', 'revokeApiKey', ADMIN, 'AccessPolicy apikey.revoke'),
  e('mutation', 'sendTestNotification', MANAGES_SELF, 'AccessPolicy notification.contact_methods.manage'),
  e('mutation', 'setTaskDone', { COORDINATOR: 'ANY', RESPONDER: 'ASSIGNEE' }, 'TaskAccess task.complete', { note: 'the task’s own assignee too' }),
  e('mutation', 'triageIncident', COORDINATOR, 'IncidentAccess incident.triage'),
  e('mutation', 'updateAgency', ADMIN, 'AccessPolicy agency.update'),
  e('mutation', 'updateEscalationChain', ADMIN_COORDINATOR, 'AccessPolicy escalation.manage'),
  e('mutation', 'updateInformationSystem', ADMIN, 'AccessPolicy agency.systems.manage'),
  e('mutation', 'verifySecondFactor', 'PUBLIC', 'AuthService (a second-step token from the password step; throttled like passwords)'),
  e('mutation', 'updateMyProfile', SELF, 'AccessPolicy profile.update'),
  e('mutation', 'updateNotificationPreferences', MANAGES_SELF, 'AccessPolicy notification.preferences.manage'),
  e('mutation', 'updateRotationLayer', ADMIN_COORDINATOR, 'AccessPolicy schedule.manage'),
  e('mutation', 'updateSlaPolicy', ADMIN_COORDINATOR, 'AccessPolicy sla_policy.manage'),
  e('mutation', 'updateUser', ADMIN, 'AccessPolicy user.update'),

  // ── GraphQL subscriptions
  e('subscription', 'incidentChanged', SIGNED_IN, 'AuthGuard at connection; IncidentAccess.canSee per event', { apiKey: 'ANY_KEY', note: `anyone signed in may subscribe; each event reaches only who may see the incident (${TLP}; internal entries not for reporters)` }),

  // ── Restricted fields: resolved per caller; a refused caller gets null or [] (never an error)
  e('field', 'Agency.itContacts', REPORTER_OWN_AGENCY, 'AccessPolicy user.read', { refusal: 'EMPTY' }),
  e('field', 'Agency.systems', REPORTER_OWN_AGENCY, 'AccessPolicy agency.read', { refusal: 'EMPTY', apiKey: ApiKeyScope.AGENCIES_READ }),
  e('field', 'Incident.comments', SEES_INTERNAL, 'IncidentAccess incident.internal.read', { refusal: 'EMPTY', note: 'internal comments; reporters and INCIDENTS_READ keys see the others' }),
  e('field', 'Incident.slaPauses', SEES_INTERNAL, 'IncidentAccess.seesInternal', { refusal: 'EMPTY' }),
  e('field', 'Incident.timeline', SEES_INTERNAL, 'IncidentAccess incident.internal.read', { refusal: 'EMPTY', note: 'internal entries; reporters and INCIDENTS_READ keys see the others' }),
  e('field', 'Task.comments', SEES_INTERNAL, 'TaskAccess task.internal.read', { refusal: 'EMPTY', note: 'internal comments; reporters and INCIDENTS_READ keys see the others' }),
  e('field', 'User.contactMethods', CONTACTS, 'AccessPolicy user.contacts.read', { refusal: 'EMPTY' }),
  e('field', 'User.email', CONTACTS, 'AccessPolicy user.contacts.read', { refusal: 'EMPTY' }),
  e('field', 'User.lastLoginAt', CONTACTS, 'AccessPolicy user.contacts.read', { refusal: 'EMPTY' }),
  e('field', 'User.lockedUntil', CONTACTS, 'AccessPolicy user.contacts.read', { refusal: 'EMPTY' }),

  // ── HTTP routes (POST/GET /graphql carry the operations above)
  e('http', 'GET /graphql', 'PUBLIC', 'AuthGuard per operation (GET carries queries only, no mutations)'),
  e('http', 'OPTIONS /graphql', 'PUBLIC', 'CORS preflight (answers headers only, runs no operation)'),
  e('http', 'POST /graphql', 'PUBLIC', 'AuthGuard per operation (the entries above)'),
  e('http', 'GET /healthz', 'PUBLIC', 'HealthController (@Public: liveness, says nothing)'),
  e('http', 'GET /readyz', 'PUBLIC', 'HealthController (@Public: readiness, says nothing)'),
  e('http', 'GET /metrics', 'PUBLIC', 'MetricsController (@Public: expose on an internal network only)'),
  e('http', 'GET /notifications/ack/:token', 'PUBLIC', 'NotificationAckController (the unguessable single-use token)', { note: 'shows a confirm page, changes nothing' }),
  e('http', 'POST /queues/session', ADMIN, 'mountQueueDashboard (the bearer token; sets the tocsin_queues cookie)'),
  e('http', QUEUE_DASHBOARD_ROUTES, ADMIN, 'mountQueueDashboard onRequest hook (tocsin_queues cookie: token, session, role)', { note: 'read-only unless QUEUE_DASHBOARD=read-write; changes then need a same-origin Origin' }),
  e('http', 'POST /notifications/ack/:token', 'PUBLIC', 'NotificationAckController (the unguessable single-use token)'),
  e('http', 'POST /webhooks/telegram', 'PUBLIC', 'TelegramWebhookController (X-Telegram-Bot-Api-Secret-Token)'),
  e('http', 'POST /webhooks/zalo', 'PUBLIC', 'ZaloWebhookController (X-ZEvent-Signature over the raw body)'),
  e('http', 'GET <web UI>', 'PUBLIC', 'serveWebUi (static files and screens; data comes through /graphql)', { note: 'registered only when dist/web is built' }),
];

/** Key: "<kind> <name>", e.g. "mutation reportIncident", "field User.email", "http GET /healthz". */
export const PERMISSION_INVENTORY: ReadonlyMap<string, AccessRule> = new Map(
  ENTRIES.map(([kind, name, rule]) => [`${kind} ${name}`, rule]),
);

export const inventoryKey = (kind: InventoryKind, name: string): string => `${kind} ${name}`;

/** What the rule answers for one role on an object of their own agency or another's. */
export function allows(rule: AccessRule, role: Role, target: 'own' | 'other' | 'self'): boolean {
  if (rule.allow === 'PUBLIC') return true;
  const reach = rule.allow[role];
  switch (reach) {
    case 'ANY':
      return true;
    case 'OWN_AGENCY':
      return target !== 'other';
    case 'SELF':
      return target === 'self';
    // The matrix aims at objects assigned to / reported by somebody else.
    case 'ASSIGNEE':
    case 'OWN_REPORT':
    case undefined:
      return false;
  }
}

/** Routes as Fastify prints them (`printRoutes({ commonPrefix: false })`): "GET /healthz", … (HEAD left out). */
export function routesOf(printed: string): string[] {
  const routes: string[] = [];
  // Fastify nests routes that share a path under their parent (bull-board's below /queues/): each
  // tree level is four characters of "│   " / "├── ", and a child's path continues its parent's.
  const parents: string[] = [];
  for (const line of printed.split('\n')) {
    const match = line.match(/^([│├└─\s]*)(\S+)(?: \(([A-Z, ]+)\))?\s*$/);
    if (!match || !match[2]) continue;
    const depth = Math.max(0, match[1].length / 4 - 1);
    const parent = parents[depth - 1] ?? '';
    const segment = match[2];
    const path =
      parent.endsWith('/') && segment.startsWith('/')
        ? parent + segment.slice(1)
        : parent.endsWith('/') || segment.startsWith('/')
          ? parent + segment
          : `${parent}/${segment}`;
    parents[depth] = path;
    parents.length = depth + 1;
    if (!match[3]) continue;
    for (const method of match[3].split(/,\s*/)) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

/** The operations of a schema as inventory keys ("query me", "mutation login", …). */
export function operationsOf(schema: {
  getQueryType(): { getFields(): object } | null | undefined;
  getMutationType(): { getFields(): object } | null | undefined;
  getSubscriptionType(): { getFields(): object } | null | undefined;
}): string[] {
  const of = (kind: InventoryKind, type: { getFields(): object } | null | undefined) =>
    Object.keys(type?.getFields() ?? {}).map((name) => inventoryKey(kind, name));
  return [
    ...of('query', schema.getQueryType()),
    ...of('mutation', schema.getMutationType()),
    ...of('subscription', schema.getSubscriptionType()),
  ];
}

/**
 * What the inventory and the running app disagree on. `missing`: operations and routes with no
 * entry (a new resolver, a new controller). `stale`: entries naming an operation, field or route
 * that no longer exists. `fieldExists` answers "Type.field" from the schema. UI routes (registered
 * only when the UI is built) are one entry, "http GET <web UI>", not held to the route list.
 */
export function inventoryGaps(
  operations: readonly string[],
  routes: readonly string[],
  fieldExists: (typeAndField: string) => boolean,
  inventory: ReadonlyMap<string, AccessRule> = PERMISSION_INVENTORY,
  isWebUiRoute: (route: string) => boolean = () => false,
): { missing: string[]; stale: string[] } {
  const present = new Set([
    ...operations,
    ...routes
      .filter((r) => !isWebUiRoute(r))
      .map((r) => inventoryKey('http', isQueueDashboardRoute(r) ? QUEUE_DASHBOARD_ROUTES : r)),
  ]);
  const missing = [...present].filter((key) => !inventory.has(key));
  const stale = [...inventory.keys()].filter((key) => {
    if (key === WEB_UI_KEY) return false;
    if (key.startsWith('field ')) return !fieldExists(key.slice('field '.length));
    return !present.has(key);
  });
  return { missing: missing.sort(), stale: stale.sort() };
}

export const WEB_UI_KEY = inventoryKey('http', 'GET <web UI>');
