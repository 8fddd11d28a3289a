import type Redis from 'ioredis';
import { DataSource } from 'typeorm';

import type { NotificationsConfig } from '@tocsin/core';

import { ClaimLost, DeliveryError, HandOver, neverLeft, scrub } from './channel';
import { gatedFetch } from './gated-fetch';
import { RefreshListener, ZaloTokenRefresher } from './zalo-token-refresher';

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

/**
 * The OA Open API calls Tocsin makes; tokens come from the single-flight ZaloTokenRefresher.
 */
export class ZaloClient {
  readonly tokens: ZaloTokenRefresher;

  constructor(
    private readonly config: NotificationsConfig,
    dataSource: DataSource,
    redis?: { client: Redis; prefix: string },
    onRefresh?: RefreshListener,
  ) {
    this.tokens = new ZaloTokenRefresher(config, dataSource, redis, onRefresh);
  }

  private get zalo() {
    if (!this.config.zalo) throw new DeliveryError('rejected', 'Zalo is not configured');
    return this.config.zalo;
  }

  /** A valid access token; `stale` forces a refresh unless another process already replaced it. */
  accessToken(stale?: string): Promise<string> {
    return this.tokens.accessToken(stale);
  }

  /** A customer-service text message to a follower; refreshes the token once on -216/-220. */
  async sendText(userId: string, text: string, handOver?: HandOver): Promise<string | null> {
    let token = await this.accessToken();
    for (let attempt = 0; ; attempt++) {
      try {
        // The message's body leaves only once the hand-over is recorded (gated-fetch.ts).
        return await this.post(
          '/v3.0/oa/message/cs',
          token,
          { recipient: { user_id: userId }, message: { text } },
          handOver,
        );
      } catch (error) {
        if (error instanceof ClaimLost) throw error;
        if (error instanceof ZaloApiError && ZALO_TOKEN_ERRORS.has(error.code) && attempt === 0) {
          token = await this.accessToken(token);
          continue;
        }
        const classified = classifyZaloError(error);
        throw new DeliveryError(classified.kind, scrub(classified.message, [token, this.zalo.appSecret]));
      }
    }
  }

  private async post(
    path: string,
    token: string,
    payload: unknown,
    handOver?: HandOver,
  ): Promise<string | null> {
    const res = await gatedFetch(
      `${this.zalo.apiUrl}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: token },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.config.sendTimeoutMs),
      },
      handOver,
    );
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
