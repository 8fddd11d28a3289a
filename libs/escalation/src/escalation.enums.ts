import { registerEnumType } from '@nestjs/graphql';

export enum EscalationTargetKind {
  /** One person. */
  USER = 'USER',
  /** Whoever is on call now for a team (the incident's team when none is named). */
  TEAM_ON_CALL = 'TEAM_ON_CALL',
  /** Every member of a team. */
  TEAM = 'TEAM',
  /** Every active user with a role, e.g. LEADER. */
  ROLE = 'ROLE',
}

export enum SlaClockKind {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  RESOLVE = 'RESOLVE',
}

export enum SlaEventKind {
  WARNING = 'WARNING',
  BREACH = 'BREACH',
}

registerEnumType(EscalationTargetKind, { name: 'EscalationTargetKind' });
registerEnumType(SlaClockKind, { name: 'SlaClockKind' });
registerEnumType(SlaEventKind, { name: 'SlaEventKind' });
