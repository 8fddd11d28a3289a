import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

import { auditHash, auditHashInput, AuditHashContent, GENESIS_HASH } from './audit-hash';
import { canonicalJson } from './canonical-json';

/** The worked example of docs/audit.md: keep both in step. */
const EXAMPLE: AuditHashContent = {
  id: '3f1d2c4b-5a69-4b7e-8c1d-2e3f4a5b6c7d',
  sequence: 1,
  occurredAt: '2026-05-01T07:30:00.123Z',
  actorId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  actorRole: 'ADMIN',
  action: 'agency.created',
  entityType: 'agency',
  entityId: '0b1c2d3e-4f50-4a61-8b72-c3d4e5f60718',
  before: null,
  after: { code: 'SYT', name: 'Sở Y tế', kind: 'DEPARTMENT', version: 1 },
  requestId: 'req-1',
  ip: '10.0.0.7',
  previousHash: GENESIS_HASH,
};

const EXAMPLE_INPUT =
  '{"action":"agency.created","actorId":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","actorRole":"ADMIN",' +
  '"after":{"code":"SYT","kind":"DEPARTMENT","name":"Sở Y tế","version":1},"before":null,' +
  '"entityId":"0b1c2d3e-4f50-4a61-8b72-c3d4e5f60718","entityType":"agency",' +
  '"id":"3f1d2c4b-5a69-4b7e-8c1d-2e3f4a5b6c7d","ip":"10.0.0.7","occurredAt":"2026-05-01T07:30:00.123Z",' +
  '"previousHash":"0000000000000000000000000000000000000000000000000000000000000000",' +
  '"requestId":"req-1","sequence":1}';

describe('audit hash', () => {
  it('hashes the RFC 8785 canonical JSON of the content fields and the previous hash', () => {
    expect(auditHashInput(EXAMPLE)).toBe(EXAMPLE_INPUT);
    const expected = createHash('sha256').update(Buffer.from(EXAMPLE_INPUT, 'utf8')).digest('hex');
    expect(auditHash(EXAMPLE)).toBe(expected);
    expect(auditHash(EXAMPLE)).toBe('b5cd1c3199eefd7b7abff644ec0e1b99e92257181d3f57474ded554892c1b845');
  });

  it('changes when any hashed field changes, and ignores properties outside the list', () => {
    const base = auditHash(EXAMPLE);
    const variants: Partial<AuditHashContent>[] = [
      { id: '3f1d2c4b-5a69-4b7e-8c1d-2e3f4a5b6c7e' },
      { sequence: 2 },
      { occurredAt: '2026-05-01T07:30:00.124Z' },
      { actorId: null },
      { actorRole: 'COORDINATOR' },
      { action: 'agency.updated' },
      { entityType: 'user' },
      { entityId: null },
      { before: {} },
      { after: { code: 'SYT' } },
      { requestId: null },
      { ip: '10.0.0.8' },
      { previousHash: 'f'.repeat(64) },
    ];
    for (const change of variants) expect(auditHash({ ...EXAMPLE, ...change })).not.toBe(base);
    expect(auditHash({ ...EXAMPLE, hash: 'x' } as AuditHashContent)).toBe(base);
  });

  it('writes the same text as generic canonicalisation of all members (and the reference implementation)', () => {
    const samples: AuditHashContent[] = [
      EXAMPLE,
      { ...EXAMPLE, actorId: null, actorRole: null, entityId: null, requestId: null, ip: null, after: null },
      { ...EXAMPLE, sequence: 9_007_199_254_740_991, before: { z: [1, { b: 2, a: '\n"' }], ä: null } },
    ];
    for (const sample of samples) {
      expect(auditHashInput(sample)).toBe(canonicalJson({ ...sample }));
      expect(auditHashInput(sample)).toBe(canonicalize(sample));
    }
    expect(() => auditHashInput({ ...EXAMPLE, sequence: 1.5 })).toThrow();
  });

  it('does not depend on member order inside before/after', () => {
    const reordered = { ...EXAMPLE, after: { version: 1, name: 'Sở Y tế', kind: 'DEPARTMENT', code: 'SYT' } };
    expect(auditHash(reordered)).toBe(auditHash(EXAMPLE));
  });
});
