import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { generate } from 'otplib';
import { GraphQLObjectType, GraphQLSchema, buildSchema, extendSchema, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import {
  AccessRule,
  allows,
  inventoryGaps,
  operationsOf,
  PERMISSION_INVENTORY,
  Role as PolicyRole,
  routesOf,
  WEB_UI_KEY,
} from '@tocsin/access';

import { codeOf, DEMO_PASSWORD, GqlResult, TestApi } from './support/test-app';

/**
 * The access matrix generated from the permission inventory (libs/access/src/permission-inventory.ts):
 * every GraphQL operation and restricted field × every role, anonymous and each API key scope ×
 * an object of the caller's own agency and of another agency. What is allowed must not be refused;
 * what is refused must be FORBIDDEN / NOT_FOUND / UNAUTHENTICATED (or, for lists and restricted
 * fields, come back empty) and write nothing: no row added, changed or removed in any table
 * (sessions aside), the audit chain no longer. Adding an operation: one line in the inventory and
 * one probe below (docs/access-policy.md).
 */
type Role = 'ADMIN' | 'COORDINATOR' | 'RESPONDER' | 'REPORTER' | 'LEADER';
type Who = Role | 'ANONYMOUS' | 'KEY_ALERTS_WRITE' | 'KEY_INCIDENTS_READ' | 'KEY_AGENCIES_READ';
type Target = 'own' | 'other' | 'self';
const ROLES: Role[] = ['ADMIN', 'COORDINATOR', 'RESPONDER', 'REPORTER', 'LEADER'];
const WHO: Who[] = [...ROLES, 'ANONYMOUS', 'KEY_ALERTS_WRITE', 'KEY_INCIDENTS_READ', 'KEY_AGENCIES_READ'];
const REFUSED = ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED'];
/**
 * A public operation answers everyone alike: anonymous, one person and one key are enough (and
 * spare a dozen argon2 sign-ins).
 */
const callersOf = (rule: AccessRule): Who[] =>
  rule.allow === 'PUBLIC' ? ['ANONYMOUS', 'COORDINATOR', 'KEY_ALERTS_WRITE'] : WHO;

const EMAIL: Record<Role, string> = {
  ADMIN: 'admin@tocsin.local',
  COORDINATOR: 'coordinator@tocsin.local',
  RESPONDER: 'responder@tocsin.local',
  REPORTER: 'reporter@tocsin.local',
  LEADER: 'leader@tocsin.local',
};
/** The demo actors' agencies; API keys have none, so theirs are two arbitrary ones. */
const HOME: Record<Who, string> = {
  ADMIN: 'STTTT',
  COORDINATOR: 'STTTT',
  RESPONDER: 'STTTT',
  REPORTER: 'SYT',
  LEADER: 'TINH-DEMO',
  ANONYMOUS: 'SYT',
  KEY_ALERTS_WRITE: 'SYT',
  KEY_INCIDENTS_READ: 'SYT',
  KEY_AGENCIES_READ: 'SYT',
};
const AWAY = 'HUYEN-A';

interface Fixtures {
  api: TestApi;
  agencyId: Record<string, string>;
  /** A responder in each agency who is none of the actors. */
  colleague: Record<string, string>;
  teamId: string;
  scheduleId: string;
  runbookId: string;
  chainId: string;
}
interface ProbeCtx {
  f: Fixtures;
  agencyCode: string;
  agencyId: string;
  /** A user of that agency other than the caller. */
  userId: string;
  /** Whether the inventory says this call is allowed (probes then make a fresh object to change). */
  allowed: boolean;
  seq: number;
}
interface Probe {
  /** 'agency': aimed at an object of some agency (own and other are tried); 'none': one call. */
  targets: 'agency' | 'none';
  build: (
    ctx: ProbeCtx,
  ) => Promise<{ query: string; variables?: Record<string, unknown>; headers?: Record<string, string> }>;
  /** An allowed list or field may legitimately be empty here. */
  mayBeEmpty?: boolean;
}

const q = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });
/** Unused recovery codes of matrix.totp@tocsin.local (made in the fixtures). */
const totpRecoveryCodes: string[] = [];

/** A browser push subscription as a browser would give it (a real P-256 key, a 16-byte secret). */
function pushSubscription(seq: number) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `https://push.example.net/send/inventory-${seq}`,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

const byId = (query: string) => async (ctx: ProbeCtx) => q(query, { id: ctx.agencyId });

/** An incident of that agency (AMBER, reported by nobody among the actors, unassigned) at a status. */
async function incidentIn(f: Fixtures, agencyId: string, status = 'NEW'): Promise<string> {
  const [row] = await f.api.dataSource.query<{ id: string }[]>(
    `INSERT INTO incident (code, title, description, category, severity, tlp, status, source, is_exercise, agency_id,
                           ack_due_at, resolve_due_at, search_text, version, triaged_at, acknowledged_at, resolved_at)
     VALUES ('MX-' || upper(substr(md5(random()::text), 1, 10)), 'Ma trận quyền', 'Kiểm thử', 'other', 'MEDIUM', 'AMBER', $2::incident_status, 'WEB',
             true, $1, now() + interval '1 hour', now() + interval '1 day', 'ma tran quyen', 1,
             CASE WHEN $2::text <> 'NEW' THEN now() END, CASE WHEN $2::text IN ('IN_PROGRESS','RESOLVED') THEN now() END,
             CASE WHEN $2::text = 'RESOLVED' THEN now() END)
     RETURNING id`,
    [agencyId, status],
  );
  return row.id;
}

const sharedTasks = new Map<string, string>();
/** A task of an incident of that agency (one per agency, made by the coordinator). */
async function taskIn(f: Fixtures, agencyId: string, coordinator: { token: string }): Promise<string> {
  const known = sharedTasks.get(agencyId);
  if (known) return known;
  const incidentId = await incidentIn(f, agencyId, 'TRIAGED');
  const res = await f.api.gql<{ applyRunbook: { id: string }[] }>(
    'mutation($i:ID!,$r:ID!){ applyRunbook(incidentId:$i, runbookId:$r){ id } }',
    { i: incidentId, r: f.runbookId },
    coordinator,
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  sharedTasks.set(agencyId, res.data.applyRunbook[0].id);
  return res.data.applyRunbook[0].id;
}

let coordinatorAuth: { token: string };
let adminAuth: { token: string };
const as = async <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  auth = coordinatorAuth,
) => {
  const res = await fixtures.api.gql<T>(query, variables, auth);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
};
let fixtures: Fixtures;

