import { AccessPolicy, Action } from './access.policy';
import { Actor, ApiKeyActor, UserActor } from './actor';
import { ApiKeyScope, Role } from './role.enum';

const OWN_AGENCY = 'agency-own';
const OTHER_AGENCY = 'agency-other';
const SELF_ID = 'user-self';

const actor = (role: Role): UserActor => ({
  kind: 'user',
  id: SELF_ID,
  role,
  agencyId: OWN_AGENCY,
  sessionId: 's',
});

/**
 * Expected answers, written out by hand (not derived from the rule table), for each action and
 * role: [on an object of the actor's own agency, on one of another agency, on the actor's own user].
 * Y = allowed, n = refused.
 */
type Row = Record<Role, `${'Y' | 'n'}${'Y' | 'n'}${'Y' | 'n'}`>;
const EXPECTED: Record<Action, Row> = {
  //                               ADMIN  COORD  RESP   REPORT LEADER
  [Action.ReadOwnProfile]: {
    ADMIN: 'nnY',
    COORDINATOR: 'nnY',
    RESPONDER: 'nnY',
    REPORTER: 'nnY',
    LEADER: 'nnY',
  },
  [Action.UpdateOwnProfile]: {
    ADMIN: 'nnY',
    COORDINATOR: 'nnY',
    RESPONDER: 'nnY',
    REPORTER: 'nnY',
    LEADER: 'nnY',
  },
  [Action.ChangeOwnPassword]: {
    ADMIN: 'nnY',
    COORDINATOR: 'nnY',
    RESPONDER: 'nnY',
    REPORTER: 'nnY',
    LEADER: 'nnY',
  },
  [Action.ReadUser]: { ADMIN: 'YYY', COORDINATOR: 'YYY', RESPONDER: 'YYY', REPORTER: 'YnY', LEADER: 'YYY' },
  [Action.ReadUserContacts]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnY',
    REPORTER: 'nnY',
    LEADER: 'nnY',
  },
  [Action.CreateUser]: { ADMIN: 'YYY', COORDINATOR: 'nnn', RESPONDER: 'nnn', REPORTER: 'nnn', LEADER: 'nnn' },
  [Action.UpdateUser]: { ADMIN: 'YYY', COORDINATOR: 'nnn', RESPONDER: 'nnn', REPORTER: 'nnn', LEADER: 'nnn' },
  [Action.DeactivateUser]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadAgency]: { ADMIN: 'YYY', COORDINATOR: 'YYY', RESPONDER: 'YYY', REPORTER: 'YnY', LEADER: 'YYY' },
  [Action.CreateAgency]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.UpdateAgency]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.DeleteAgency]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ManageInformationSystems]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadApiKeys]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.CreateApiKey]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.RevokeApiKey]: {
    ADMIN: 'YYY',
    COORDINATOR: 'nnn',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadTeams]: { ADMIN: 'YYY', COORDINATOR: 'YYY', RESPONDER: 'YYY', REPORTER: 'nnn', LEADER: 'YYY' },
  [Action.ManageTeams]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ManageSchedules]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadAuditTrail]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.VerifyAuditChain]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadSlaPolicies]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'YYY',
    REPORTER: 'nnn',
    LEADER: 'YYY',
  },
  [Action.ManageSlaPolicies]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadEscalation]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'YYY',
    REPORTER: 'nnn',
    LEADER: 'YYY',
  },
  [Action.ManageEscalation]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ManageContactMethods]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnY',
    REPORTER: 'nnY',
    LEADER: 'nnY',
  },
  [Action.ManageNotificationPreferences]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnY',
    REPORTER: 'nnY',
    LEADER: 'nnY',
  },
  [Action.RetryNotification]: {
    ADMIN: 'nnn',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
  [Action.ReadContactReadiness]: {
    ADMIN: 'YYY',
    COORDINATOR: 'YYY',
    RESPONDER: 'nnn',
    REPORTER: 'nnn',
    LEADER: 'nnn',
  },
};

const cases = Object.values(Action).flatMap((action) =>
  Object.values(Role).map((role) => [action, role, EXPECTED[action][role]] as const),
);

describe('AccessPolicy rule table', () => {
  it('has an expectation for every action and role', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.values(Action).sort());
  });

  it.each(cases)('%s by %s → %s', (action, role, expected) => {
    const a = actor(role);
    const got = [
      AccessPolicy.can(a, action, { agencyId: OWN_AGENCY }),
      AccessPolicy.can(a, action, { agencyId: OTHER_AGENCY }),
      AccessPolicy.can(a, action, { userId: SELF_ID, agencyId: OWN_AGENCY }),
    ]
      .map((ok) => (ok ? 'Y' : 'n'))
      .join('');
    expect(got).toBe(expected);
    if (expected === 'nnn') {
      expect(() => AccessPolicy.assert(a, action)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(AccessPolicy.rowScope(a, action)).toEqual({ kind: 'none' });
    }
  });

  it('scopes lists: a reporter sees their agency, a coordinator everything, a reporter without agency nothing', () => {
    expect(AccessPolicy.rowScope(actor(Role.REPORTER), Action.ReadAgency)).toEqual({
      kind: 'agency',
      agencyId: OWN_AGENCY,
    });
    expect(AccessPolicy.rowScope(actor(Role.COORDINATOR), Action.ReadAgency)).toEqual({ kind: 'all' });
    const homeless: Actor = { ...actor(Role.REPORTER), agencyId: null };
    expect(AccessPolicy.rowScope(homeless, Action.ReadAgency)).toEqual({ kind: 'none' });
    expect(AccessPolicy.can(homeless, Action.ReadAgency, { agencyId: null })).toBe(false);
    expect(AccessPolicy.rowScope(actor(Role.LEADER), Action.UpdateOwnProfile)).toEqual({
      kind: 'self',
      userId: SELF_ID,
    });
  });

  it('lets an API key do only what its scopes name, and never act on people or configuration', () => {
    const reader: ApiKeyActor = { kind: 'apiKey', id: 'k', scopes: [ApiKeyScope.AGENCIES_READ] };
    const alerts: ApiKeyActor = { kind: 'apiKey', id: 'k', scopes: [ApiKeyScope.ALERTS_WRITE] };
    expect(AccessPolicy.can(reader, Action.ReadAgency, { agencyId: OTHER_AGENCY })).toBe(true);
    expect(AccessPolicy.can(alerts, Action.ReadAgency)).toBe(false);
    for (const action of Object.values(Action).filter((a) => a !== Action.ReadAgency)) {
      expect(AccessPolicy.can({ ...reader, scopes: Object.values(ApiKeyScope) }, action)).toBe(false);
    }
  });
});
