import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import type { NotificationsConfig } from '@tocsin/core';

import { DeliveryError, neverLeft, scrub } from './channel';

/*
 * Our own small client for the Zalo Official Account Open API v3, on `fetch`. The `zalo-sdk`
 * package on npm targets the retired v2 message API (Zalo answers -240 "MessageV2 API has been
 * shut down") and is built on the deprecated `request` library, so it is neither usable nor
 * maintainable here; the three calls we need fit in this file.
 *
 * Shapes checked against Zalo's documentation (developers.zalo.me, "Gửi tin Tư vấn", "Xác thực
 * và ủy quyền", webhook "Tổng quan"), 2026:
 * - POST {api}/v3.0/oa/message/cs, header `access_token`, body
 *   `{ recipient: { user_id }, message: { text } }`; the answer is HTTP 200 with
 *   `{ error: 0, message, data: { message_id, user_id } }`, or a non-zero `error`.
 * - POST {oauth}/v4/oa/access_token, header `secret_key: <app secret>`, form
 *   `refresh_token, app_id, grant_type=refresh_token`; answers `{ access_token, refresh_token,
 *   expires_in }` (seconds, a string; ~25 h). Refresh tokens are single-use and rotate.
 * - Webhook header `X-ZEvent-Signature: mac=sha256(app_id + raw body + timestamp + OA secret key)`.
 */

/** Access token invalid / expired: refresh once, then try again. */
export const ZALO_TOKEN_ERRORS = new Set([-216, -220]);
/** Rate limits and quotas: try again later. */
export const ZALO_RETRY_LATER = new Set([-32, -211, -218]);
/**
 * This follower cannot be messaged through the OA (not following, outside the interaction window,
 * banned or inactive, restricted this kind of message): permanent for this channel.
 */
export const ZALO_UNREACHABLE = new Set([-213, -227, -230, -232, -244]);

export class ZaloApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Zalo ${code}: ${message}`.slice(0, 300));
  }
}

/** Classifies a Zalo answer or transport error (see the FailureKind notes in channel.ts). */
export function classifyZaloError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof ZaloApiError) {
    if (ZALO_RETRY_LATER.has(error.code)) return new DeliveryError('retry', error.message);
    if (ZALO_UNREACHABLE.has(error.code)) return new DeliveryError('permanent', error.message);
    return new DeliveryError('rejected', error.message);
  }
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DeliveryError(
      'unknown',
      'Zalo: no answer in time after sending; the message may have been delivered',
    );
  }
  if (neverLeft(error)) return new DeliveryError('retry', 'Zalo: connection refused');
  return new DeliveryError(
    'unknown',
    'Zalo: connection lost after sending; the message may have been delivered',
  );
}

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
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60 * 60_000;
/** Row-less lock shared by every process: one refresh at a time (refresh tokens are single-use). */
const TOKEN_LOCK = 7_254_010;

/**
 * The OA access token, refreshed from the refresh token before it expires. Both tokens live
 * encrypted in `zalo_oa_token`; refreshing takes an advisory lock, so with several workers only
 * one uses the single-use refresh token and the others read the new pair.
 */
export class ZaloClient {
  private readonly cipher: TokenCipher;
  private cached?: { token: string; expiresAt: number };

  constructor(
    private readonly config: NotificationsConfig,
    private readonly dataSource: DataSource,
  ) {
    this.cipher = new TokenCipher(config.zalo?.appSecret ?? 'off');
  }

  private get zalo() {
    if (!this.config.zalo) throw new DeliveryError('rejected', 'Zalo is not configured');
    return this.config.zalo;
  }

  /** A valid access token; `stale` forces a refresh unless another process already replaced it. */
  async accessToken(stale?: string): Promise<string> {
    const now = Date.now();
    if (this.cached && this.cached.token !== stale && this.cached.expiresAt - now > REFRESH_MARGIN_MS) {
      return this.cached.token;
    }
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [TOKEN_LOCK]);
      const [row] = await em.query<
        { access_token_enc: string; refresh_token_enc: string; access_expires_at: Date; seed_hash: string }[]
      >(
        'SELECT access_token_enc, refresh_token_enc, access_expires_at, seed_hash FROM zalo_oa_token WHERE id = 1',
      );
      const seed = sha256(this.zalo.refreshToken);
      let refreshToken = this.zalo.refreshToken;
      if (row && row.seed_hash === seed) {
        const access = this.cipher.open(row.access_token_enc);
        const expiresAt = new Date(row.access_expires_at).getTime();
        if (access !== stale && expiresAt - Date.now() > REFRESH_MARGIN_MS) {
          this.cached = { token: access, expiresAt };
          return access;
        }
        refreshToken = this.cipher.open(row.refresh_token_enc);
      }
      const fresh = await this.refresh(refreshToken);
      const expiresAt = Date.now() + fresh.expiresInSeconds * 1000;
      await em.query(
        `INSERT INTO zalo_oa_token (id, access_token_enc, refresh_token_enc, access_expires_at, seed_hash, updated_at)
         VALUES (1, $1, $2, $3, $4, now())
         ON CONFLICT (id) DO UPDATE SET access_token_enc = $1, refresh_token_enc = $2, access_expires_at = $3,
                                        seed_hash = $4, updated_at = now()`,
        [
          this.cipher.seal(fresh.accessToken),
          this.cipher.seal(fresh.refreshToken),
          new Date(expiresAt),
          seed,
        ],
      );
      this.cached = { token: fresh.accessToken, expiresAt };
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

  /** A customer-service text message to a follower; refreshes the token once on -216/-220. */
  async sendText(userId: string, text: string): Promise<string | null> {
    let token = await this.accessToken();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.post('/v3.0/oa/message/cs', token, {
          recipient: { user_id: userId },
          message: { text },
        });
      } catch (error) {
        if (error instanceof ZaloApiError && ZALO_TOKEN_ERRORS.has(error.code) && attempt === 0) {
          token = await this.accessToken(token);
          continue;
        }
        const classified = classifyZaloError(error);
        throw new DeliveryError(classified.kind, scrub(classified.message, [token, this.zalo.appSecret]));
      }
    }
  }

  private async post(path: string, token: string, payload: unknown): Promise<string | null> {
    const res = await fetch(`${this.zalo.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: token },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(this.config.sendTimeoutMs),
    });
    if (res.status >= 500 || res.status === 429) {
      throw new DeliveryError('retry', `Zalo: HTTP ${res.status}`);
    }
    const body = (await res.json().catch(() => ({ error: -1, message: `HTTP ${res.status}` }))) as {
      error?: number;
      message?: string;
      data?: { message_id?: string };
    };
    if (body.error !== 0) throw new ZaloApiError(body.error ?? -1, body.message ?? 'error');
    return body.data?.message_id ?? null;
  }
}
