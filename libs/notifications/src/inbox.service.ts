import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';

import { Actor } from '@tocsin/access';
import { AppException, Clock, decodeCursor, encodeCursor } from '@tocsin/core';
import { IncidentQueriesService } from '@tocsin/incidents';

import { NotificationConnection } from './inbox.model';
import { NotificationRow, toModel } from './notifications.service';

/**
 * One inbox entry per message: the rows of one request to one person (IN_APP and the channels it
 * also went out on, fall-overs included) share (incident, event key, repeat). The IN_APP row stands
 * for them when there is one; marking one read marks them all.
 */
const INBOX = `
  SELECT DISTINCT ON (n.incident_id, n.event_key, n.repeat) n.*, u.display_name AS recipient_name
    FROM notification n JOIN "user" u ON u.id = n.recipient_id
   WHERE n.recipient_id = $1 AND n.incident_id IS NOT NULL
   ORDER BY n.incident_id, n.event_key, n.repeat, (n.channel = 'IN_APP') DESC, n.created_at, n.id`;

/** Every person's inbox: the notifications addressed to them, newest first, with read marks. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentQueriesService,
    private readonly clock: Clock,
  ) {}

  private static person(actor: Actor): string {
    if (actor.kind !== 'user') throw AppException.forbidden('People only: an API key has no inbox');
    return actor.id;
  }

  async list(
    actor: Actor,
    first: number,
    after?: string,
    unreadOnly = false,
  ): Promise<NotificationConnection> {
    const me = InboxService.person(actor);
    let cursor: [string, string] | null = null;
    if (after) {
      const [at, id] = decodeCursor(after);
      if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)) || !isUUID(id))
        throw AppException.badInput('Invalid cursor', { field: 'after' });
      cursor = [at, id];
    }
    const rows = await this.dataSource.query<NotificationRow[]>(
      `SELECT * FROM (${INBOX}) x
        WHERE ($2::boolean IS NOT TRUE OR x.read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (x.created_at, x.id) < ($3::timestamptz, $4::uuid))
        ORDER BY x.created_at DESC, x.id DESC LIMIT ${first + 1}`,
      [me, unreadOnly, cursor?.[0] ?? null, cursor?.[1] ?? null],
    );
    const [counts] = await this.dataSource.query<{ total: number; unread: number }[]>(
      `SELECT count(*) FILTER (WHERE $2::boolean IS NOT TRUE OR x.read_at IS NULL)::int AS total,
              count(*) FILTER (WHERE x.read_at IS NULL)::int AS unread
         FROM (${INBOX}) x`,
      [me, unreadOnly],
    );
    // Messages about a case the person may no longer see (its TLP was raised) are left out.
    const visible = new Set(
      (await this.incidents.findVisibleByIds(actor, [...new Set(rows.map((r) => r.incident_id!))])).map(
        (i) => i.id,
      ),
    );
    const page = rows.slice(0, first).filter((r) => visible.has(r.incident_id!));
    const edges = page.map((r) => ({
      node: toModel(r),
      cursor: encodeCursor([new Date(r.created_at).toISOString(), r.id]),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: counts?.total ?? 0,
      unreadCount: counts?.unread ?? 0,
    };
  }

  /** Marks the messages read (only the caller's own; others' ids are ignored); returns how many rows changed. */
  async markRead(actor: Actor, ids: string[]): Promise<number> {
    const me = InboxService.person(actor);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE notification n SET read_at = $3
           FROM notification g
          WHERE g.id = ANY($2::uuid[]) AND g.recipient_id = $1 AND g.incident_id IS NOT NULL
            AND n.recipient_id = $1 AND n.incident_id = g.incident_id AND n.event_key = g.event_key
            AND n.repeat = g.repeat AND n.read_at IS NULL
         RETURNING n.id)
       SELECT id FROM u`,
      [me, ids, this.clock.now()],
    );
    return rows.length;
  }

  /** Marks the whole inbox read. */
  async markAllRead(actor: Actor): Promise<number> {
    const me = InboxService.person(actor);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE notification SET read_at = $2
          WHERE recipient_id = $1 AND incident_id IS NOT NULL AND read_at IS NULL RETURNING id)
       SELECT id FROM u`,
      [me, this.clock.now()],
    );
    return rows.length;
  }
}
