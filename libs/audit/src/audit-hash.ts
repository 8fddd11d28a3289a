import * as crypto from 'node:crypto';

import { canonicalJson } from './canonical-json';

/** The previous hash of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Exactly what a row's hash covers (docs/audit.md): every column but `hash`, with
 * `sequence` as a JSON number and `occurredAt` as an ISO 8601 UTC string with milliseconds
 * (`2026-05-01T07:30:00.123Z`). Absent values are null, never left out.
 */
export interface AuditHashContent {
  id: string;
  sequence: number;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  previousHash: string;
}

const str = (value: string): string => JSON.stringify(value);
const strOrNull = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));
const objOrNull = (value: Record<string, unknown> | null): string =>
  value === null ? 'null' : canonicalJson(value);

/**
 * The RFC 8785 canonical JSON of the content: the exact bytes (as UTF-8) that are hashed.
 * Equal to `canonicalJson({...all thirteen members})` (the spec checks it); the top level is
 * written out in its canonical member order because verification runs this a million times.
 */
export function auditHashInput(c: AuditHashContent): string {
  if (!Number.isSafeInteger(c.sequence)) throw new TypeError(`Bad audit sequence ${c.sequence}`);
  return (
    '{"action":' +
    str(c.action) +
    ',"actorId":' +
    strOrNull(c.actorId) +
    ',"actorRole":' +
    strOrNull(c.actorRole) +
    ',"after":' +
    objOrNull(c.after) +
    ',"before":' +
    objOrNull(c.before) +
    ',"entityId":' +
    strOrNull(c.entityId) +
    ',"entityType":' +
    str(c.entityType) +
    ',"id":' +
    str(c.id) +
    ',"ip":' +
    strOrNull(c.ip) +
    ',"occurredAt":' +
    str(c.occurredAt) +
    ',"previousHash":' +
    str(c.previousHash) +
    ',"requestId":' +
    strOrNull(c.requestId) +
    ',"sequence":' +
    String(c.sequence) +
    '}'
  );
}

/**
 * Lower-case hex SHA-256 of a string (as UTF-8) or bytes. One-shot `crypto.hash` (Node ≥ 20.12)
 * is about a third cheaper than createHash for inputs this short.
 */
export const sha256Hex: (input: string | Buffer) => string =
  typeof crypto.hash === 'function'
    ? (input) => crypto.hash('sha256', input, 'hex')
    : (input) => crypto.createHash('sha256').update(input).digest('hex');

/** Lower-case hex SHA-256 of the canonical content (UTF-8). */
export function auditHash(content: AuditHashContent): string {
  return sha256Hex(auditHashInput(content));
}
