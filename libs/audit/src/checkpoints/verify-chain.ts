import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

import {
  AuditVerification,
  ChainVerifier,
  CheckpointFailure,
  CheckpointRef,
  VERIFY_COPY_SQL,
} from '../chain-verifier';

/** The chain's verdict with the signed checkpoints it was compared with. */
export interface ChainReport extends AuditVerification {
  /** Checkpoints whose row still holds the signed hash. */
  checkpointsChecked: number;
  /** The first checkpoint (by sequence) the chain no longer matches, or that is itself refused. */
  firstFailedCheckpoint: CheckpointFailure | null;
}

/**
 * Re-reads the whole chain in one consistent snapshot (REPEATABLE READ, read only) and checks
 * every row (ChainVerifier) and every accepted checkpoint. Rows arrive as one COPY stream in
 * sequence order: about three times cheaper per row than driver result rows. Used by the api
 * (`verifyAuditChain`) and by the offline tool (`npm run audit:verify`) alike.
 */
export async function verifyChainOn(
  client: ClientBase,
  checkpoints: { accepted: CheckpointRef[]; refused: CheckpointFailure[] } = { accepted: [], refused: [] },
): Promise<ChainReport> {
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Timestamps as text in one known shape (see isoFromPostgres).
    await client.query("SET LOCAL TimeZone = 'UTC'");
    await client.query("SET LOCAL DateStyle = 'ISO'");
    const { rows } = await client.query<{ last_sequence: string; last_hash: string }>(
      'SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1',
    );
    const verifier = new ChainVerifier(checkpoints.accepted);
    // After a break the rest is still drained (cheaply): the connection goes back to the pool clean.
    await forEachLine(client.query(copyTo(VERIFY_COPY_SQL)), (buffer, start, end) =>
      verifier.bytes(buffer, start, end),
    );
    const head = rows[0];
    const chain = verifier.finish(
      head && { lastSequence: Number(head.last_sequence), lastHash: head.last_hash },
    );
    const { checkpointsChecked, firstFailedCheckpoint: mismatch } = verifier.checkpoints();
    const failures = [...checkpoints.refused, ...(mismatch ? [mismatch] : [])].sort(
      (a, b) => a.sequence - b.sequence || a.name.localeCompare(b.name),
    );
    const firstFailedCheckpoint = failures[0] ?? null;
    return { ...chain, ok: chain.ok && !firstFailedCheckpoint, checkpointsChecked, firstFailedCheckpoint };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/** Hands every newline-terminated line of a byte stream to `onLine` as `buffer[start, end)`. */
async function forEachLine(
  stream: AsyncIterable<Buffer>,
  onLine: (buffer: Buffer, start: number, end: number) => void,
): Promise<void> {
  let rest: Buffer | null = null;
  for await (const chunk of stream) {
    const buffer: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10); end !== -1; end = buffer.indexOf(10, start)) {
      onLine(buffer, start, end);
      start = end + 1;
    }
    rest = start < buffer.length ? buffer.subarray(start) : null;
  }
  if (rest?.length) onLine(rest, 0, rest.length);
}
