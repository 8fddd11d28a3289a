import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { DataSource, EntityManager } from 'typeorm';

import type { NotificationsConfig } from '@tocsin/core';

import { DeliveryError, scrub } from './channel';

/** AES-256-GCM with a key derived from the app secret: what the database holds is useless alone. */
class TokenCipher {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', appSecret, 'tocsin', 'zalo-oa-token', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
/** Refresh this long before the access token expires (at most half its lifetime). */
const REFRESH_MARGIN_MS = 60 * 60_000;
/** Row-less lock shared by every process: the last guard around the single-use refresh token. */
const TOKEN_LOCK = 7_254_010;
/** A refused refresh token is not offered again for this long (it is single-use and now dead). */
const REFUSAL_MEMO_MS = 60 * 60_000;
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

interface TokenRow {
  access_token_enc: string;
  refresh_token_enc: string;
  access_expires_at: Date;
  updated_at: Date;
  seed_hash: string;
}

/** Where the refresher reports each refresh it made (a metric in the worker). */
export type RefreshListener = (outcome: 'refreshed' | 'refused' | 'failed') => void;

/**
 * The OA access token, refreshed from the refresh token before it expires. The database is the
 * truth (`zalo_oa_token`, both tokens encrypted); a refresh is single-flight: within a process
 * every delivery that needs a token waits for the same promise; across processes a Redis lock
 * lets one refresh while the others re-read the database until the new pair is there, and a
 * PostgreSQL advisory lock around the write keeps the single-use refresh token safe even if the
 * Redis lock expired. A refused refresh is remembered (in Redis and in the process) for the
 * refresh token that was refused, so it is one event and one request to Zalo, not one per delivery.
 */
export class ZaloTokenRefresher {
  private readonly logger = new Logger('ZaloToken');
  private readonly cipher: TokenCipher;
  private cached?: { token: string; expiresAt: number; issuedAt: number };
  private inflight?: Promise<string>;
  private refused?: { hash: string; message: string; until: number };

  constructor(
    private readonly config: NotificationsConfig,
    private readonly dataSource: DataSource,
    private readonly redis?: { client: Redis; prefix: string },
    private readonly onRefresh?: RefreshListener,
  ) {
    this.cipher = new TokenCipher(config.zalo?.appSecret ?? 'off');
  }

  private get zalo() {
    if (!this.config.zalo) throw new DeliveryError('rejected', 'Zalo is not configured');
    return this.config.zalo;
  }

  private fresh(expiresAt: number, issuedAt: number): boolean {
    const margin = Math.min(REFRESH_MARGIN_MS, Math.max(0, expiresAt - issuedAt) / 2);
    return expiresAt - Date.now() > margin;
  }

  /** A valid access token; `stale` (refused by Zalo) forces a refresh unless it was replaced already. */
  async accessToken(stale?: string): Promise<string> {
    for (let round = 0; round < 3; round++) {
      const c = this.cached;
      if (c && c.token !== stale && this.fresh(c.expiresAt, c.issuedAt)) return c.token;
      this.inflight ??= this.obtain(stale).finally(() => (this.inflight = undefined));
      const token = await this.inflight;
      // Joined a refresh started for another reason that returned the token we know is stale: again.
      if (token !== stale) return token;
    }
    throw new DeliveryError('retry', 'Zalo token refresh: no new token yet');
  }

