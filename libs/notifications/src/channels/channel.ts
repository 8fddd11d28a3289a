import type { NotificationChannel } from '../notification.enums';

/** One message ready to leave: the address and what each kind of channel shows. */
export interface OutboundMessage {
  notificationId: string;
  /** Null for a contact test. */
  incidentId: string | null;
  address: string;
  /** Email subject (carries the incident code). */
  subject: string;
  /** Plain text: the email's text part, and the chat message. */
  text: string;
  /** The email's HTML part. */
  html: string;
  /** Chat buttons: acknowledge (callback data) and open (URL). */
  buttons: { ack?: { label: string; data: string }; open?: { label: string; url: string } };
  /** Email threading: one thread per incident. */
  thread?: { messageId: string; references: string };
  /** Web push: the subscription's keys (the address is its endpoint), what the service worker shows, how urgent. */
  push?: { p256dh: string; auth: string; payload: WebPushPayload; urgency: 'normal' | 'high' };
}

/**
 * What a browser's service worker receives (apps/web/public/sw.js): everything it shows and does,
 * already in the recipient's language, because it cannot ask the api first.
 */
export interface WebPushPayload {
  v: 1;
  notificationId: string;
  /** Null for a contact test. */
  incidentId: string | null;
  code: string | null;
  title: string;
  body: string;
  /** Path opened by "Open" (same origin as the service worker). */
  url: string;
  /** One notification per incident on the device: a new one replaces the old. */
  tag: string;
  /** Single-use, signed; posted to /notifications/ack/<token> by "Acknowledge". Absent: no such action. */
  ackToken?: string;
  labels: { acknowledge: string; open: string; acknowledged: string; failed: string };
  lang: 'vi' | 'en';
}

export interface SendResult {
  providerMessageId: string | null;
}

/**
 * How a failed send ends:
 * - retry: nothing was delivered (refused connection, 5xx, rate limit): try again later;
 * - permanent: this address will never work (bot blocked, unknown address, not following):
 *   the contact method is marked failed and the next channel takes over;
 * - rejected: the provider refused this message or our settings (bad token, bad request): the
 *   delivery fails and the next channel takes over, the address is not blamed;
 * - unknown: the request left and no answer came: it may have been delivered, so it is never
 *   sent again on this channel (that could duplicate); counted, shown, and the next channel takes over.
 */
export type FailureKind = 'retry' | 'permanent' | 'rejected' | 'unknown';

export class DeliveryError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** What the provider asked us to wait (Telegram retry_after). */
    readonly retryAfterMs?: number,
    /**
     * Whom the wait is for: the whole channel (Telegram's bot-wide limit: the queue pauses) or only
     * this address (a push service throttling one subscription: only this delivery waits).
     */
    readonly waitScope: 'channel' | 'address' = 'channel',
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * Called by a sender at the moment the message's bytes may leave (SMTP: the DATA phase began;
 * HTTP: just before the request is written). Resolves true once that is recorded and committed;
 * false when the claim is no longer this worker's: the sender must then not send (ClaimLost).
 */
export type HandOver = () => Promise<boolean>;

/** Thrown by a sender whose hand-over found the claim taken over: nothing was sent. */
export class ClaimLost extends Error {
  constructor() {
    super('The claim was taken over before sending; not sent');
    this.name = 'ClaimLost';
  }
}

/** The one interface every outward channel implements. */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  /** False when the channel has no settings: it is off, and says so. */
  readonly configured: boolean;
  send(message: OutboundMessage, handOver?: HandOver): Promise<SendResult>;
  close?(): Promise<void>;
}

/** Network error codes that mean the request never reached the provider (safe to retry). */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** Walks an error's `cause` chain for a Node network error code. */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code) && code !== 'ETELEGRAM' && code !== 'EFETCH')
      return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function neverLeft(error: unknown): boolean {
  const code = networkCode(error);
  return code !== undefined && NOT_SENT.has(code);
}

/** Removes a secret from a text before it is stored or logged. */
export function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('***');
  return out.slice(0, 500);
}
