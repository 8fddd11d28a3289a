import webpush from 'web-push';

import type { NotificationsConfig } from '@tocsin/core';

import { NotificationChannel } from '../notification.enums';
import {
  ChannelSender,
  ClaimLost,
  DeliveryError,
  HandOver,
  neverLeft,
  OutboundMessage,
  SendResult,
} from './channel';

/** Push services limit the encrypted body to 4096 bytes; RFC 8291 adds 103 (header, tag, padding). */
export const MAX_PUSH_PAYLOAD_BYTES = 3_800;

/** A Retry-After header (seconds or an HTTP date) in milliseconds; at least a second. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, seconds) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1000, at - now);
}

/** Classifies a push service's answer (RFC 8030 §5 and the services' documented codes). */
export function classifyPushStatus(status: number, retryAfter?: number): DeliveryError {
  const what = `Push service ${status}`;
  if (status === 404 || status === 410) {
    // The subscription expired or the person revoked permission: it will never work again.
    return new DeliveryError('permanent', `${what}: the subscription is gone`);
  }
  if (status === 429) return new DeliveryError('retry', `${what}: too many requests`, retryAfter, 'address');
  if (status >= 500) return new DeliveryError('retry', `${what}: temporary failure`, retryAfter, 'address');
  if (status === 413) return new DeliveryError('rejected', `${what}: message too large`);
  // 400 bad request, 401/403 VAPID refused (wrong key pair or subject): our side, not the address.
  return new DeliveryError('rejected', `${what}: refused`);
}

/**
 * Web Push with the `web-push` package for the protocol's two hard parts, VAPID (RFC 8292) and
 * the aes128gcm payload encryption (RFC 8291); the request itself goes out with fetch, so that a
 * time-out is ours to classify and a loopback test peer may be plain HTTP.
 */
export class WebPushChannel implements ChannelSender {
  readonly channel = NotificationChannel.WEB_PUSH;
  readonly configured: boolean;

  constructor(private readonly config: NotificationsConfig) {
    this.configured = Boolean(config.webPush);
  }

  async send(message: OutboundMessage, handOver?: HandOver): Promise<SendResult> {
    const settings = this.config.webPush;
    if (!settings || !message.push) throw new DeliveryError('rejected', 'Web push is not configured');
    const payload = Buffer.from(JSON.stringify(message.push.payload), 'utf8');
    if (payload.length > MAX_PUSH_PAYLOAD_BYTES) {
      throw new DeliveryError('rejected', `Push payload of ${payload.length} bytes is too large`);
    }
    let details: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      details = webpush.generateRequestDetails(
        { endpoint: message.address, keys: { p256dh: message.push.p256dh, auth: message.push.auth } },
        payload,
        {
          vapidDetails: {
            subject: settings.subject,
            publicKey: settings.publicKey,
            privateKey: settings.privateKey,
          },
          TTL: settings.ttlSeconds,
          urgency: message.push.urgency,
          contentEncoding: 'aes128gcm',
        },
      );
    } catch (error) {
      // Bad keys in the subscription (validated at subscribe time, so only a corrupted row).
      throw new DeliveryError('rejected', `Web push: ${(error as Error).message.slice(0, 200)}`);
    }
    // The hand-over is recorded just before the request is made: the encrypted body is small and
    // written at once, so from here on the message may have left (an unknown outcome, never re-sent).
    if (handOver && !(await handOver())) throw new ClaimLost();
    let response: Response;
    try {
      response = await fetch(details.endpoint, {
        method: 'POST',
        headers: details.headers as Record<string, string>,
        body: details.body ?? undefined,
        signal: AbortSignal.timeout(this.config.sendTimeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      if (neverLeft(error)) throw new DeliveryError('retry', 'Web push: the push service is unreachable');
      throw new DeliveryError(
        'unknown',
        (error as Error)?.name === 'TimeoutError'
          ? 'Web push: no answer in time after sending; the message may have been delivered'
          : 'Web push: connection lost after sending; the message may have been delivered',
      );
    }
    // The body is never needed (and may be large): release the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) {
      // RFC 8030 §5: 201 Created, Location names the push message resource.
      return { providerMessageId: response.headers.get('location')?.slice(0, 200) ?? null };
    }
    throw classifyPushStatus(response.status, retryAfterMs(response.headers.get('retry-after')));
  }
}