const layerInput = (userId: string, seq: number) => ({
  name: `Lớp ${seq}`,
  participantIds: [userId],
  shiftLengthHours: 24,
  handoffTime: '08:00',
  startDate: '2026-01-05',
});
const chainInput = (userId: string, seq: number) => ({
  name: `Chuỗi ma trận ${seq}`,
  steps: [{ delaySeconds: 600, channels: ['IN_APP'], targets: [{ kind: 'USER', userId }] }],
});
const newChain = async (ctx: ProbeCtx) =>
  (
    await as<{ createEscalationChain: { id: string } }>(
      'mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }',
      { i: chainInput(ctx.f.colleague.STTTT, ctx.seq) },
    )
  ).createEscalationChain.id;

/** One probe per inventory entry of GraphQL (operations and restricted fields). */
const PROBES: Record<string, Probe> = {
  // ── queries
  'query agencies': { targets: 'none', build: async () => q('{ agencies { id } }') },
  'query agency': { targets: 'agency', build: byId('query($id:ID!){ agency(id:$id){ id } }') },
  'query apiKeys': { targets: 'none', build: async () => q('{ apiKeys { id } }') },
  'query auditTrail': {
    targets: 'agency',
    build: byId('query($id:ID!){ auditTrail(entityId:$id, first: 5){ totalCount } }'),
  },
  'query webPushPublicKey': { targets: 'none', build: async () => q('{ webPushPublicKey }') },
  'query channelStatus': { targets: 'none', build: async () => q('{ channelStatus { channel } }') },
  'query contactReadiness': {
    targets: 'none',
    mayBeEmpty: true,
    build: async ({ f }) => q('query($t:ID!){ contactReadiness(teamId:$t){ userId } }', { t: f.teamId }),
  },
  'query escalationChains': { targets: 'none', build: async () => q('{ escalationChains { id } }') },
  'query escalationPolicies': {
    targets: 'none',
    mayBeEmpty: true,
    build: async () => q('{ escalationPolicies { id } }'),
  },
  'query escalationReadiness': {
    targets: 'none',
    build: async () => q('{ escalationReadiness(days: 1){ from } }'),
  },
  'query incident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('query($id:ID!){ incident(id:$id){ id } }', { id: await incidentIn(f, agencyId) }),
  },
  'query incidentByCode': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      const id = await incidentIn(f, agencyId);
      const [{ code }] = await f.api.dataSource.query('SELECT code FROM incident WHERE id = $1', [id]);
      return q('query($c:String!){ incidentByCode(code:$c){ id } }', { c: code });
    },
  },
  'query incidentCounts': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      await incidentIn(f, agencyId);
      return q('query($a:ID){ incidentCounts(filter:{ agencyId:$a }){ byStatus { key count } } }', {
        a: agencyId,
      });
    },
  },
  'query incidents': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      await incidentIn(f, agencyId);
      return q('query($a:ID){ incidents(first: 5, filter:{ agencyId:$a }){ edges { node { id } } } }', {
        a: agencyId,
      });
    },
  },
  'query me': { targets: 'none', build: async () => q('{ me { id } }') },
  'query metrics': {
    targets: 'none',
    build: async () =>
      q(
        '{ metrics(from:"2026-01-01T00:00:00Z", to:"2027-01-01T00:00:00Z", includeExercises:true){ total } }',
      ),
  },
  'query myNotifications': {
    targets: 'none',
    mayBeEmpty: true,
    build: async () => q('{ myNotifications(first: 5){ edges { node { id } } } }'),
  },
  'query mySecondFactor': { targets: 'none', build: async () => q('{ mySecondFactor { enabled } }') },
  'query mySessions': { targets: 'none', build: async () => q('{ mySessions { id } }') },
  'query myContactMethods': {
    targets: 'agency',
    mayBeEmpty: true,
    build: async ({ userId }) => q('query($u:ID){ myContactMethods(userId:$u){ id } }', { u: userId }),
  },
  'query notificationPreferences': {
    targets: 'agency',
    build: async ({ userId }) =>
      q('query($u:ID){ notificationPreferences(userId:$u){ userId } }', { u: userId }),
  },
  'query notifications': {
    targets: 'agency',
    mayBeEmpty: true,
    build: async ({ f, agencyId }) =>
      q('query($i:ID!){ notifications(incidentId:$i){ id } }', { i: await incidentIn(f, agencyId) }),
  },
  'query onCallAt': {
    targets: 'none',
    mayBeEmpty: true,
    build: async ({ f }) =>
      q('query($t:ID!){ onCallAt(teamId:$t, at:"2026-06-01T03:00:00Z"){ id } }', { t: f.teamId }),
  },
  'query onCallNow': {
    targets: 'none',
    mayBeEmpty: true,
    build: async ({ f }) => q('query($t:ID!){ onCallNow(teamId:$t){ id } }', { t: f.teamId }),
  },
  'query runbook': {
    targets: 'none',
    build: async ({ f }) => q('query($id:ID!){ runbook(id:$id){ id } }', { id: f.runbookId }),
  },
  'query runbooks': { targets: 'none', build: async () => q('{ runbooks { id } }') },
  'query scheduleCoverage': {
    targets: 'none',
    mayBeEmpty: true,
    build: async ({ f }) =>
      q(
        'query($s:ID!){ scheduleCoverage(scheduleId:$s, from:"2026-06-01T00:00:00Z", to:"2026-06-02T00:00:00Z"){ start } }',
        { s: f.scheduleId },
      ),
  },
  'query slaPolicies': { targets: 'none', build: async () => q('{ slaPolicies { id } }') },
  'query team': {
    targets: 'none',
    build: async ({ f }) => q('query($id:ID!){ team(id:$id){ id } }', { id: f.teamId }),
  },
  'query teams': { targets: 'none', build: async () => q('{ teams { id } }') },
  'query user': {
    targets: 'agency',
    build: async ({ userId }) => q('query($id:ID!){ user(id:$id){ id } }', { id: userId }),
  },
  'query users': { targets: 'none', build: async () => q('{ users { id } }') },
  'query verifyAuditChain': { targets: 'none', build: async () => q('{ verifyAuditChain { ok } }') },

  // ── mutations on incidents (a fresh incident at a status where the move is legal)
  'mutation acknowledgeIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ acknowledgeIncident(id:$id){ id } }', {
        id: await incidentIn(f, agencyId, 'TRIAGED'),
      }),
  },
  'mutation addComment': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ addComment(incidentId:$id, body:"Ý kiến", internal:false){ id } }', {
        id: await incidentIn(f, agencyId),
      }),
  },
  'mutation addObservable': {
    targets: 'agency',
    build: async ({ f, agencyId, seq }) =>
      q('mutation($id:ID!,$v:String!){ addObservable(incidentId:$id, input:{ type: IP, value:$v }){ id } }', {
        id: await incidentIn(f, agencyId),
        v: `203.0.113.${seq % 250}`,
      }),
  },
  'mutation applyRunbook': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!,$r:ID!){ applyRunbook(incidentId:$id, runbookId:$r){ id } }', {
        id: await incidentIn(f, agencyId, 'TRIAGED'),
        r: f.runbookId,
      }),
  },
  'mutation assignIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!,$u:ID!){ assignIncident(id:$id, assigneeId:$u){ id } }', {
        id: await incidentIn(f, agencyId, 'TRIAGED'),
        u: f.colleague.STTTT,
      }),
  },
  'mutation closeIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ closeIncident(id:$id, resolutionCode: FALSE_POSITIVE){ id } }', {
        id: await incidentIn(f, agencyId, 'RESOLVED'),
      }),
  },
  'mutation containIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ containIncident(id:$id){ id } }', {
        id: await incidentIn(f, agencyId, 'IN_PROGRESS'),
      }),
  },
  'mutation escalateIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ escalateIncident(id:$id, reason:"Cần hỗ trợ"){ id } }', {
        id: await incidentIn(f, agencyId, 'IN_PROGRESS'),
      }),
  },
  'mutation pauseSlaClock': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ pauseSlaClock(incidentId:$id, reason:"Chờ nhà cung cấp"){ id } }', {
        id: await incidentIn(f, agencyId, 'IN_PROGRESS'),
      }),
  },
  'mutation reclassifyIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q(
        'mutation($id:ID!){ reclassifyIncident(id:$id, input:{ severity: HIGH, category: OTHER, tlp: AMBER }){ id } }',
        { id: await incidentIn(f, agencyId, 'IN_PROGRESS') },
      ),
  },
  'mutation rejectIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ rejectIncident(id:$id, reason:"Không phải sự cố"){ id } }', {
        id: await incidentIn(f, agencyId),
      }),
  },
  'mutation reopenIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ reopenIncident(id:$id, reason:"Tái diễn"){ id } }', {
        id: await incidentIn(f, agencyId, 'RESOLVED'),
      }),
  },
  'mutation reportIncident': {
    targets: 'agency',
    build: async ({ agencyId }) =>
      q(
        'mutation($a:ID!){ reportIncident(input:{ title:"Ma trận quyền", description:"Kiểm thử", agencyId:$a, isExercise:true }){ id } }',
        {
          a: agencyId,
        },
      ),
  },
  'mutation resolveIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($id:ID!){ resolveIncident(id:$id, resolution:"Đã xử lý"){ id } }', {
        id: await incidentIn(f, agencyId, 'IN_PROGRESS'),
      }),
  },
  'mutation resumeSlaClock': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      const id = await incidentIn(f, agencyId, 'IN_PROGRESS');
      await as('mutation($id:ID!){ pauseSlaClock(incidentId:$id, reason:"Chờ"){ id } }', { id });
      return q('mutation($id:ID!){ resumeSlaClock(incidentId:$id){ id } }', { id });
    },
  },
  'mutation triageIncident': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q(
        'mutation($id:ID!){ triageIncident(id:$id, input:{ severity: LOW, category: OTHER, tlp: GREEN }){ id } }',
        {
          id: await incidentIn(f, agencyId),
        },
      ),
  },

  // ── tasks
  'mutation addTaskComment': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($t:ID!){ addTaskComment(taskId:$t, body:"Đã làm"){ id } }', {
        t: await taskIn(f, agencyId, coordinatorAuth),
      }),
  },
  'mutation assignTask': {
    targets: 'agency',
    build: async ({ f, agencyId }) =>
      q('mutation($t:ID!){ assignTask(taskId:$t, assigneeId:null){ id } }', {
        t: await taskIn(f, agencyId, coordinatorAuth),
      }),
  },
  'mutation setTaskDone': {
    targets: 'agency',
    build: async ({ f, agencyId, seq }) =>
      q('mutation($t:ID!,$d:Boolean!){ setTaskDone(taskId:$t, done:$d){ id } }', {
        t: await taskIn(f, agencyId, coordinatorAuth),
        d: seq % 2 === 0,
      }),
  },

  // ── people, profiles, sessions
  'mutation changePassword': {
    targets: 'none',
    // A wrong current password: an allowed caller gets BAD_USER_INPUT, and nobody's password changes.
    build: async () =>
      q(
        'mutation{ changePassword(input:{ currentPassword:"Not-the-password-1", newPassword:"Another-password-2" }) }',
      ),
  },
  'mutation createUser': {
    targets: 'agency',
    build: async ({ agencyId, seq }) =>
      q('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', {
        i: {
          email: `inv${seq}@tocsin.local`,
          displayName: 'Ma trận',
          role: 'RESPONDER',
          agencyId,
          password: 'Matrix-password-1',
        },
      }),
  },
  'mutation deactivateUser': {
    targets: 'agency',
    build: async ({ f, agencyId, allowed, userId, seq }) => {
      if (!allowed) return q('mutation($id:ID!){ deactivateUser(id:$id){ id } }', { id: userId });
      const made = await as<{ createUser: { id: string } }>(
        'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
        {
          i: {
            email: `gone${seq}@tocsin.local`,
            displayName: 'Sắp nghỉ',
            role: 'RESPONDER',
            agencyId,
            password: 'Matrix-password-1',
          },
        },
        adminAuth,
      );
      void f;
      return q('mutation($id:ID!){ deactivateUser(id:$id){ id } }', { id: made.createUser.id });
    },
  },
  'mutation beginSecondFactorEnrolment': {
    targets: 'none',
    build: async () => q('mutation{ beginSecondFactorEnrolment { otpauthUrl } }'),
  },
  'mutation confirmSecondFactorEnrolment': {
    targets: 'none',
    // A wrong code: allowed callers hear BAD_USER_INPUT, the refused are refused first.
    build: async () => q('mutation{ confirmSecondFactorEnrolment(code: "000000") }'),
  },
  'mutation endMySession': {
    targets: 'none',
    // The session the caller's own fresh sign-in just made (authFor), so the matrix's sessions live on.
    build: async ({ f }) => {
      const [s] = await f.api.dataSource.query<{ id: string }[]>(
        'SELECT id FROM auth_session ORDER BY created_at DESC LIMIT 1',
      );
      return q('mutation($id:ID!){ endMySession(id:$id) }', { id: s.id });
    },
  },
  'mutation issuePasswordResetLink': {
    targets: 'agency',
    build: async ({ userId }) =>
      q('mutation($u:ID!){ issuePasswordResetLink(userId:$u){ url } }', { u: userId }),
  },
  'mutation login': {
    targets: 'none',
    build: async () =>
      q('mutation($e:String!,$p:String!){ login(email:$e, password:$p){ accessToken } }', {
        e: 'matrix.login@tocsin.local',
        p: DEMO_PASSWORD,
      }),
  },
  'mutation logout': {
    targets: 'none',
    // A session of its own, so the matrix's sessions live on: same user, same role, same rule.
    build: async () => q('mutation{ logout(allSessions: false) }'),
  },
  'mutation requestPasswordReset': {
    targets: 'none',
    build: async () => q('mutation{ requestPasswordReset(email: "nobody@tocsin.local") }'),
  },
  'mutation resetPassword': {
    targets: 'none',
    // An unknown link: the same BAD_USER_INPUT for everyone, nothing written.
    build: async () =>
      q(
        'mutation{ resetPassword(token: "00000000-0000-4000-8000-000000000000.x", newPassword: "Mat-khau-moi-2026!") }',
      ),
  },
  'mutation resetSecondFactor': {
    targets: 'agency',
    build: async ({ userId }) => q('mutation($u:ID!){ resetSecondFactor(userId:$u) }', { u: userId }),
  },
  'mutation reactivateUser': {
    targets: 'agency',
    build: async ({ userId }) => q('mutation($id:ID!){ reactivateUser(id:$id){ id } }', { id: userId }),
  },
  'mutation refreshToken': {
    targets: 'none',
    build: async ({ f }) => {
      const res = await f.api.http.post('/graphql').send({
        query: 'mutation($e:String!,$p:String!){ login(email:$e, password:$p){ accessToken } }',
        variables: { e: 'matrix.login@tocsin.local', p: DEMO_PASSWORD },
      });
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      return { query: 'mutation{ refreshToken { accessToken } }', headers: { cookie } };
    },
  },
  'mutation verifySecondFactor': {
    targets: 'none',
    // A real second step: the password step's token and an unused recovery code of that person.
    build: async ({ f }) => {
      const res = await f.api.gql<{ login: { secondStepToken: string } }>(
        'mutation($e:String!,$p:String!){ login(email:$e, password:$p){ secondStepToken } }',
        { e: 'matrix.totp@tocsin.local', p: DEMO_PASSWORD },
      );
      return q(
        'mutation($t:String!,$c:String!){ verifySecondFactor(secondStepToken:$t, code:$c){ accessToken } }',
        {
          t: res.data!.login.secondStepToken,
          c: totpRecoveryCodes.shift(),
        },
      );
    },
  },
  'mutation updateMyProfile': {
    targets: 'none',
    build: async () => q('mutation{ updateMyProfile(input:{ timeZone:"Asia/Ho_Chi_Minh" }){ id } }'),
  },
  'mutation updateUser': {
    targets: 'agency',
    build: async ({ f, userId }) => {
      const [{ version }] = await f.api.dataSource.query('SELECT version FROM "user" WHERE id = $1', [
        userId,
      ]);
      return q(
        'mutation($id:ID!,$v:Int!){ updateUser(id:$id, input:{ version:$v, timeZone:"Asia/Ho_Chi_Minh" }){ id } }',
        {
          id: userId,
          v: version,
        },
      );
    },
  },

  // ── agencies and systems
  'mutation createAgency': {
    targets: 'agency',
    build: async ({ agencyId, seq }) =>
      q('mutation($i:CreateAgencyInput!){ createAgency(input:$i){ id } }', {
        i: { code: `INV${seq}`, name: 'Xã ma trận', kind: 'COMMUNE', parentId: agencyId },
      }),
  },
  'mutation createInformationSystem': {
    targets: 'agency',
    build: async ({ agencyId, seq }) =>
      q(
        'mutation($a:ID!,$i:InformationSystemInput!){ createInformationSystem(agencyId:$a, input:$i){ id } }',
        {
          a: agencyId,
          i: { name: `Hệ thống ${seq}`, securityLevel: 2 },
        },
      ),
  },
  'mutation deleteAgency': {
    targets: 'agency',
    // Agencies with users cannot go: the admin gets CONFLICT, which still proves access.
    build: byId('mutation($id:ID!){ deleteAgency(id:$id) }'),
  },
  'mutation deleteInformationSystem': {
    targets: 'agency',
    build: async ({ f, agencyId, seq }) => {
      const [s] = await f.api.dataSource.query<{ id: string }[]>(
        'INSERT INTO information_system (agency_id, name, security_level) VALUES ($1, $2, 2) RETURNING id',
        [agencyId, `Xoá ${seq}`],
      );
      return q('mutation($id:ID!){ deleteInformationSystem(id:$id) }', { id: s.id });
    },
  },
  'mutation updateAgency': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      const [{ version, name }] = await f.api.dataSource.query(
        'SELECT version, name FROM agency WHERE id = $1',
        [agencyId],
      );
      return q('mutation($id:ID!,$i:UpdateAgencyInput!){ updateAgency(id:$id, input:$i){ id } }', {
        id: agencyId,
        i: { name, version },
      });
    },
  },
  'mutation updateInformationSystem': {
    targets: 'agency',
    build: async ({ f, agencyId, seq }) => {
      const [s] = await f.api.dataSource.query<{ id: string }[]>(
        'INSERT INTO information_system (agency_id, name, security_level) VALUES ($1, $2, 2) RETURNING id',
        [agencyId, `Sửa ${seq}`],
      );
      return q(
        'mutation($id:ID!,$i:InformationSystemInput!){ updateInformationSystem(id:$id, input:$i){ id } }',
        {
          id: s.id,
          i: { name: `Đã sửa ${seq}`, securityLevel: 3 },
        },
      );
    },
  },

  // ── API keys
  'mutation createApiKey': {
    targets: 'none',
    build: async () =>
      q('mutation{ createApiKey(input:{ name:"ma trận", scopes:[AGENCIES_READ] }){ secret } }'),
  },
  'mutation revokeApiKey': {
    targets: 'none',
    build: async ({ f, allowed }) => {
      if (!allowed) {
        const [k] = await f.api.dataSource.query<{ id: string }[]>(
          `SELECT id FROM api_key WHERE name = 'victim'`,
        );
        return q('mutation($id:ID!){ revokeApiKey(id:$id){ id } }', { id: k.id });
      }
      const made = await as<{ createApiKey: { apiKey: { id: string } } }>(
        'mutation{ createApiKey(input:{ name:"sắp thu hồi", scopes:[AGENCIES_READ] }){ apiKey { id } } }',
        {},
        adminAuth,
      );
      return q('mutation($id:ID!){ revokeApiKey(id:$id){ id } }', { id: made.createApiKey.apiKey.id });
    },
  },

  // ── on-call
  'mutation addRotationLayer': {
    targets: 'none',
    build: async ({ f, seq }) =>
      q('mutation($s:ID!,$i:RotationLayerInput!){ addRotationLayer(scheduleId:$s, input:$i){ id } }', {
        s: f.scheduleId,
        i: layerInput(f.colleague.STTTT, seq),
      }),
  },
  'mutation addTeamMember': {
    targets: 'agency',
    build: async ({ f, userId }) =>
      q('mutation($t:ID!,$u:ID!){ addTeamMember(teamId:$t, input:{ userId:$u }){ userId } }', {
        t: f.teamId,
        u: userId,
      }),
  },
  'mutation createOverride': {
    targets: 'none',
    build: async ({ f }) =>
      q(
        'mutation($s:ID!,$u:ID!){ createOverride(scheduleId:$s, input:{ userId:$u, startsAt:"2030-01-01T00:00:00Z", endsAt:"2030-01-02T00:00:00Z" }){ id } }',
        { s: f.scheduleId, u: f.colleague.STTTT },
      ),
  },
  'mutation createSchedule': {
    targets: 'none',
    build: async ({ f, seq }) =>
      q('mutation($t:ID!,$n:String!){ createSchedule(teamId:$t, name:$n){ id } }', {
        t: f.teamId,
        n: `Lịch ${seq}`,
      }),
  },
  'mutation createTeam': {
    targets: 'none',
    build: async ({ seq }) =>
      q('mutation($n:String!){ createTeam(input:{ name:$n }){ id } }', { n: `Đội ${seq}` }),
  },
  'mutation deleteOverride': {
    targets: 'none',
    build: async ({ f, seq }) => {
      const made = await as<{ createOverride: { id: string } }>(
        'mutation($s:ID!,$u:ID!,$a:DateTime!,$b:DateTime!){ createOverride(scheduleId:$s, input:{ userId:$u, startsAt:$a, endsAt:$b }){ id } }',
        {
          s: f.scheduleId,
          u: f.colleague.STTTT,
          a: `2031-01-${String((seq % 27) + 1).padStart(2, '0')}T00:00:00Z`,
          b: `2031-01-${String((seq % 27) + 1).padStart(2, '0')}T06:00:00Z`,
        },
      );
      return q('mutation($id:ID!){ deleteOverride(id:$id) }', { id: made.createOverride.id });
    },
  },
  'mutation deleteRotationLayer': {
    targets: 'none',
    build: async ({ f, seq }) => {
      const made = await as<{ addRotationLayer: { id: string } }>(
        'mutation($s:ID!,$i:RotationLayerInput!){ addRotationLayer(scheduleId:$s, input:$i){ id } }',
        { s: f.scheduleId, i: layerInput(f.colleague.STTTT, seq) },
      );
      return q('mutation($id:ID!){ deleteRotationLayer(id:$id) }', { id: made.addRotationLayer.id });
    },
  },
  'mutation removeTeamMember': {
    targets: 'agency',
    build: async ({ f, userId }) => {
      await f.api.dataSource.query(
        'INSERT INTO team_member (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [f.teamId, userId],
      );
      return q('mutation($t:ID!,$u:ID!){ removeTeamMember(teamId:$t, userId:$u) }', {
        t: f.teamId,
        u: userId,
      });
    },
  },
  'mutation updateRotationLayer': {
    targets: 'none',
    build: async ({ f, seq }) => {
      const [l] = await f.api.dataSource.query<{ id: string }[]>(
        'SELECT id FROM rotation_layer WHERE schedule_id = $1 LIMIT 1',
        [f.scheduleId],
      );
      return q('mutation($id:ID!,$i:RotationLayerInput!){ updateRotationLayer(id:$id, input:$i){ id } }', {
        id: l.id,
        i: layerInput(f.colleague.STTTT, seq),
      });
    },
  },

  // ── escalation and SLA
  'mutation createEscalationChain': {
    targets: 'none',
    build: async ({ f, seq }) =>
      q('mutation($i:EscalationChainInput!){ createEscalationChain(input:$i){ id } }', {
        i: chainInput(f.colleague.STTTT, seq),
      }),
  },
  'mutation createEscalationPolicy': {
    targets: 'agency',
    build: async (ctx) =>
      q(
        'mutation($c:ID!,$a:ID){ createEscalationPolicy(input:{ chainId:$c, agencyId:$a, severity: LOW }){ id } }',
        {
          c: await newChain(ctx),
          a: ctx.agencyId,
        },
      ),
  },
  'mutation deleteEscalationChain': {
    targets: 'none',
    build: async (ctx) =>
      q('mutation($id:ID!){ deleteEscalationChain(id:$id) }', { id: await newChain(ctx) }),
  },
  'mutation deleteEscalationPolicy': {
    targets: 'none',
    build: async (ctx) => {
      // One policy per (severity, category, agency): clear the slot the probe uses.
      await ctx.f.api.dataSource.query(
        `DELETE FROM escalation_policy WHERE severity = 'LOW' AND category IS NULL AND agency_id IS NULL`,
      );
      const made = await as<{ createEscalationPolicy: { id: string } }>(
        'mutation($c:ID!){ createEscalationPolicy(input:{ chainId:$c, severity: LOW }){ id } }',
        { c: await newChain(ctx) },
      );
      return q('mutation($id:ID!){ deleteEscalationPolicy(id:$id) }', { id: made.createEscalationPolicy.id });
    },
  },
  'mutation updateEscalationChain': {
    targets: 'none',
    build: async (ctx) =>
      q('mutation($id:ID!,$i:EscalationChainInput!){ updateEscalationChain(id:$id, input:$i){ id } }', {
        id: await newChain(ctx),
        i: chainInput(ctx.f.colleague.STTTT, ctx.seq + 100_000),
      }),
  },
  'mutation updateSlaPolicy': {
    targets: 'none',
    build: async ({ f }) => {
      const [p] = await f.api.dataSource.query(`SELECT * FROM sla_policy WHERE severity = 'LOW'`);
      return q(
        'mutation($v:Int!,$a:Float!,$r:Float!,$w:Boolean!){ updateSlaPolicy(severity: LOW, input:{ version:$v, ackMinutes:$a, resolveMinutes:$r, workingHoursOnly:$w }){ id } }',
        { v: p.version, a: p.ack_minutes, r: p.resolve_minutes, w: p.working_hours_only },
      );
    },
  },

  // ── notifications
  'mutation addContactMethod': {
    targets: 'agency',
    build: async ({ userId, seq }) =>
      q(
        'mutation($u:ID){ addContactMethod(input:{ channel: EMAIL, address:"inv' +
          seq +
          '@so.gov.vn", userId:$u }){ id } }',
        {
          u: userId,
        },
      ),
  },
  'mutation subscribeWebPush': {
    targets: 'none',
    build: async ({ seq }) =>
      q('mutation($i:WebPushSubscriptionInput!){ subscribeWebPush(input:$i){ id } }', {
        i: pushSubscription(seq),
      }),
  },
  'mutation unsubscribeWebPush': {
    targets: 'none',
    build: async ({ seq }) =>
      q('mutation($e:String!){ unsubscribeWebPush(endpoint:$e) }', { e: pushSubscription(seq).endpoint }),
  },
  'mutation createLinkCode': {
    targets: 'none',
    build: async () => q('mutation{ createLinkCode(channel: TELEGRAM){ code } }'),
  },
  'mutation markAllNotificationsRead': {
    targets: 'none',
    build: async () => q('mutation{ markAllNotificationsRead }'),
  },
  'mutation markNotificationsRead': {
    targets: 'none',
    build: async () =>
      q('mutation($ids:[ID!]!){ markNotificationsRead(ids:$ids) }', {
        ids: ['00000000-0000-4000-8000-000000000001'],
      }),
  },
  'mutation removeContactMethod': {
    targets: 'agency',
    build: async ({ f, userId, seq }) => {
      const [m] = await f.api.dataSource.query<{ id: string }[]>(
        `INSERT INTO contact_method (user_id, channel, address) VALUES ($1, 'EMAIL', $2) RETURNING id`,
        [userId, `xoa${seq}@so.gov.vn`],
      );
      return q('mutation($id:ID!){ removeContactMethod(id:$id) }', { id: m.id });
    },
  },
  'mutation retryNotification': {
    targets: 'agency',
    build: async ({ f, agencyId, userId, seq }) => {
      const incidentId = await incidentIn(f, agencyId, 'IN_PROGRESS');
      const [n] = await f.api.dataSource.query<{ id: string }[]>(
        `INSERT INTO notification (incident_id, recipient_id, channel, event, event_key, state, failed_at)
         VALUES ($1, $2, 'EMAIL', 'MANUAL_ESCALATION', $3, 'FAILED', now()) RETURNING id`,
        [incidentId, userId, `matrix-${seq}`],
      );
      return q('mutation($id:ID!){ retryNotification(id:$id){ id } }', { id: n.id });
    },
  },
  'mutation sendTestNotification': {
    targets: 'agency',
    build: async ({ f, userId, seq }) => {
      const [m] = await f.api.dataSource.query<{ id: string }[]>(
        `INSERT INTO contact_method (user_id, channel, address) VALUES ($1, 'EMAIL', $2) RETURNING id`,
        [userId, `thu${seq}@so.gov.vn`],
      );
      return q('mutation($id:ID!){ sendTestNotification(contactMethodId:$id){ id } }', { id: m.id });
    },
  },
  'mutation updateNotificationPreferences': {
    targets: 'agency',
    build: async ({ userId }) =>
      q(
        'mutation($u:ID){ updateNotificationPreferences(input:{ userId:$u, quietStart:"22:00", quietEnd:"06:00" }){ userId } }',
        {
          u: userId,
        },
      ),
  },

  // ── subscriptions (over graphql-ws; see `subscribeAs`)
  'subscription incidentChanged': {
    targets: 'none',
    build: async () => q('subscription{ incidentChanged { incidentId } }'),
  },

  // ── restricted fields: only the field is asked for, so "withheld" is an all-empty answer
  'field Agency.itContacts': {
    targets: 'agency',
    mayBeEmpty: true, // IT contacts are an agency's reporters; most agencies here have none
    build: byId('query($id:ID!){ agency(id:$id){ itContacts { id } } }'),
  },
  'field Agency.systems': {
    targets: 'agency',
    build: async ({ f, agencyId, seq }) => {
      await f.api.dataSource.query(
        'INSERT INTO information_system (agency_id, name, security_level) VALUES ($1, $2, 2)',
        [agencyId, `Hiện ${seq}`],
      );
      return q('query($id:ID!){ agency(id:$id){ systems { id } } }', { id: agencyId });
    },
  },
  'field Incident.comments': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      const id = await incidentIn(f, agencyId);
      await as('mutation($id:ID!){ addComment(incidentId:$id, body:"Nội bộ", internal:true){ id } }', { id });
      return q('query($id:ID!){ incident(id:$id){ comments { id } } }', { id });
    },
  },
  'field Incident.slaPauses': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      const id = await incidentIn(f, agencyId, 'IN_PROGRESS');
      await as('mutation($id:ID!){ pauseSlaClock(incidentId:$id, reason:"Chờ"){ id } }', { id });
      return q('query($id:ID!){ incident(id:$id){ slaPauses { startedAt } } }', { id });
    },
  },
  'field Incident.timeline': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      const id = await incidentIn(f, agencyId);
      await as('mutation($id:ID!){ addComment(incidentId:$id, body:"Nội bộ", internal:true){ id } }', { id });
      return q('query($id:ID!){ incident(id:$id){ timeline { id } } }', { id });
    },
  },
  'field Task.comments': {
    targets: 'agency',
    build: async ({ f, agencyId }) => {
      // A task of its own, with one internal comment only (the shared tasks collect public ones).
      const incidentId = await incidentIn(f, agencyId, 'TRIAGED');
      const tasks = await as<{ applyRunbook: { id: string }[] }>(
        'mutation($i:ID!,$r:ID!){ applyRunbook(incidentId:$i, runbookId:$r){ id } }',
        { i: incidentId, r: f.runbookId },
      );
      const t = tasks.applyRunbook[0].id;
      await as('mutation($t:ID!){ addTaskComment(taskId:$t, body:"Nội bộ", internal:true){ id } }', { t });
      const [{ incident_id }] = await f.api.dataSource.query(
        'SELECT incident_id FROM incident_task WHERE id = $1',
        [t],
      );
      return q('query($id:ID!){ incident(id:$id){ tasks { comments { id } } } }', { id: incident_id });
    },
  },
  'field User.contactMethods': {
    targets: 'agency',
    build: async ({ userId }) =>
      q('query($id:ID!){ user(id:$id){ contactMethods { email } } }', { id: userId }),
  },
  'field User.email': {
    targets: 'agency',
    build: async ({ userId }) => q('query($id:ID!){ user(id:$id){ email } }', { id: userId }),
  },
  'field User.lastLoginAt': {
    targets: 'agency',
    mayBeEmpty: true, // the colleague never signed in
    build: async ({ userId }) => q('query($id:ID!){ user(id:$id){ lastLoginAt } }', { id: userId }),
  },
  'field User.lockedUntil': {
    targets: 'agency',
    build: async ({ f, userId }) => {
      await f.api.dataSource.query(
        `UPDATE "user" SET locked_until = now() + interval '1 hour' WHERE id = $1`,
        [userId],
      );
      return q('query($id:ID!){ user(id:$id){ lockedUntil } }', { id: userId });
    },
  },
};

