import { AppException } from '@tocsin/core';

import { Actor } from './actor';
import { ApiKeyScope, Role } from './role.enum';

/** Every operation the policy knows. Add one here before adding a resolver that needs it. */
export enum Action {
  ReadOwnProfile = 'profile.read',
  UpdateOwnProfile = 'profile.update',
  ChangeOwnPassword = 'profile.password',
  ReadUser = 'user.read',
  ReadUserContacts = 'user.contacts.read',
  CreateUser = 'user.create',
  UpdateUser = 'user.update',
  DeactivateUser = 'user.deactivate',
  ReadAgency = 'agency.read',
  CreateAgency = 'agency.create',
  UpdateAgency = 'agency.update',
  DeleteAgency = 'agency.delete',
  ManageInformationSystems = 'agency.systems.manage',
  ReadApiKeys = 'apikey.read',
  CreateApiKey = 'apikey.create',
  RevokeApiKey = 'apikey.revoke',
  ReadTeams = 'team.read',
  ManageTeams = 'team.manage',
  ManageSchedules = 'schedule.manage',
  ReadAuditTrail = 'audit.read',
  VerifyAuditChain = 'audit.verify',
  ReadSlaPolicies = 'sla_policy.read',
  ManageSlaPolicies = 'sla_policy.manage',
  ManageContactMethods = 'notification.contact_methods.manage',
  ManageNotificationPreferences = 'notification.preferences.manage',
  RetryNotification = 'notification.retry',
  ReadContactReadiness = 'notification.readiness.read',
  ReadEscalation = 'escalation.read',
  ManageEscalation = 'escalation.manage',
}

/**
 * How far a role's permission reaches:
 * - ANY: every object;
 * - OWN_AGENCY: objects of the actor's own agency only;
 * - SELF: the actor's own user record only.
 * A role missing from a rule has no permission at all.
 */
export type Reach = 'ANY' | 'OWN_AGENCY' | 'SELF';

const EVERYONE_SELF: Partial<Record<Role, Reach>> = {
  ADMIN: 'SELF',
  COORDINATOR: 'SELF',
  RESPONDER: 'SELF',
  REPORTER: 'SELF',
  LEADER: 'SELF',
};

/** The rule table: the single source of truth for who may do what (tested cell by cell). */
export const ACCESS_RULES: Record<Action, Partial<Record<Role, Reach>>> = {
  [Action.ReadOwnProfile]: EVERYONE_SELF,
  [Action.UpdateOwnProfile]: EVERYONE_SELF,
  [Action.ChangeOwnPassword]: EVERYONE_SELF,
  [Action.ReadUser]: {
    ADMIN: 'ANY',
    COORDINATOR: 'ANY',
    RESPONDER: 'ANY',
    LEADER: 'ANY',
    REPORTER: 'OWN_AGENCY',
  },
  [Action.ReadUserContacts]: {
    ADMIN: 'ANY',
    COORDINATOR: 'ANY',
    RESPONDER: 'SELF',
    LEADER: 'SELF',
    REPORTER: 'SELF',
  },
  [Action.CreateUser]: { ADMIN: 'ANY' },
  [Action.UpdateUser]: { ADMIN: 'ANY' },
  [Action.DeactivateUser]: { ADMIN: 'ANY' },
  [Action.ReadAgency]: {
    ADMIN: 'ANY',
    COORDINATOR: 'ANY',
    RESPONDER: 'ANY',
    LEADER: 'ANY',
    REPORTER: 'OWN_AGENCY',
  },
  [Action.CreateAgency]: { ADMIN: 'ANY' },
  [Action.UpdateAgency]: { ADMIN: 'ANY' },
  [Action.DeleteAgency]: { ADMIN: 'ANY' },
  [Action.ManageInformationSystems]: { ADMIN: 'ANY' },
  [Action.ReadApiKeys]: { ADMIN: 'ANY' },
  [Action.CreateApiKey]: { ADMIN: 'ANY' },
  [Action.RevokeApiKey]: { ADMIN: 'ANY' },
  [Action.ReadTeams]: { ADMIN: 'ANY', COORDINATOR: 'ANY', RESPONDER: 'ANY', LEADER: 'ANY' },
  [Action.ManageTeams]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.ManageSchedules]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.ReadAuditTrail]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.VerifyAuditChain]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.ReadSlaPolicies]: { ADMIN: 'ANY', COORDINATOR: 'ANY', RESPONDER: 'ANY', LEADER: 'ANY' },
  [Action.ManageSlaPolicies]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.ManageContactMethods]: { ...EVERYONE_SELF, ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.ManageNotificationPreferences]: { ...EVERYONE_SELF, ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.RetryNotification]: { COORDINATOR: 'ANY' },
  [Action.ReadContactReadiness]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
  [Action.ReadEscalation]: { ADMIN: 'ANY', COORDINATOR: 'ANY', RESPONDER: 'ANY', LEADER: 'ANY' },
  [Action.ManageEscalation]: { ADMIN: 'ANY', COORDINATOR: 'ANY' },
};

/** What an API key scope lets a machine do (machines never act on people or configuration). */
export const API_KEY_RULES: Partial<Record<Action, ApiKeyScope>> = {
  [Action.ReadAgency]: ApiKeyScope.AGENCIES_READ,
};

/** The object an action is aimed at, reduced to what the rules look at. */
export interface AccessSubject {
  agencyId?: string | null;
  userId?: string;
}

/** Which rows of a collection an actor may see. */
export type RowScope =
  | { kind: 'all' }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'self'; userId: string }
  | { kind: 'none' };

/**
 * The one access policy. Answers "may this actor do X to this object" and "which rows may this
 * actor see"; every service asks it before anything else. Pure: no I/O, so the whole rule table
 * is unit-tested.
 */
export class AccessPolicy {
  static reach(actor: Actor, action: Action): Reach | undefined {
    if (actor.kind === 'apiKey') {
      const scope = API_KEY_RULES[action];
      return scope && actor.scopes.includes(scope) ? 'ANY' : undefined;
    }
    return ACCESS_RULES[action][actor.role];
  }

  /** May the actor do `action` to `subject`? Without a subject: may they do it to anything at all? */
  static can(actor: Actor, action: Action, subject?: AccessSubject): boolean {
    const reach = this.reach(actor, action);
    if (!reach) return false;
    if (!subject || reach === 'ANY') return true;
    if (actor.kind !== 'user') return false;
    if (reach === 'OWN_AGENCY') {
      return actor.agencyId !== null && subject.agencyId === actor.agencyId;
    }
    return subject.userId === actor.id;
  }

  /** Throws FORBIDDEN unless `can` holds. */
  static assert(actor: Actor, action: Action, subject?: AccessSubject): void {
    if (!this.can(actor, action, subject)) {
      throw AppException.forbidden(`Not allowed: ${action}`);
    }
  }

  /** The filter every list query applies for `action`. */
  static rowScope(actor: Actor, action: Action): RowScope {
    const reach = this.reach(actor, action);
    if (!reach) return { kind: 'none' };
    if (reach === 'ANY') return { kind: 'all' };
    if (actor.kind !== 'user') return { kind: 'none' };
    if (reach === 'OWN_AGENCY')
      return actor.agencyId ? { kind: 'agency', agencyId: actor.agencyId } : { kind: 'none' };
    return { kind: 'self', userId: actor.id };
  }
}
