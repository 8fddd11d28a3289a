import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AccessPolicy, Action, Actor, ApiKeyActor, RequestMeta } from '@tocsin/access';
import { AuditAction, AuditService } from '@tocsin/audit';
import { AppException, Clock } from '@tocsin/core';

import { CreateApiKeyInput } from './api-key.model';
import { ApiKeyEntity } from './api-key.entity';

export const API_KEY_PREFIX = 'tsk_';
const LAST_USED_RESOLUTION_MS = 60_000;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<ApiKeyEntity[]> {
    AccessPolicy.assert(actor, Action.ReadApiKeys);
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC' } });
  }

  /** Returns the key once; only its hash is stored. */
  async create(
    actor: Actor,
    meta: RequestMeta,
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    AccessPolicy.assert(actor, Action.CreateApiKey);
    if (actor.kind !== 'user') throw AppException.forbidden('Only a person can create API keys');
    if (input.expiresAt && input.expiresAt <= this.clock.now()) {
      throw AppException.badInput('expiresAt must be in the future', { field: 'expiresAt' });
    }
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const apiKey = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        em.create(ApiKeyEntity, {
          name: input.name.trim(),
          prefix: secret.slice(0, 12),
          keyHash: sha256(secret),
          scopes: [...new Set(input.scopes)],
          createdById: actor.id,
          expiresAt: input.expiresAt ?? null,
        }),
      );
      const created = await em.findOneByOrFail(ApiKeyEntity, { id: saved.id });
      // keyHash is not selected, and the audit trail drops such keys anyway: never the key or its hash.
      await this.audit.append(em, {
        actor,
        action: AuditAction.ApiKeyCreated,
        entityType: 'api_key',
        entityId: created.id,
        after: { ...created },
        meta,
      });
      return created;
    });
    return { apiKey, secret };
  }

  async revoke(actor: Actor, meta: RequestMeta, id: string): Promise<ApiKeyEntity> {
    AccessPolicy.assert(actor, Action.RevokeApiKey);
    return this.dataSource.transaction(async (em) => {
      const key = await em.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw AppException.notFound('ApiKey', id);
      if (!key.revokedAt) {
        key.revokedAt = this.clock.now();
        await em.save(key);
        await this.audit.append(em, {
          actor,
          action: AuditAction.ApiKeyRevoked,
          entityType: 'api_key',
          entityId: key.id,
          before: { revokedAt: null },
          after: { name: key.name, prefix: key.prefix, revokedAt: key.revokedAt },
          meta,
        });
      }
      return key;
    });
  }

  /** Checks a presented key; records its last use at most once a minute to keep reads cheap. */
  async authenticate(secret: string, ip: string | undefined): Promise<ApiKeyActor> {
    if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 100) {
      throw AppException.unauthenticated('Invalid API key', { reason: 'INVALID_API_KEY' });
    }
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    const key = await repo.findOneBy({ keyHash: sha256(secret) });
    const now = this.clock.now();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) {
      throw AppException.unauthenticated('Invalid API key', { reason: 'INVALID_API_KEY' });
    }
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await repo.update({ id: key.id }, { lastUsedAt: now, lastUsedIp: ip ?? null });
    }
    return { kind: 'apiKey', id: key.id, scopes: key.scopes };
  }
}
