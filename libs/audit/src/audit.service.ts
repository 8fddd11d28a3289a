import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

import { AccessPolicy, Action, Actor, IncidentAccess, RequestMeta } from '@tocsin/access';
import {
  APP_CONFIG,
  AppConfig,
  AppException,
  Clock,
  Connection,
  decodeCursor,
  MAX_PAGE_SIZE,
  toConnection,
} from '@tocsin/core';

import { AuditEventEntity } from './audit-event.entity';
import { auditHash, AuditHashContent } from './audit-hash';
import { AUDIT_CHECKPOINT_KEYS } from './checkpoints/audit-checkpoint.service';
import { readCheckpointDirectory } from './checkpoints/checkpoint-directory';
import type { CheckpointKeys } from './checkpoints/checkpoint-keys';
import { ChainReport, verifyChainOn } from './checkpoints/verify-chain';
import { canonicalJson } from './canonical-json';
import { redact } from './redact';

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  meta?: RequestMeta;
}

const INSERT_AND_ADVANCE = `
  WITH appended AS (
    INSERT INTO audit_event (id, sequence, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
                             before, after, request_id, ip, previous_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10::json, $11, $12, $13, $14)
    RETURNING sequence, hash)
  UPDATE audit_chain_head h SET last_sequence = appended.sequence, last_hash = appended.hash
    FROM appended WHERE h.id = 1`;

function actorColumns(actor: Actor | null): { actorId: string | null; actorRole: string | null } {
  if (!actor) return { actorId: null, actorRole: null };
  return actor.kind === 'user'
    ? { actorId: actor.id, actorRole: actor.role }
    : { actorId: actor.id, actorRole: 'API_KEY' };
}

/** The hashed content of an entity about to be stored. */
export function hashContentOf(row: Omit<AuditEventEntity, 'hash'>): AuditHashContent {
  return {
    id: row.id,
    sequence: Number(row.sequence),
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
    ip: row.ip,
    previousHash: row.previousHash,
  };
}

/** Audited entity types that belong to an incident: their trail is only as visible as the incident. */
const INCIDENT_BOUND_TYPES = [
  'incident',
  'incident_comment',
  'incident_observable',
  'incident_task',
  'incident_task_comment',
  'incident_sla_pause',
  'notification',
];

/** Records that are not part of an incident, readable by anyone allowed to read audit trails. */
const RECORD_TABLES = [
  'user',
  'agency',
  'information_system',
  'team',
  'schedule',
  'rotation_layer',
  'schedule_override',
  'escalation_chain',
  'escalation_policy',
  'sla_policy',
  'runbook_version',
  'api_key',
  'contact_method',
];

interface AuditSubjectRow {
  incident_id: string | null;
  red_item: boolean;
  agency_id: string | null;
  tlp: string | null;
  reporter_id: string | null;
  assignee_id: string | null;
  participants: string[] | null;
  known_record: boolean;
}

