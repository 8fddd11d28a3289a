import { UserActor } from './actor';
import { IncidentAccess, IncidentAction as A, IncidentSubject } from './incident-access.policy';
import { ApiKeyScope, Role } from './role.enum';

const OWN = 'agency-own';
const OTHER = 'agency-other';
const ME = 'user-me';
const actor = (role: Role): UserActor => ({ kind: 'user', id: ME, role, agencyId: OWN, sessionId: 's' });
const subject = (over: Partial<IncidentSubject> = {}): IncidentSubject => ({
  agencyId: OWN,
  tlp: 'AMBER',
  reporterId: 'someone',
  assigneeId: null,
  participantIds: [],
  ...over,
});

/**
 * Hand-written expectations, per action and role, on five incidents:
 * [own agency, other agency, own agency assigned to me, TLP:RED not on it, TLP:RED on it].
 */
type Row = Record<Role, string>;
const EXPECTED: Record<A, Row> = {
  //                         ADMIN    COORD    RESP     REPORT   LEADER
  [A.Read]: { ADMIN: 'YYYnY', COORDINATOR: 'YYYYY', RESPONDER: 'YYYnY', REPORTER: 'YnYnY', LEADER: 'YYYnY' },
  [A.Report]: {
    ADMIN: 'YYYnY',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'YnYnY',
    LEADER: 'nnnnn',
  },
  [A.Triage]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnnnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Reclassify]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnnnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Assign]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnnnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Acknowledge]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Escalate]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Contain]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnYnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Resolve]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnYnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Close]: { ADMIN: 'nnnnn', COORDINATOR: 'YYYYY', RESPONDER: 'nnnnn', REPORTER: 'nnnnn', LEADER: 'nnnnn' },
  [A.Reopen]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnYnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.ReopenClosed]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnnnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Reject]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'nnnnn',
    REPORTER: 'nnnnn',
    LEADER: 'nnnnn',
  },
  [A.Comment]: {
    ADMIN: 'YYYnY',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'YnYnY',
    LEADER: 'YYYnY',
  },
  [A.ReadInternal]: {
    ADMIN: 'YYYnY',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'nnnnn',
    LEADER: 'YYYnY',
  },
  [A.CommentInternal]: {
    ADMIN: 'YYYnY',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'nnnnn',
    LEADER: 'YYYnY',
  },
  [A.AddObservable]: {
    ADMIN: 'nnnnn',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'YnYnY',
    LEADER: 'nnnnn',
  },
  [A.ReadMetrics]: {
    ADMIN: 'YYYnY',
    COORDINATOR: 'YYYYY',
    RESPONDER: 'YYYnY',
    REPORTER: 'YnYnY',
    LEADER: 'YYYnY',
  },
};

const SUBJECTS = [
  subject(),
  subject({ agencyId: OTHER }),
  subject({ assigneeId: ME, participantIds: [ME] }),
  subject({ tlp: 'RED' }),
  subject({ tlp: 'RED', participantIds: [ME] }),
];

const cases = Object.values(A).flatMap((action) =>
  Object.values(Role).map((role) => [action, role, EXPECTED[action][role]] as const),
);

describe('IncidentAccess', () => {
  it('has an expectation for every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.values(A).sort());
  });

  it.each(cases)('%s by %s → %s', (action, role, expected) => {
    const got = SUBJECTS.map((s) => (IncidentAccess.can(actor(role), action, s) ? 'Y' : 'n')).join('');
    expect(got).toBe(expected);
  });

  it('lets an unassigned case be taken, but not someone else’s', () => {
    const responder = actor(Role.RESPONDER);
    expect(IncidentAccess.can(responder, A.Acknowledge, subject({ assigneeId: null }))).toBe(true);
    expect(IncidentAccess.can(responder, A.Acknowledge, subject({ assigneeId: 'another' }))).toBe(false);
    // The assignee acknowledges, or someone takes an unassigned case; a coordinator too.
    expect(
      IncidentAccess.can(actor(Role.COORDINATOR), A.Acknowledge, subject({ assigneeId: 'another' })),
    ).toBe(false);
  });

  it('lets a reporter reopen only what they reported', () => {
    const reporter = actor(Role.REPORTER);
    expect(IncidentAccess.can(reporter, A.Reopen, subject({ reporterId: ME, participantIds: [ME] }))).toBe(
      true,
    );
    expect(IncidentAccess.can(reporter, A.Reopen, subject())).toBe(false);
  });

  it('answers NOT_FOUND for what the actor cannot see, FORBIDDEN for what they see but may not do', () => {
    const reporter = actor(Role.REPORTER);
    expect(() => IncidentAccess.assert(reporter, A.Triage, subject({ agencyId: OTHER }))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => IncidentAccess.assert(reporter, A.Triage, subject())).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('gives machines read access by scope, never to TLP:RED, and no moves', () => {
    const reader = { kind: 'apiKey' as const, id: 'k', scopes: [ApiKeyScope.INCIDENTS_READ] };
    expect(IncidentAccess.canSee(reader, subject({ agencyId: OTHER }))).toBe(true);
    expect(IncidentAccess.canSee(reader, subject({ tlp: 'RED' }))).toBe(false);
    expect(IncidentAccess.can(reader, A.Comment, subject())).toBe(false);
    expect(IncidentAccess.canSee({ ...reader, scopes: [ApiKeyScope.ALERTS_WRITE] }, subject())).toBe(false);
    expect(IncidentAccess.canReportFor({ ...reader, scopes: [ApiKeyScope.ALERTS_WRITE] }, OTHER)).toBe(true);
    expect(IncidentAccess.canReportFor(reader, OTHER)).toBe(false);
  });
});
