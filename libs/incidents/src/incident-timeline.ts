import type { EntityManager } from 'typeorm';

import type { Actor } from '@tocsin/access';

import type { TimelineKind } from './incident.enums';

/** One entry for an incident's timeline. Internal (never shown to reporters) unless said otherwise. */
export interface TimelineLine {
  kind: TimelineKind;
  internal?: boolean;
  data?: Record<string, unknown>;
}

export interface TimelineRow extends TimelineLine {
  incidentId: string;
}

/**
 * The one writer of `incident_timeline_entry`: any number of entries, for any incidents, in one
 * statement, in the order given (the bigint id is the stream's order). `actor` null is the system;
 * an API key is named in the entry's data, since actor_id refers to users.
 */
export async function insertTimeline(
  em: EntityManager,
  actor: Actor | null,
  entries: readonly TimelineRow[],
): Promise<void> {
  if (!entries.length) return;
  const actorId = actor?.kind === 'user' ? actor.id : null;
  const apiKey = actor?.kind === 'apiKey' ? { apiKeyId: actor.id } : {};
  await em.query(
    `INSERT INTO incident_timeline_entry (incident_id, kind, actor_id, internal, data)
     SELECT incident_id, kind, $3::uuid, internal, data
       FROM unnest($1::uuid[], $2::timeline_kind[], $4::boolean[], $5::jsonb[])
            WITH ORDINALITY AS e(incident_id, kind, internal, data, n)
      ORDER BY n`,
    [
      entries.map((e) => e.incidentId),
      entries.map((e) => e.kind),
      actorId,
      entries.map((e) => e.internal ?? true),
      entries.map((e) => JSON.stringify({ ...(e.data ?? {}), ...apiKey })),
    ],
  );
}