/** Null, [], or an object or list of nothing but those: what a withheld answer looks like. */
function emptyish(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.every(emptyish);
  if (typeof value === 'object') return Object.values(value).every(emptyish);
  return false;
}

/**
 * Every row of every table, as a digest (auth sessions aside: signing in writes them; API keys'
 * last use is stamped on reads). xmin changes with every insert, update and delete.
 */
let tables: string[] = [];
/** For queries and fields, which write through no service: the audit chain's length and head. */
async function auditChain(api: TestApi): Promise<string> {
  const [{ head }] = await api.dataSource.query<{ head: string }[]>(
    `SELECT last_sequence || ':' || last_hash AS head FROM audit_chain_head WHERE id = 1`,
  );
  return head;
}
async function fingerprint(api: TestApi): Promise<string> {
  const parts = tables.map(
    (t) => `(SELECT count(*) || '/' || coalesce(sum((xmin::text)::bigint), 0) FROM "${t}")`,
  );
  const [{ digest }] = await api.dataSource.query<{ digest: string }[]>(
    `SELECT concat_ws(',', ${parts.join(', ')}, (SELECT count(*) FROM api_key)) AS digest`,
  );
  return digest;
}

function expectedFor(rule: AccessRule, who: Who, target: Target): boolean {
  if (rule.allow === 'PUBLIC') return true;
  if (who === 'ANONYMOUS') return false;
  if (who.startsWith('KEY_')) return rule.apiKey === 'ANY_KEY' || String(rule.apiKey) === who.slice(4);
  return allows(rule, who as PolicyRole, target);
}

