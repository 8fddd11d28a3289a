import { GENESIS_HASH, sha256Hex } from './audit-hash';

export interface AuditVerification {
  ok: boolean;
  /** Rows read up to and including the first broken one (all rows when ok). */
  checked: number;
  /** The first row where the chain breaks (see docs/audit.md for what counts). */
  firstBrokenId: string | null;
}

/** A signed checkpoint (its signature already checked): the chain's row `sequence` had `hash`. */
export interface CheckpointRef {
  /** How the auditor finds it: the file name in the checkpoint directory. */
  name: string;
  sequence: number;
  hash: string;
  createdAt: string;
}

/**
 * HASH_MISMATCH: the row is there with another hash (rewritten); MISSING_ROW: the chain no longer
 * reaches it (cut off); CHAIN_BROKEN: the chain breaks before it; BAD_SIGNATURE, UNREADABLE: the
 * checkpoint itself is refused.
 */
export type CheckpointFailureReason =
  'HASH_MISMATCH' | 'MISSING_ROW' | 'CHAIN_BROKEN' | 'BAD_SIGNATURE' | 'UNREADABLE';

export interface CheckpointFailure extends CheckpointRef {
  reason: CheckpointFailureReason;
}

/**
 * What the verification reads, one COPY text line per row: the hashed columns in the canonical
 * (RFC 8785) order of their JSON member names, then the stored hash. PostgreSQL only reads and
 * sends; every hash is recomputed here.
 */
export const VERIFY_COPY_SQL = `COPY (
  SELECT action, actor_id, actor_role, after, before, entity_id, entity_type, id, ip, occurred_at,
         previous_hash, request_id, sequence, hash
    FROM audit_event ORDER BY sequence) TO STDOUT`;

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const NULL = '\\N';

/** A COPY text field, unescaped (COPY writes backslash, tab, newline… as two-character escapes). */
const unescape = (field: string): string =>
  field.indexOf('\\') === -1 ? field : field.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c);
/** A text column as a JSON string (or null). */
const text = (field: string): string => (field === NULL ? 'null' : JSON.stringify(unescape(field)));
/** A json column: its stored text, which the writer stored in canonical form. */
const json = (field: string): string => (field === NULL ? 'null' : unescape(field));
/** A uuid column: PostgreSQL prints only canonical UUIDs, which need no escaping. */
const uuid = (field: string): string => (field === NULL ? 'null' : `"${field}"`);

/**
 * `2026-05-01 07:30:00.12+00` (ISO date style, UTC; PostgreSQL drops trailing zeros of the
 * fraction) → `2026-05-01T07:30:00.120Z`. Anything else (another zone, BC, infinity) is returned
 * unchanged, so the hash cannot match and the row is reported rather than silently accepted.
 */
