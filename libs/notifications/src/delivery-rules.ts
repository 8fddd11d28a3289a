import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

import { DateTime } from 'luxon';

import { NotificationChannel } from './notification.enums';

/**
 * Outward channels in their default order (a person with no preferences gets all of them). Web
 * push comes before email: it rings the phone, and is acknowledged with one tap.
 */
export const OUTWARD_CHANNELS: NotificationChannel[] = [
  NotificationChannel.TELEGRAM,
  NotificationChannel.ZALO,
  NotificationChannel.WEB_PUSH,
  NotificationChannel.EMAIL,
];

/**
 * Exponential back-off with jitter: attempt 1 waits about `base`, each next one twice as long,
 * capped at an hour; the wait is drawn between half and all of that (so retries spread out).
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
  maxMs = 3_600_000,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 40) - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** HH:mm, 00:00–23:59 (quiet hours). */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * If `now` falls inside the quiet hours [start, end) in the time zone, the moment they end;
 * otherwise null. Quiet hours may wrap midnight (22:00–06:00). Equal start and end: none.
 */
export function quietUntil(
  now: Date,
  timeZone: string,
  start: string | null,
  end: string | null,
): Date | null {
  if (!start || !end || start === end || !TIME_OF_DAY.test(start) || !TIME_OF_DAY.test(end)) return null;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) return null;
  const minutes = local.hour * 60 + local.minute;
  const [sh, sm] = start.split(':').map(Number);
  const [eh, em] = end.split(':').map(Number);
  const s = sh * 60 + sm;
  const e = eh * 60 + em;
  const inside = s < e ? minutes >= s && minutes < e : minutes >= s || minutes < e;
  if (!inside) return null;
  let until = local.set({ hour: eh, minute: em, second: 0, millisecond: 0 });
  if (until <= local) until = until.plus({ days: 1 });
  return until.toJSDate();
}

/** The key ack links are signed with, derived from the JWT secret (shared by every api). */
export function ackKey(jwtSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'tocsin', 'notification-ack-link', 32));
}

const b64url = (buf: Buffer): string => buf.toString('base64url');

/** `<id>.<expiry seconds>.<signature>`; the id names a single-use row in notification_ack_token. */
export function signAckToken(key: Buffer, id: string, expiresAt: Date): string {
  const idPart = b64url(Buffer.from(id.replace(/-/g, ''), 'hex'));
  const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
  const sig = b64url(createHmac('sha256', key).update(`ack.${idPart}.${exp}`).digest());
  return `${idPart}.${exp}.${sig}`;
}

export type AckTokenCheck = { ok: true; id: string } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyAckToken(key: Buffer, token: string, now: Date): AckTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 200) return { ok: false, reason: 'invalid' };
  const [idPart, exp, sig] = parts;
  const expected = createHmac('sha256', key).update(`ack.${idPart}.${exp}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  const hex = Buffer.from(idPart, 'base64url').toString('hex');
  if (hex.length !== 32) return { ok: false, reason: 'invalid' };
  if (parseInt(exp, 36) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { ok: true, id };
}

/**
 * Zalo's webhook signature: `X-ZEvent-Signature: mac=<hex sha256(app_id + raw body + timestamp +
 * OA secret key)>`, with app_id and timestamp taken from the body. Compared in constant time.
 */
export function zaloSignatureValid(input: {
  header: string | undefined;
  rawBody: string;
  appId: string;
  timestamp: string;
  oaSecretKey: string;
}): boolean {
  if (!input.header) return false;
  const given = input.header.trim().replace(/^mac=/i, '').toLowerCase();
  const expected = createHmacFree(`${input.appId}${input.rawBody}${input.timestamp}${input.oaSecretKey}`);
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Zalo signs its event timestamp (milliseconds) but a signature never expires: a captured event
 * would verify for ever. Events further than the allowed age from now, either way, are refused.
 */
export function zaloEventFresh(timestamp: unknown, now: Date, maxAgeSeconds: number): boolean {
  const ms =
    typeof timestamp === 'number' ? timestamp : Number(typeof timestamp === 'string' ? timestamp : NaN);
  if (!Number.isFinite(ms) || ms <= 0) return false;
  return Math.abs(now.getTime() - ms) <= maxAgeSeconds * 1000;
}

function createHmacFree(data: string): string {
  // Zalo's MAC is a plain SHA-256 over the concatenation (the secret is inside), not an HMAC.
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** Constant-time comparison of a shared secret header (Telegram's secret token). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
