import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { Role } from '@tocsin/access';
import { OncallService, onCallAt } from '@tocsin/oncall';

import type { EscalationTarget } from '../escalation.entity';
import { EscalationTargetKind } from '../escalation.enums';

/** Roles a chain may page: reporters are agency contacts, never responders. */
export const PAGEABLE_ROLES = [Role.ADMIN, Role.COORDINATOR, Role.RESPONDER, Role.LEADER];

/**
 * Turns a step's targets into people at a moment: a user, a team's on-call (the union over its
 * schedules), a whole team, or everyone active with a role. A team target without a team means
 * the incident's team, or every team when the incident has none yet (a report before triage).
 */
@Injectable()
export class EscalationTargetResolver {
  constructor(private readonly oncall: OncallService) {}

  async resolve(
    em: EntityManager,
    targets: EscalationTarget[],
    incidentTeamId: string | null,
    at: Date,
  ): Promise<string[]> {
    const ids = new Set<string>();
    for (const target of targets) {
      for (const id of await this.resolveOne(em, target, incidentTeamId, at)) ids.add(id);
    }
    if (!ids.size) return [];
    // Checked now, not when the chain or schedule was edited: someone deactivated or made an
    // agency contact since then is not paged (and so not put on the incident).
    const allowed = await em.query<{ id: string }[]>(
      'SELECT id FROM "user" WHERE id = ANY($1::uuid[]) AND active AND role = ANY($2::user_role[])',
      [[...ids], PAGEABLE_ROLES],
    );
    const keep = new Set(allowed.map((r) => r.id));
    return [...ids].filter((id) => keep.has(id));
  }

  private async resolveOne(
    em: EntityManager,
    target: EscalationTarget,
    incidentTeamId: string | null,
    at: Date,
  ): Promise<string[]> {
    switch (target.kind) {
      case EscalationTargetKind.USER:
        return target.userId ? [target.userId] : [];
      case EscalationTargetKind.ROLE: {
        if (!target.role || !PAGEABLE_ROLES.includes(target.role)) return [];
        const rows = await em.query<{ id: string }[]>(
          'SELECT id FROM "user" WHERE role = $1 AND active ORDER BY created_at',
          [target.role],
        );
        return rows.map((r) => r.id);
      }
      case EscalationTargetKind.TEAM: {
        const teams = await this.teamsOf(em, target, incidentTeamId);
        if (!teams.length) return [];
        const rows = await em.query<{ user_id: string }[]>(
          'SELECT DISTINCT user_id FROM team_member WHERE team_id = ANY($1::uuid[])',
          [teams],
        );
        return rows.map((r) => r.user_id);
      }
      case EscalationTargetKind.TEAM_ON_CALL: {
        const ids: string[] = [];
        for (const teamId of await this.teamsOf(em, target, incidentTeamId)) {
          for (const definition of await this.oncall.definitionsOf(em, teamId, at, at)) {
            ids.push(...onCallAt(definition, at).userIds);
          }
        }
        return ids;
      }
    }
  }

  private async teamsOf(
    em: EntityManager,
    target: EscalationTarget,
    incidentTeamId: string | null,
  ): Promise<string[]> {
    if (target.teamId) return [target.teamId];
    if (incidentTeamId) return [incidentTeamId];
    const rows = await em.query<{ id: string }[]>('SELECT id FROM team ORDER BY name');
    return rows.map((r) => r.id);
  }
}