let sharedApi: TestApi;
beforeAll(async () => {
  sharedApi = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_IP_MAX_FAILURES: '10000' });
});
afterAll(() => sharedApi.stop());

describe('the permission inventory', () => {
  let api: TestApi;
  let liveSchema: GraphQLSchema;
  let routes: string[];

  beforeAll(async () => {
    api = sharedApi;
    const { GraphQLSchemaHost } = await import('@nestjs/graphql');
    liveSchema = api.app.get(GraphQLSchemaHost).schema;
    routes = routesOf(api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }));
  });
  const fieldIn = (schema: GraphQLSchema) => (typeAndField: string) => {
    const [type, field] = typeAndField.split('.');
    const t = schema.getType(type);
    return t instanceof GraphQLObjectType && field in t.getFields();
  };

  it('names every operation in schema.gql and in the running api, every HTTP route, and nothing else', () => {
    const fileSchema = buildSchema(readFileSync(join(process.cwd(), 'schema.gql'), 'utf8'));
    expect(operationsOf(fileSchema).sort()).toEqual(operationsOf(liveSchema).sort());
    expect(routes).toEqual(expect.arrayContaining(['GET /healthz', 'POST /webhooks/zalo']));
    expect(inventoryGaps(operationsOf(liveSchema), routes, fieldIn(liveSchema))).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('fails on a new resolver or route without an entry, and on an entry for something gone', () => {
    const withDummy = extendSchema(
      liveSchema,
      parse('extend type Mutation { dummyOperation: Boolean } extend type Query { dummyQuery: Int }'),
    );
    const gaps = inventoryGaps(
      operationsOf(withDummy),
      [...routes, 'POST /dummy-webhook'],
      fieldIn(withDummy),
    );
    expect(gaps.missing).toEqual(['http POST /dummy-webhook', 'mutation dummyOperation', 'query dummyQuery']);
    expect(gaps.stale).toEqual([]);

    const inventory = new Map(PERMISSION_INVENTORY);
    inventory.set('mutation removedLongAgo', { allow: 'PUBLIC', refusal: 'ERROR', decidedBy: 'nothing' });
    inventory.set('field User.removedField', { allow: 'PUBLIC', refusal: 'EMPTY', decidedBy: 'nothing' });
    inventory.delete('query me');
    expect(inventoryGaps(operationsOf(liveSchema), routes, fieldIn(liveSchema), inventory)).toEqual({
      missing: ['query me'],
      stale: ['field User.removedField', 'mutation removedLongAgo'],
    });
  });

  it('has a matrix probe for every GraphQL entry, and no probe without an entry', () => {
    const graphql = [...PERMISSION_INVENTORY.keys()].filter((k) => !k.startsWith('http '));
    expect(Object.keys(PROBES).sort()).toEqual(graphql.sort());
    expect(PERMISSION_INVENTORY.has(WEB_UI_KEY)).toBe(true);
  });
});

