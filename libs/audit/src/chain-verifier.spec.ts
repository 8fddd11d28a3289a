import { jest } from '@jest/globals';

import { auditHash, AuditHashContent, GENESIS_HASH } from './audit-hash';
import { canonicalJson } from './canonical-json';
import { ChainVerifier, isoFromPostgres } from './chain-verifier';

/** What PostgreSQL's COPY text format prints for a value. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  const escapes: Record<string, string> = {
    '\\': '\\\\',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
  };
  return value.replace(/[\\\b\f\n\r\t\v]/g, (c) => escapes[c]);
}

/** 2026-05-01T07:30:00.120Z → 2026-05-01 07:30:00.12+00 (as PostgreSQL prints it in UTC). */
function pgTime(iso: string): string {
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

function copyLine(c: AuditHashContent, hash = auditHash(c)): string {
  return [
    c.action,
    c.actorId,
    c.actorRole,
    c.after === null ? null : canonicalJson(c.after),
    c.before === null ? null : canonicalJson(c.before),
    c.entityId,
    c.entityType,
    c.id,
    c.ip,
    pgTime(c.occurredAt),
    c.previousHash,
    c.requestId,
    String(c.sequence),
    hash,
  ]
    .map(copyField)
    .join('\t');
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function chain(length: number): { contents: AuditHashContent[]; lines: string[] } {
  const contents: AuditHashContent[] = [];
  const lines: string[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= length; sequence++) {
    const content: AuditHashContent = {
      id: uuid(sequence),
      sequence,
      occurredAt: new Date(Date.UTC(2026, 4, 1, 7, 30, 0, sequence * 10)).toISOString(),
      actorId: sequence % 2 ? uuid(1000) : null,
      actorRole: sequence % 2 ? 'ADMIN' : null,
      action: 'agency.updated',
      entityType: 'agency',
      entityId: uuid(2000 + sequence),
      // Every fifth row needs escaping (the general path), the others take the byte path.
      before:
        sequence % 3 === 0
          ? null
          : sequence % 5
            ? { name: `Tên cũ ${sequence}`, n: 1.5 }
            : { name: `Tên "cũ"\t\\ ${sequence}`, note: 'line\nbreak', n: 1.5 },
      after:
        sequence % 5
          ? { name: `Sở Tài chính 🚨 ${sequence}`, list: [1, null, true] }
          : { name: `Sở ${sequence}`, ctrl: '\u0001\b\f\v' },
      requestId: sequence % 4 === 0 ? null : sequence % 5 ? `req-${sequence}` : `req\t${sequence}\\x`,
      ip: '203.0.113.7',
      previousHash,
    };
    const hash = auditHash(content);
    contents.push(content);
    lines.push(copyLine(content, hash));
    previousHash = hash;
  }
  return { contents, lines };
}

/** Verifies through both paths (decoded lines, raw bytes) and expects the same answer. */
function verify(lines: string[], head?: { lastSequence: number; lastHash: string }) {
  const byLine = new ChainVerifier();
  for (const line of lines) byLine.line(line);
  const byBytes = new ChainVerifier();
  const buffer = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  let start = 0;
  for (let end = buffer.indexOf(10); end !== -1; end = buffer.indexOf(10, start)) {
    byBytes.bytes(buffer, start, end);
    start = end + 1;
  }
  const result = byLine.finish(head);
  expect(byBytes.finish(head)).toEqual(result);
  return result;
}

const headOf = (contents: AuditHashContent[]) => ({
  lastSequence: contents.length,
  lastHash: auditHash(contents[contents.length - 1]),
});

describe('ChainVerifier', () => {
  it('accepts an intact chain, escapes and all, and recomputes exactly auditHash', () => {
    const { contents, lines } = chain(40);
    expect(verify(lines, headOf(contents))).toEqual({ ok: true, checked: 40, firstBrokenId: null });
    expect(verify([], { lastSequence: 0, lastHash: GENESIS_HASH })).toEqual({
      ok: true,
      checked: 0,
      firstBrokenId: null,
    });
  });

  it('takes the byte path for rows that need no escaping', () => {
    const { contents, lines } = chain(20);
    const verifier = new ChainVerifier();
    const general = jest.spyOn(verifier, 'line');
    for (const line of lines) {
      const buffer = Buffer.from(`xx${line}yy`, 'utf8');
      verifier.bytes(buffer, 2, buffer.length - 2);
    }
    expect(verifier.finish(headOf(contents))).toEqual({ ok: true, checked: 20, firstBrokenId: null });
    expect(general).toHaveBeenCalledTimes(4); // rows 5, 10, 15, 20
  });

  it('names the changed row', () => {
    const { contents, lines } = chain(10);
    const changed = [...lines];
    changed[4] = copyLine({ ...contents[4], ip: '198.51.100.1' }, auditHash(contents[4]));
    expect(verify(changed, headOf(contents))).toEqual({ ok: false, checked: 5, firstBrokenId: uuid(5) });
  });

  it('names the row after a deleted one, and the second of two swapped rows', () => {
    const { contents, lines } = chain(10);
    const deleted = lines.filter((_, i) => i !== 4);
    expect(verify(deleted, headOf(contents))).toMatchObject({ ok: false, firstBrokenId: uuid(6) });
    const swapped = [...lines];
    [swapped[4], swapped[5]] = [swapped[5], swapped[4]];
    expect(verify(swapped, headOf(contents))).toMatchObject({ ok: false, firstBrokenId: uuid(6) });
  });

  it('catches a re-hashed change by the next row, and a duplicate sequence', () => {
    const { contents, lines } = chain(10);
    const rehashed = [...lines];
    rehashed[4] = copyLine({ ...contents[4], action: 'agency.created' });
    expect(verify(rehashed, headOf(contents))).toMatchObject({ ok: false, firstBrokenId: uuid(6) });
    const duplicated = [...lines.slice(0, 5), lines[4], ...lines.slice(5)];
    expect(verify(duplicated, headOf(contents))).toMatchObject({ ok: false, firstBrokenId: uuid(5) });
  });

  it('checks the end of the chain against the head', () => {
    const { contents, lines } = chain(10);
    expect(verify(lines.slice(0, 8), headOf(contents))).toEqual({
      ok: false,
      checked: 8,
      firstBrokenId: uuid(8),
    });
    expect(verify(lines, undefined)).toMatchObject({ ok: false });
  });

  it('reads PostgreSQL timestamps as ISO strings, and leaves anything unexpected as it is', () => {
    expect(isoFromPostgres('2026-05-01 07:30:00+00')).toBe('2026-05-01T07:30:00.000Z');
    expect(isoFromPostgres('2026-05-01 07:30:00.1+00')).toBe('2026-05-01T07:30:00.100Z');
    expect(isoFromPostgres('2026-05-01 07:30:00.123+00')).toBe('2026-05-01T07:30:00.123Z');
    for (const odd of [
      '2026-05-01 07:30:00.1234+00',
      '2026-05-01 07:30:00+07',
      '2026-05-01 07:30:00+00 BC',
    ]) {
      expect(isoFromPostgres(odd)).toBe(odd);
    }
  });
});