/** What an entity id is: the incident it belongs to (with its access facts), or a known record. */
const AUDIT_SUBJECT_SQL = `
  WITH s AS (
    SELECT coalesce(
             (SELECT id FROM incident WHERE id = $1),
             (SELECT incident_id FROM incident_comment WHERE id = $1),
             (SELECT incident_id FROM incident_observable WHERE id = $1),
             (SELECT incident_id FROM incident_task WHERE id = $1),
             (SELECT incident_id FROM incident_task_comment WHERE id = $1),
             (SELECT incident_id FROM incident_sla_pause WHERE id = $1),
             (SELECT incident_id FROM notification WHERE id = $1)) AS incident_id,
           EXISTS (SELECT 1 FROM incident_observable WHERE id = $1 AND tlp::text = 'RED') AS red_item)
  SELECT s.incident_id, s.red_item, i.agency_id, i.tlp::text AS tlp, i.reporter_id, i.assignee_id,
         (SELECT coalesce(array_agg(p.user_id), '{}')::text[] FROM incident_participant p WHERE p.incident_id = i.id)
           AS participants,
         (${RECORD_TABLES.map((t) => `EXISTS (SELECT 1 FROM "${t}" WHERE id = $1)`).join(' OR ')}
          OR EXISTS (SELECT 1 FROM notification WHERE id = $1 AND incident_id IS NULL)
          OR (EXISTS (SELECT 1 FROM audit_event WHERE entity_id = $1)
              AND NOT EXISTS (SELECT 1 FROM audit_event WHERE entity_id = $1
                                AND entity_type IN (${INCIDENT_BOUND_TYPES.map((t) => `'${t}'`).join(', ')})))
         ) AS known_record
    FROM s LEFT JOIN incident i ON i.id = s.incident_id`;

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUDIT_CHECKPOINT_KEYS) private readonly keys: CheckpointKeys | null,
  ) {}

  /**
   * Appends inside the caller's transaction (em = the transaction's EntityManager). Locks the
   * chain head until that transaction ends, so call it as the transaction's last write: every
   * audited transaction queues behind the head for the time between this call and its commit.
   */
  async append(em: EntityManager, entry: AuditEntry): Promise<AuditEventEntity> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside the transaction of the change');
    }
    if (entry.action.length > 64 || entry.entityType.length > 64) {
      throw new Error(`Audit action or entity type too long: ${entry.action} ${entry.entityType}`);
    }
    const [head] = await em.query<{ last_sequence: string; last_hash: string }[]>(
      'SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
    );
    if (!head) throw new Error('audit_chain_head has no row: run the migrations');
    const row = Object.assign(new AuditEventEntity(), {
      id: randomUUID(),
      sequence: String(Number(head.last_sequence) + 1),
      // Taken after the lock, so times follow the sequence (on one clock).
      occurredAt: this.clock.now(),
      ...actorColumns(entry.actor),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: redact(entry.before),
      after: redact(entry.after),
      requestId: entry.meta?.requestId?.slice(0, 100) ?? null,
      ip: entry.meta?.ip?.slice(0, 64) ?? null,
      previousHash: head.last_hash,
    });
    row.hash = auditHash(hashContentOf(row));
    await em.query(INSERT_AND_ADVANCE, [
      row.id,
      row.sequence,
      row.occurredAt.toISOString(),
      row.actorId,
      row.actorRole,
      row.action,
      row.entityType,
      row.entityId,
      // Stored as the exact canonical text that was hashed (a json column keeps text as it is).
      row.before === null ? null : canonicalJson(row.before),
      row.after === null ? null : canonicalJson(row.after),
      row.requestId,
      row.ip,
      row.previousHash,
      row.hash,
    ]);
    return row;
  }

  /** The events about one entity, oldest first (a timeline), paged by sequence. */
  async trail(
    actor: Actor,
    entityId: string,
    first: number,
    after?: string,
  ): Promise<Connection<AuditEventEntity>> {
    AccessPolicy.assert(actor, Action.ReadAuditTrail);
    await this.assertEntityVisible(actor, entityId);
    const limit = Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
    const repo = this.dataSource.getRepository(AuditEventEntity);
    const qb = repo
      .createQueryBuilder('e')
      .where('e.entityId = :entityId', { entityId })
      .orderBy('e.sequence', 'ASC')
      .limit(limit + 1);
    if (after !== undefined) {
      const [sequence] = decodeCursor(after);
      if (typeof sequence !== 'string' || !/^[0-9]{1,18}$/.test(sequence)) {
        throw AppException.badInput('Invalid cursor', { field: 'after' });
      }
      qb.andWhere('e.sequence > :sequence', { sequence });
    }
    const [rows, total] = await Promise.all([qb.getMany(), repo.countBy({ entityId })]);
    return toConnection(rows, limit, total, (row) => [row.sequence], after !== undefined);
  }

  /**
   * One visibility decision for every id the trail accepts, and the same answer (NOT_FOUND) for
   * an id that is hidden and one that does not exist, so the trail is no existence oracle:
   * - anything that belongs to an incident (the incident, its comments, observables, tasks, task
   *   comments, notifications, SLA pauses) is visible when the incident is, and a TLP:RED
   *   observable only to those who could see a TLP:RED incident there (IncidentAccess.canSee);
   * - other records (users, agencies, teams, chains, policies, keys…) are visible to whoever may
   *   read audit trails at all (AccessPolicy, checked before);
   * - an id that is neither, but has events of a kind not bound to an incident (a deleted
   *   record), shows them; anything else is NOT_FOUND.
   * Read by table name, so the audit library does not depend on the libraries above it.
   */
  private async assertEntityVisible(actor: Actor, entityId: string): Promise<void> {
    const [row] = await this.dataSource.query<AuditSubjectRow[]>(AUDIT_SUBJECT_SQL, [entityId]);
    if (row?.incident_id) {
      const subject = {
        agencyId: row.agency_id!,
        tlp: row.red_item ? 'RED' : row.tlp!,
        reporterId: row.reporter_id,
        assigneeId: row.assignee_id,
        participantIds: row.participants ?? [],
      };
      if (IncidentAccess.canSee(actor, subject)) return;
    } else if (row?.known_record) {
      return;
    }
    throw AppException.notFound('Audit trail', entityId);
  }

  async verify(actor: Actor): Promise<ChainReport> {
    AccessPolicy.assert(actor, Action.VerifyAuditChain);
    return this.verifyChain();
  }

  /**
   * Re-reads the whole chain and compares it with the signed checkpoints in the checkpoint
   * directory (when one is configured and a key is available): see verifyChainOn.
   */
  async verifyChain(): Promise<ChainReport> {
    const directory = this.config.audit.directory;
    const checkpoints =
      directory && this.keys ? await readCheckpointDirectory(directory, this.keys.publicKey) : undefined;
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      return await verifyChainOn(client, checkpoints);
    } finally {
      await runner.release();
    }
  }
}
