import { canonicalJson } from './canonical-json';

/**
 * Turns whatever a service hands the audit trail (entities, inputs) into plain JSON without
 * secrets, so it can be stored as JSON and hashed: keys that name a secret are dropped at any
 * depth, dates become ISO 8601 strings, undefined members and functions disappear, strings lose
 * what PostgreSQL cannot keep as text (NUL, lone surrogates), and nesting stops at MAX_DEPTH.
 */

/** Key names (lower-cased, without `_` or `-`) that are never stored. */
const SECRET_KEYS = new Set([
  'password',
  'passwordhash',
  'currentpassword',
  'newpassword',
  'token',
  'accesstoken',
  'refreshtoken',
  'refreshtokenhash',
  'secret',
  'keyhash',
  'apikey',
]);
/** Any key ending like this is a secret too (`smtpPassword`, `botToken`, `clientSecret`…). */
const SECRET_SUFFIXES = ['password', 'passwordhash', 'secret', 'token', 'tokenhash', 'keyhash'];

const MAX_DEPTH = 8;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((suffix) => k.endsWith(suffix));
}

// NUL has no place in PostgreSQL text; a lone surrogate is neither valid UTF-8 nor I-JSON (RFC 8785).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return value === null ? null : undefined;
  switch (typeof value) {
    case 'string':
      return value.replace(UNSTORABLE, '\uFFFD');
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined; // functions, symbols
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1) ?? null);
  if (Buffer.isBuffer(value)) return '[binary]';
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretKey(key)) continue;
    const cleaned = clean(member, depth + 1);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  return out;
}

/** A plain-JSON, secret-free copy of `value` (null stays null). */
export function redact(value: object | null | undefined): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return clean(value, 0) as Record<string, unknown>;
}

/**
 * The members that differ between two snapshots, for `updated` events: `before` holds their old
 * values, `after` the new ones (a member missing on one side is null there).
 */
export function changedFields(
  before: object,
  after: object,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const a = redact(before) ?? {};
  const b = redact(after) ?? {};
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (canonicalJson(a[key] ?? null) !== canonicalJson(b[key] ?? null)) {
      out.before[key] = a[key] ?? null;
      out.after[key] = b[key] ?? null;
    }
  }
  return out;
}