  private async obtain(stale?: string): Promise<string> {
    const started = Date.now();
    const lockKey = this.redis && `${this.redis.prefix}:zalo:token-refresh`;
    for (;;) {
      const usable = await this.fromDatabase(this.dataSource.manager, stale);
      if (usable) return usable;
      await this.throwIfRefused();
      const owner = randomUUID();
      const locked =
        !this.redis ||
        (await this.redis.client.set(lockKey!, owner, 'PX', this.config.sendTimeoutMs + 5_000, 'NX')) ===
          'OK';
      if (!locked) {
        // Another process is refreshing: the new pair will be in the database.
        if (Date.now() - started > this.config.sendTimeoutMs)
          throw new DeliveryError('retry', 'Zalo token refresh: still in progress elsewhere');
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      try {
        return await this.refreshUnderLock(stale);
      } finally {
        if (this.redis) await this.redis.client.eval(RELEASE_LOCK, 1, lockKey!, owner).catch(() => undefined);
      }
    }
  }

  /** The stored access token when it belongs to the configured seed, is not `stale` and is fresh. */
  private async fromDatabase(em: EntityManager, stale?: string): Promise<string | null> {
    const [row] = await em.query<TokenRow[]>(
      'SELECT access_token_enc, refresh_token_enc, access_expires_at, updated_at, seed_hash FROM zalo_oa_token WHERE id = 1',
    );
    if (!row || row.seed_hash !== sha256(this.zalo.refreshToken)) return null;
    const access = this.cipher.open(row.access_token_enc);
    const expiresAt = new Date(row.access_expires_at).getTime();
    const issuedAt = new Date(row.updated_at).getTime();
    if (access === stale || !this.fresh(expiresAt, issuedAt)) return null;
    this.cached = { token: access, expiresAt, issuedAt };
    return access;
  }

  /** The refresh token to use next: the stored one of this seed, else the configured one. */
  private async currentRefreshToken(em: EntityManager): Promise<string> {
    const [row] = await em.query<TokenRow[]>(
      'SELECT refresh_token_enc, seed_hash FROM zalo_oa_token WHERE id = 1',
    );
    return row && row.seed_hash === sha256(this.zalo.refreshToken)
      ? this.cipher.open(row.refresh_token_enc)
      : this.zalo.refreshToken;
  }

  private refusalKey(hash: string): string | undefined {
    return this.redis && `${this.redis.prefix}:zalo:refused:${hash}`;
  }

  /** A refresh token Zalo already refused is not offered again: the same error, no request. */
  private async throwIfRefused(): Promise<void> {
    const hash = sha256(await this.currentRefreshToken(this.dataSource.manager));
    if (this.refused && this.refused.hash === hash && this.refused.until > Date.now())
      throw new DeliveryError('rejected', this.refused.message);
    const key = this.refusalKey(hash);
    const message = key ? await this.redis!.client.get(key) : null;
    if (message) {
      this.refused = { hash, message, until: Date.now() + REFUSAL_MEMO_MS };
      throw new DeliveryError('rejected', message);
    }
  }

  private refreshUnderLock(stale?: string): Promise<string> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [TOKEN_LOCK]);
      const usable = await this.fromDatabase(em, stale);
      if (usable) return usable;
      const refreshToken = await this.currentRefreshToken(em);
      let fresh: Awaited<ReturnType<ZaloTokenRefresher['refresh']>>;
      try {
        fresh = await this.refresh(refreshToken);
      } catch (error) {
        if (error instanceof DeliveryError && error.kind === 'rejected') {
          const hash = sha256(refreshToken);
          this.refused = { hash, message: error.message, until: Date.now() + REFUSAL_MEMO_MS };
          const key = this.refusalKey(hash);
          if (key) await this.redis!.client.set(key, error.message, 'PX', REFUSAL_MEMO_MS);
          this.onRefresh?.('refused');
          this.logger.error(
            { error: error.message },
            'Zalo refused the token refresh: re-authorise the OA and configure a new ZALO_REFRESH_TOKEN',
          );
        } else this.onRefresh?.('failed');
        throw error;
      }
      const now = Date.now();
      const expiresAt = now + fresh.expiresInSeconds * 1000;
      await em.query(
        `INSERT INTO zalo_oa_token (id, access_token_enc, refresh_token_enc, access_expires_at, seed_hash, updated_at)
         VALUES (1, $1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET access_token_enc = $1, refresh_token_enc = $2, access_expires_at = $3,
                                        seed_hash = $4, updated_at = $5`,
        [
          this.cipher.seal(fresh.accessToken),
          this.cipher.seal(fresh.refreshToken),
          new Date(expiresAt),
          sha256(this.zalo.refreshToken),
          new Date(now),
        ],
      );
      this.cached = { token: fresh.accessToken, expiresAt, issuedAt: now };
      this.onRefresh?.('refreshed');
      return fresh.accessToken;
    });
  }

  private async refresh(
    refreshToken: string,
  ): Promise<{ accessToken: string; refreshToken: string; expiresInSeconds: number }> {
    const zalo = this.zalo;
    let body: {
      access_token?: string;
      refresh_token?: string;
      expires_in?: string | number;
      error?: number;
      error_name?: string;
      message?: string;
    };
    try {
      const res = await fetch(`${zalo.oauthUrl}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: zalo.appSecret },
        body: new URLSearchParams({
          refresh_token: refreshToken,
          app_id: zalo.appId,
          grant_type: 'refresh_token',
        }),
        signal: AbortSignal.timeout(this.config.sendTimeoutMs),
      });
      if (res.status >= 500 || res.status === 429)
        throw new DeliveryError('retry', `Zalo token refresh: HTTP ${res.status}`);
      body = (await res.json()) as typeof body;
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      // Nothing is sent to a follower here, so a lost answer is simply retried later.
      throw new DeliveryError('retry', 'Zalo token refresh: no answer');
    }
    if (!body.access_token || !body.refresh_token) {
      throw new DeliveryError(
        'rejected',
        scrub(`Zalo token refresh refused (${body.error ?? '?'} ${body.error_name ?? body.message ?? ''})`, [
          refreshToken,
          zalo.appSecret,
        ]),
      );
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresInSeconds: Math.max(60, Number(body.expires_in ?? 3600) || 3600),
    };
  }
}
