import type { EntityManager } from 'typeorm';

import { IncidentSubject, Role } from '@tocsin/access';
import { UserEntity } from '@tocsin/auth';
import { AppException } from '@tocsin/core';

import { IncidentEntity, IncidentParticipantEntity } from './incident.entity';

/**
 * The incidents library's reads and writes of its own tables that other libraries need. Every
 * statement writing `incident`, `incident_participant` or `incident_timeline_entry` lives in
 * libs/incidents (this file, incident-timeline.ts and the services); other libraries change an
 * incident through IncidentChanges.
 */

export interface LoadedIncident {
  incident: IncidentEntity;
  subject: IncidentSubject;
}

/**
 * An incident and the facts the access policy looks at (participants included unless
 * `participants` is false: the system is not access-checked), optionally with the row locked for
 * the rest of the transaction.
 */
export async function loadIncidentSubject(
  em: EntityManager,
  id: string,
  lock = false,
  participants = true,
): Promise<LoadedIncident | null> {
  const incident = await em.findOne(IncidentEntity, {
    where: { id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!incident) return null;
  const joined = participants
    ? await em.find(IncidentParticipantEntity, { where: { incidentId: id }, select: { userId: true } })
    : [];
  return {
    incident,
    subject: {
      agencyId: incident.agencyId,
      tlp: incident.tlp,
      reporterId: incident.reporterId,
      assigneeId: incident.assigneeId,
      participantIds: joined.map((p) => p.userId),
    },
  };
}

/** Adds people to an incident's participants (who may then see it when it is TLP:RED). */
export async function addIncidentParticipants(
  em: EntityManager,
  incidentId: string,
  userIds: (string | null | undefined)[],
): Promise<void> {
  const ids = [...new Set(userIds.filter((u): u is string => Boolean(u)))];
  if (!ids.length) return;
  await em
    .createQueryBuilder()
    .insert()
    .into(IncidentParticipantEntity)
    .values(ids.map((userId) => ({ incidentId, userId })))
    .orIgnore()
    .execute();
}

/** Cases and tasks go to active responders or coordinators only. */
export async function assertAssignable(em: EntityManager, assigneeId: string): Promise<void> {
  const user = await em.findOneBy(UserEntity, { id: assigneeId });
  if (!user || !user.active || ![Role.RESPONDER, Role.COORDINATOR].includes(user.role)) {
    throw AppException.badInput('The assignee must be an active responder or coordinator', {
      field: 'assigneeId',
    });
  }
}

/** An incident's severity (null when it does not exist), for readers in other libraries. */
export async function severityOf(em: EntityManager, incidentId: string): Promise<string | null> {
  const [row] = await em.query<{ severity: string }[]>('SELECT severity FROM incident WHERE id = $1', [
    incidentId,
  ]);
  return row?.severity ?? null;
}