describe('access matrix generated from the inventory', () => {
  const auth: Partial<Record<Who, { token?: string; apiKey?: string }>> = {};
  let seq = 0;

  beforeAll(async () => {
    const api = sharedApi;
    for (const role of ROLES) auth[role] = { token: await api.login(EMAIL[role]) };
    auth.ANONYMOUS = {};
    coordinatorAuth = auth.COORDINATOR as { token: string };
    adminAuth = auth.ADMIN as { token: string };
    const agencyId: Record<string, string> = {};
    const colleague: Record<string, string> = {};
    fixtures = { api } as Fixtures;
    for (const code of ['STTTT', 'SYT', 'TINH-DEMO', 'HUYEN-A']) {
      agencyId[code] = await api.idOf('agency', code);
      const made = await as<{ createUser: { id: string } }>(
        'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
        {
          i: {
            email: `colleague.${code.toLowerCase()}@tocsin.local`,
            displayName: `Đồng nghiệp ${code}`,
            role: 'RESPONDER',
            agencyId: agencyId[code],
            password: 'Colleague-password-1',
          },
        },
        adminAuth,
      );
      colleague[code] = made.createUser.id;
    }
    await as(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      {
        i: {
          email: 'matrix.login@tocsin.local',
          displayName: 'Đăng nhập',
          role: 'REPORTER',
          agencyId: agencyId.SYT,
          password: DEMO_PASSWORD,
        },
      },
      adminAuth,
    );
    // Someone with two-step sign-in, for verifySecondFactor: each probe spends one recovery code.
    await as(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      {
        i: {
          email: 'matrix.totp@tocsin.local',
          displayName: 'Hai bước',
          role: 'REPORTER',
          agencyId: agencyId.SYT,
          password: DEMO_PASSWORD,
        },
      },
      adminAuth,
    );
    const totp = { token: await api.login('matrix.totp@tocsin.local') };
    const enrolment = await as<{ beginSecondFactorEnrolment: { secret: string } }>(
      'mutation{ beginSecondFactorEnrolment { secret } }',
      {},
      totp,
    );
    const confirmed = await as<{ confirmSecondFactorEnrolment: string[] }>(
      'mutation($c:String!){ confirmSecondFactorEnrolment(code:$c) }',
      { c: await generate({ secret: enrolment.beginSecondFactorEnrolment.secret }) },
      totp,
    );
    totpRecoveryCodes.push(...confirmed.confirmSecondFactorEnrolment);
    for (const scope of ['ALERTS_WRITE', 'INCIDENTS_READ', 'AGENCIES_READ'] as const) {
      const made = await as<{ createApiKey: { secret: string } }>(
        `mutation{ createApiKey(input:{ name:"matrix ${scope}", scopes:[${scope}] }){ secret } }`,
        {},
        adminAuth,
      );
      auth[`KEY_${scope}`] = { apiKey: made.createApiKey.secret };
      await api.gql('{ agencies { id } }', {}, auth[`KEY_${scope}`]); // stamps last use now, not mid-test
    }
    await as(
      'mutation{ createApiKey(input:{ name:"victim", scopes:[ALERTS_WRITE] }){ secret } }',
      {},
      adminAuth,
    );
    const team = await as<{ createTeam: { id: string } }>(
      'mutation{ createTeam(input:{ name:"Đội ma trận" }){ id } }',
      {},
    );
    const schedule = await as<{ createSchedule: { id: string } }>(
      'mutation($t:ID!){ createSchedule(teamId:$t, name:"Lịch ma trận"){ id } }',
      { t: team.createTeam.id },
    );
    await as('mutation($t:ID!,$u:ID!){ addTeamMember(teamId:$t, input:{ userId:$u }){ userId } }', {
      t: team.createTeam.id,
      u: colleague.STTTT,
    });
    await as('mutation($s:ID!,$i:RotationLayerInput!){ addRotationLayer(scheduleId:$s, input:$i){ id } }', {
      s: schedule.createSchedule.id,
      i: layerInput(colleague.STTTT, 0),
    });
    const runbooks = await as<{ runbooks: { id: string }[] }>('{ runbooks { id } }', {});
    fixtures = {
      api,
      agencyId,
      colleague,
      teamId: team.createTeam.id,
      scheduleId: schedule.createSchedule.id,
      runbookId: runbooks.runbooks[0].id,
      chainId: '',
    };
    tables = (
      await api.dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            AND table_name NOT IN ('auth_session', 'api_key', 'migrations') ORDER BY 1`,
      )
    ).map((r) => r.table_name);
  });

  /** A session of the caller's own, for logout (ending the matrix's session would refuse what follows). */
  async function authFor(who: Who, key: string): Promise<{ token?: string; apiKey?: string } | undefined> {
    if ((key === 'mutation logout' || key === 'mutation endMySession') && ROLES.includes(who as Role))
      return { token: await fixtures.api.login(EMAIL[who as Role]) };
    return auth[who];
  }

  /** A graphql-ws subscription: the first error, or nothing within 500 ms (subscribed). */
  async function subscribeAs(who: Who, query: string): Promise<GqlResult> {
    const credential = auth[who]?.token ?? auth[who]?.apiKey;
    const client = createClient({
      url: `${fixtures.api.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: credential ? { authorization: `Bearer ${credential}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    try {
      return await new Promise<GqlResult>((resolve) => {
        const timer = setTimeout(() => resolve({ status: 200, data: {}, headers: {} }), 500);
        client.subscribe(
          { query },
          {
            next: (value) => {
              clearTimeout(timer);
              resolve({
                status: 200,
                data: value.data as Record<string, unknown>,
                errors: value.errors as GqlResult['errors'],
                headers: {},
              });
            },
            error: (error) => {
              clearTimeout(timer);
              const code = (error as { code?: number }).code;
              const errors = Array.isArray(error)
                ? error
                : [
                    {
                      message: String((error as Error).message ?? error),
                      extensions: { code: code === 4401 || code === 4403 ? 'UNAUTHENTICATED' : String(code) },
                    },
                  ];
              resolve({ status: 200, data: null, errors, headers: {} });
            },
            complete: () => undefined,
          },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  const cases = [...PERMISSION_INVENTORY]
    .filter(([key]) => !key.startsWith('http '))
    .flatMap(([key, rule]) => {
      const probe = PROBES[key];
      const targets: Target[] = probe?.targets === 'agency' ? ['own', 'other'] : ['self'];
      return callersOf(rule).flatMap((who) =>
        targets.map((target) => {
          const allowed = expectedFor(rule, who, target);
          return [key, who, target, allowed ? 'allowed' : 'refused', rule] as const;
        }),
      );
    });

  it('covers every operation in schema.gql for every caller', () => {
    const fileSchema = buildSchema(readFileSync(join(process.cwd(), 'schema.gql'), 'utf8'));
    const covered = new Set(cases.map(([key, who]) => `${key}|${who}`));
    for (const op of operationsOf(fileSchema))
      for (const who of callersOf(PERMISSION_INVENTORY.get(op)!)) expect(covered).toContain(`${op}|${who}`);
  });

  it.each(cases)('%s by %s on %s → %s', async (key, who, target, outcome, rule) => {
    const probe = PROBES[key];
    const f = fixtures;
    const agencyCode = target === 'other' ? AWAY : HOME[who];
    // The caller first: a probe may act on the session its sign-in made (endMySession).
    const caller = await authFor(who, key);
    const { query, variables, headers } = await probe.build({
      f,
      agencyCode,
      agencyId: f.agencyId[agencyCode],
      userId: f.colleague[agencyCode],
      allowed: outcome === 'allowed',
      seq: ++seq,
    });
    const digest = key.startsWith('mutation ') ? fingerprint : auditChain;
    const before = await digest(f.api);
    const res = key.startsWith('subscription ')
      ? await subscribeAs(who, query)
      : await f.api.gql(query, variables, { ...caller, headers });
    const code = codeOf(res) as string | undefined;
    if (outcome === 'allowed') {
      expect(REFUSED).not.toContain(code);
      if (rule.refusal === 'EMPTY' && !probe.mayBeEmpty && !res.errors)
        expect(emptyish(res.data)).toBe(false);
      return;
    }
    if (rule.refusal === 'EMPTY' && !res.errors) expect(emptyish(res.data)).toBe(true);
    else {
      expect(REFUSED).toContain(code);
      expect(emptyish(res.data)).toBe(true);
    }
    expect(await digest(f.api)).toBe(before);
  });
});
