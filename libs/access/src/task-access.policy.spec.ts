import { UserActor } from './actor';
import { IncidentSubject } from './incident-access.policy';
import { ApiKeyScope, Role } from './role.enum';
import { TaskAccess, TaskAction as T, TaskSubject } from './task-access.policy';

const OWN = 'agency-own';
const OTHER = 'agency-other';
const ME = 'user-me';
const actor = (role: Role): UserActor => ({ kind: 'user', id: ME, role, agencyId: OWN, sessionId: 's' });
const incident = (over: Partial<IncidentSubject> = {}): IncidentSubject => ({
  agencyId: OWN,
  tlp: 'AMBER',
  reporterId: 'someone',
  assigneeId: null,
  participantIds: [],
  ...over,
});

/**
 * Hand-written expectations, per action and role, on six (incident, task) pairs:
 * [own agency, other agency, incident assigned to me, task assigned to me on someone else's
 *  incident, TLP:RED not on it, TLP:RED on it].
 */
type Row = Record<Role, string>;
const EXPECTED: Record<T, Row> = {
  //                          ADMIN       COORD       RESP        REPORT      LEADER
  [T.Read]: {
    ADMIN: 'YYYYnY',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'YYYYnY',
    REPORTER: 'YnYYnY',
    LEADER: 'YYYYnY',
  },
  [T.ApplyRunbook]: {
    ADMIN: 'nnnnnn',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'nnYnnn',
    REPORTER: 'nnnnnn',
    LEADER: 'nnnnnn',
  },
  [T.Assign]: {
    ADMIN: 'nnnnnn',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'nnYnnn',
    REPORTER: 'nnnnnn',
    LEADER: 'nnnnnn',
  },
  [T.Complete]: {
    ADMIN: 'nnnnnn',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'nnYYnn',
    REPORTER: 'nnnnnn',
    LEADER: 'nnnnnn',
  },
  [T.Comment]: {
    ADMIN: 'YYYYnY',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'YYYYnY',
    REPORTER: 'YnYYnY',
    LEADER: 'YYYYnY',
  },
  [T.CommentInternal]: {
    ADMIN: 'YYYYnY',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'YYYYnY',
    REPORTER: 'nnnnnn',
    LEADER: 'YYYYnY',
  },
  [T.ReadInternal]: {
    ADMIN: 'YYYYnY',
    COORDINATOR: 'YYYYYY',
    RESPONDER: 'YYYYnY',
    REPORTER: 'nnnnnn',
    LEADER: 'YYYYnY',
  },
};

const PAIRS: [IncidentSubject, TaskSubject][] = [
  [incident(), { assigneeId: null }],
  [incident({ agencyId: OTHER }), { assigneeId: null }],
  [incident({ assigneeId: ME, participantIds: [ME] }), { assigneeId: null }],
  [incident({ assigneeId: 'another', participantIds: ['another', ME] }), { assigneeId: ME }],
  [incident({ tlp: 'RED' }), { assigneeId: null }],
  [incident({ tlp: 'RED', participantIds: [ME] }), { assigneeId: null }],
];

const cases = Object.values(T).flatMap((action) =>
  Object.values(Role).map((role) => [action, role, EXPECTED[action][role]] as const),
);

describe('TaskAccess', () => {
  it('has an expectation for every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.values(T).sort());
  });

  it.each(cases)('%s by %s → %s', (action, role, expected) => {
    const got = PAIRS.map(([i, t]) => (TaskAccess.can(actor(role), action, i, t) ? 'Y' : 'n')).join('');
    expect(got).toBe(expected);
  });

  it('answers NOT_FOUND for an incident the actor cannot see, FORBIDDEN for what they see but may not do', () => {
    const responder = actor(Role.RESPONDER);
    expect(() => TaskAccess.assert(responder, T.Complete, incident({ tlp: 'RED' }))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => TaskAccess.assert(responder, T.Complete, incident(), { assigneeId: 'another' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => TaskAccess.assert(responder, T.Complete, incident(), { assigneeId: ME })).not.toThrow();
  });

  it('lets machines read the tasks of incidents they may read, and do nothing else', () => {
    const reader = { kind: 'apiKey' as const, id: 'k', scopes: [ApiKeyScope.INCIDENTS_READ] };
    expect(TaskAccess.can(reader, T.Read, incident({ agencyId: OTHER }))).toBe(true);
    expect(TaskAccess.can(reader, T.Read, incident({ tlp: 'RED' }))).toBe(false);
    for (const action of Object.values(T).filter((a) => a !== T.Read)) {
      expect(TaskAccess.can(reader, action, incident(), { assigneeId: null })).toBe(false);
    }
    expect(TaskAccess.canReadRunbooks(reader)).toBe(false);
    expect(TaskAccess.canReadRunbooks(actor(Role.REPORTER))).toBe(true);
  });
});