export function isoFromPostgres(value: string): string {
  if (value.length < 22 || value[10] !== ' ' || !value.endsWith('+00')) return value;
  const fraction = value.length > 22 && value[19] === '.' ? value.slice(20, -3) : '';
  if (fraction.length > 3 || value.length !== (fraction ? 23 + fraction.length : 22)) return value;
  return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction.padEnd(3, '0')}Z`;
}

/**
 * Checks rows in chain order, one COPY line at a time: the sequence is the previous plus one,
 * the previous hash is the previous row's hash, the hash is SHA-256 of the canonical content;
 * `finish` then compares the last row with the chain head. Remembers only the first break.
 */
const TAB = 0x09;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const NULL_TEXT = Buffer.from('null');
/** The fixed parts of the hash input, between the fields (see auditHashInput). */
const TOKENS = [
  '{"action":',
  ',"actorId":',
  ',"actorRole":',
  ',"after":',
  ',"before":',
  ',"entityId":',
  ',"entityType":',
  ',"id":',
  ',"ip":',
  ',"occurredAt":',
  ',"previousHash":',
  ',"requestId":',
  ',"sequence":',
].map((token) => Buffer.from(token, 'latin1'));
/** How each field is written in the fast path (VERIFY_COPY_SQL's order; 9, 10, 12 are special). */
const KIND = ['text', 'uuid', 'text', 'json', 'json', 'uuid', 'text', 'uuid', 'text'] as const;
const TEXT_FIELDS = [0, 2, 6, 8, 11];

/**
 * Checks rows in chain order, one COPY line at a time: the sequence is the previous plus one,
 * the previous hash is the previous row's hash, the hash is SHA-256 of the canonical content;
 * `finish` then compares the last row with the chain head. Remembers only the first break.
 *
 * Two paths build the same hash input: `line` from a decoded string (any row), and `bytes`
 * straight from the received UTF-8 bytes for the common row that needs no escaping at all
 * (no backslash but NULL markers, no quote or control character in a text field); it falls
 * back to `line` for anything else. The spec checks that both agree.
 */
export class ChainVerifier {
  private checked = 0;
  /** Signed checkpoints still to be met, in sequence order; see `checkpoints()`. */
  private pending: CheckpointRef[];
  private checkpointsMatched = 0;
  private failedCheckpoint: CheckpointFailure | null = null;
  private expected = 1;
  private previousHash = GENESIS_HASH;
  private lastId: string | null = null;
  private firstBrokenId: string | null = null;
  private scratch = Buffer.allocUnsafe(16 * 1024);
  private readonly starts = new Int32Array(14);
  private readonly ends = new Int32Array(14);

  constructor(checkpoints: CheckpointRef[] = []) {
    this.pending = [...checkpoints].sort((a, b) => a.sequence - b.sequence || a.name.localeCompare(b.name));
  }

  /** One row as decoded text (COPY text format, no newline). */
  line(line: string): void {
    if (this.firstBrokenId !== null) return;
    const f = line.split('\t');
    const ok =
      f.length === 14 &&
      Number(f[12]) === this.expected &&
      // Checked before it is used below: from here on it is known to be 64 hex digits.
      f[10] === this.previousHash &&
      sha256Hex(this.hashInput(f)) === f[13];
    this.settle(ok, f[7] ?? null, f[13]);
  }

  /** One row as the bytes `buffer[start, end)` (COPY text format, UTF-8, no newline). */
  bytes(buffer: Buffer, start: number, end: number): void {
    if (this.firstBrokenId !== null) return;
    const input = this.fastInput(buffer, start, end);
    if (input === null) {
      this.line(buffer.toString('utf8', start, end));
      return;
    }
    const { starts, ends } = this;
    const stored = buffer.toString('latin1', starts[13], ends[13]);
    const ok = sha256Hex(input) === stored;
    this.settle(ok, buffer.toString('latin1', starts[7], ends[7]), stored);
  }

  finish(head: { lastSequence: number; lastHash: string } | undefined): AuditVerification {
    const { checked, firstBrokenId } = this;
    if (firstBrokenId !== null) return { ok: false, checked, firstBrokenId };
    // Rows cut off the end of the chain (or a head moved by hand) show only here.
    const headOk = head && head.lastSequence === this.expected - 1 && head.lastHash === this.previousHash;
    return headOk
      ? { ok: true, checked, firstBrokenId: null }
      : { ok: false, checked, firstBrokenId: this.lastId };
  }

  /**
   * How the chain compares with the signed checkpoints (call after `finish`): the first one whose
   * row is missing or holds another hash. A rewrite that recomputed every later hash and the head
   * is internally consistent, so only this shows it. Once the chain itself breaks, no later
   * checkpoint can be vouched for: the first at or after the break is reported.
   */
  checkpoints(): { checkpointsChecked: number; firstFailedCheckpoint: CheckpointFailure | null } {
    if (!this.failedCheckpoint && this.pending.length) {
      const reason = this.firstBrokenId !== null ? 'CHAIN_BROKEN' : 'MISSING_ROW';
      this.failedCheckpoint = { ...this.pending[0], reason };
    }
    return { checkpointsChecked: this.checkpointsMatched, firstFailedCheckpoint: this.failedCheckpoint };
  }

  private settle(ok: boolean, id: string | null, hash: string): void {
    this.checked++;
    if (!ok) {
      this.firstBrokenId = id;
      return;
    }
    this.previousHash = hash;
    this.lastId = id;
    if (this.pending.length && this.pending[0].sequence <= this.expected) this.meetCheckpoints(hash);
    this.expected++;
  }

  private meetCheckpoints(hash: string): void {
    while (this.pending.length && this.pending[0].sequence <= this.expected) {
      const checkpoint = this.pending.shift()!;
      if (this.failedCheckpoint) continue;
      if (checkpoint.sequence === this.expected && checkpoint.hash === hash) this.checkpointsMatched++;
      else this.failedCheckpoint = { ...checkpoint, reason: 'HASH_MISMATCH' };
    }
  }

  /** The same text as auditHashInput, built from the stored columns (VERIFY_COPY_SQL's order). */
  private hashInput(f: string[]): string {
    return (
      '{"action":' +
      text(f[0]) +
      ',"actorId":' +
      uuid(f[1]) +
      ',"actorRole":' +
      text(f[2]) +
      ',"after":' +
      json(f[3]) +
      ',"before":' +
      json(f[4]) +
      ',"entityId":' +
      uuid(f[5]) +
      ',"entityType":' +
      text(f[6]) +
      ',"id":' +
      uuid(f[7]) +
      ',"ip":' +
      text(f[8]) +
      ',"occurredAt":"' +
      isoFromPostgres(f[9]) +
      '","previousHash":"' +
      this.previousHash +
      '","requestId":' +
      text(f[11]) +
      ',"sequence":' +
      String(this.expected) +
      '}'
    );
  }

  /**
   * The hash input as UTF-8 bytes, copied field by field from the COPY line, or null when the
   * row needs the general path (escapes, an odd timestamp, a wrong field count) or is already
   * known to be broken in its sequence or previous hash (then `line` reports it).
   */
  private fastInput(buffer: Buffer, start: number, end: number): Buffer | null {
    const { starts, ends } = this;
    let at = start;
    for (let i = 0; i < 13; i++) {
      const tab = buffer.indexOf(TAB, at);
      if (tab === -1 || tab >= end) return null;
      starts[i] = at;
      ends[i] = tab;
      at = tab + 1;
    }
    starts[13] = at;
    ends[13] = end;
    const extraTab = buffer.indexOf(TAB, at);
    if (extraTab !== -1 && extraTab < end) return null;
    // Backslashes may only be NULL markers (\N filling a whole field).
    for (
      let b = buffer.indexOf(BACKSLASH, start);
      b !== -1 && b < end;
      b = buffer.indexOf(BACKSLASH, b + 1)
    ) {
      if (!isNullMarker(buffer, b, starts, ends)) return null;
    }
    for (const i of TEXT_FIELDS) {
      for (let p = starts[i]; p < ends[i]; p++) {
        if (buffer[p] === QUOTE || buffer[p] < 0x20) return null;
      }
    }
    if (parseDigits(buffer, starts[12], ends[12]) !== this.expected) return null;
    if (
      ends[10] - starts[10] !== 64 ||
      buffer.toString('latin1', starts[10], ends[10]) !== this.previousHash
    ) {
      return null;
    }
    const needed = end - start + 400;
    if (this.scratch.length < needed) this.scratch = Buffer.allocUnsafe(needed * 2);
    const out = this.scratch;
    let pos = 0;
    for (let i = 0; i < 9; i++) {
      pos += put(out, pos, TOKENS[i]);
      const s = starts[i];
      const e = ends[i];
      if (e - s === 2 && buffer[s] === BACKSLASH) {
        pos += put(out, pos, NULL_TEXT);
      } else if (KIND[i] === 'json') {
        pos += put(out, pos, buffer, s, e);
      } else {
        out[pos++] = QUOTE;
        pos += put(out, pos, buffer, s, e);
        out[pos++] = QUOTE;
      }
    }
    pos += put(out, pos, TOKENS[9]);
    const time = isoFromPostgres(buffer.toString('latin1', starts[9], ends[9]));
    if (time.length !== 24 || time[23] !== 'Z') return null;
    out[pos++] = QUOTE;
    pos += out.write(time, pos, 'latin1');
    out[pos++] = QUOTE;
    pos += put(out, pos, TOKENS[10]);
    out[pos++] = QUOTE;
    pos += out.write(this.previousHash, pos, 'latin1');
    out[pos++] = QUOTE;
    pos += put(out, pos, TOKENS[11]);
    if (ends[11] - starts[11] === 2 && buffer[starts[11]] === BACKSLASH) {
      pos += put(out, pos, NULL_TEXT);
    } else {
      out[pos++] = QUOTE;
      pos += put(out, pos, buffer, starts[11], ends[11]);
      out[pos++] = QUOTE;
    }
    pos += put(out, pos, TOKENS[12]);
    pos += out.write(String(this.expected), pos, 'latin1');
    out[pos++] = 0x7d; // }
    return out.subarray(0, pos);
  }
}

/** Copies `source[start, end)` to `target` at `at`; a plain loop beats Buffer#copy's overhead on short runs. */
function put(target: Buffer, at: number, source: Buffer, start = 0, end = source.length): number {
  if (end - start > 48) return source.copy(target, at, start, end);
  for (let p = start; p < end; p++) target[at++] = source[p];
  return end - start;
}

function isNullMarker(buffer: Buffer, at: number, starts: Int32Array, ends: Int32Array): boolean {
  if (buffer[at + 1] !== 0x4e) return false; // N
  for (let i = 0; i < 14; i++) if (starts[i] === at) return ends[i] === at + 2;
  return false;
}

/** A non-negative decimal integer of up to 15 digits, or -1. */
function parseDigits(buffer: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let p = start; p < end; p++) {
    const digit = buffer[p] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
