import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

import { canonicalJson } from '../canonical-json';

export const CHECKPOINT_FORMAT = 'tocsin-audit-checkpoint/1';

/** What a checkpoint asserts: the chain's head at `createdAt` was row `sequence` with `hash`. */
export interface CheckpointClaim {
  format: typeof CHECKPOINT_FORMAT;
  sequence: number;
  hash: string;
  createdAt: string;
  /** Which key signed it: the first 16 hex digits of SHA-256 of the public key (SPKI DER). */
  keyId: string;
}

/** A checkpoint as written to every sink: the claim and its Ed25519 signature (base64). */
export interface SignedCheckpoint extends CheckpointClaim {
  signature: string;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** The signed bytes: the claim in RFC 8785 canonical form, the signature member left out. */
const signedBytes = (claim: CheckpointClaim): Buffer =>
  Buffer.from(
    canonicalJson({
      format: claim.format,
      sequence: claim.sequence,
      hash: claim.hash,
      createdAt: claim.createdAt,
      keyId: claim.keyId,
    }),
    'utf8',
  );

export function signCheckpoint(
  head: { sequence: number; hash: string },
  createdAt: Date,
  privateKey: KeyObject,
  /** keyIdOf the public key, when the caller has it already (it costs an export and a hash). */
  keyId: string = keyIdOf(createPublicKey(privateKey)),
): SignedCheckpoint {
  const claim: CheckpointClaim = {
    format: CHECKPOINT_FORMAT,
    sequence: head.sequence,
    hash: head.hash,
    createdAt: createdAt.toISOString(),
    keyId,
  };
  return { ...claim, signature: sign(null, signedBytes(claim), privateKey).toString('base64') };
}

/** The file a checkpoint is stored in: sorts by sequence, then time. */
export const checkpointFileName = (checkpoint: CheckpointClaim): string =>
  `checkpoint-${String(checkpoint.sequence).padStart(12, '0')}-${checkpoint.createdAt.replace(/[-:.]/g, '')}.json`;

/**
 * Parses and checks one checkpoint document: the shape, the key id and the signature. Returns the
 * claim, or the reason it is refused (a refused checkpoint is never used to vouch for the chain).
 */
export function readCheckpoint(
  text: string,
  publicKey: KeyObject,
): { ok: true; checkpoint: SignedCheckpoint } | { ok: false; reason: 'UNREADABLE' | 'BAD_SIGNATURE' } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'UNREADABLE' };
  }
  const c = value as Partial<SignedCheckpoint> | null;
  if (
    !c ||
    c.format !== CHECKPOINT_FORMAT ||
    !Number.isSafeInteger(c.sequence) ||
    (c.sequence ?? 0) < 1 ||
    typeof c.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(c.hash) ||
    typeof c.createdAt !== 'string' ||
    Number.isNaN(Date.parse(c.createdAt)) ||
    typeof c.keyId !== 'string' ||
    typeof c.signature !== 'string'
  ) {
    return { ok: false, reason: 'UNREADABLE' };
  }
  const checkpoint = c as SignedCheckpoint;
  const good =
    checkpoint.keyId === keyIdOf(publicKey) &&
    verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  return good ? { ok: true, checkpoint } : { ok: false, reason: 'BAD_SIGNATURE' };
}
