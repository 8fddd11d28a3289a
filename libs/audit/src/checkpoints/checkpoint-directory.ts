import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';

import type { CheckpointFailure, CheckpointRef } from '../chain-verifier';
import { checkpointFileName, readCheckpoint, SignedCheckpoint } from './audit-checkpoint';

/**
 * Writes one checkpoint as its own file, atomically (a temporary file, flushed, then renamed), so
 * a reader never sees half a checkpoint and a crash never leaves one.
 */
export async function writeCheckpointFile(directory: string, checkpoint: SignedCheckpoint): Promise<string> {
  await fs.promises.mkdir(directory, { recursive: true });
  const name = checkpointFileName(checkpoint);
  const temporary = path.join(directory, `.${name}.tmp`);
  const file = await fs.promises.open(temporary, 'wx', 0o644);
  try {
    await file.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.promises.rename(temporary, path.join(directory, name));
  return name;
}

/**
 * Every `*.json` file of a checkpoint directory: those whose signature holds, and those refused
 * (bad signature, another key, not a checkpoint), each named by its file. A missing directory
 * holds none.
 */
export async function readCheckpointDirectory(
  directory: string,
  publicKey: KeyObject,
): Promise<{ accepted: CheckpointRef[]; refused: CheckpointFailure[] }> {
  let names: string[];
  try {
    names = (await fs.promises.readdir(directory)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { accepted: [], refused: [] };
    throw error;
  }
  names.sort();
  const accepted: CheckpointRef[] = [];
  const refused: CheckpointFailure[] = [];
  for (const name of names) {
    const text = await fs.promises.readFile(path.join(directory, name), 'utf8');
    const result = readCheckpoint(text, publicKey);
    if (result.ok) {
      const { sequence, hash, createdAt } = result.checkpoint;
      accepted.push({ name, sequence, hash, createdAt });
    } else {
      // What the file claims is not trusted; it is named so the auditor can look at it.
      const claimed = safeClaim(text);
      refused.push({ name, ...claimed, reason: result.reason });
    }
  }
  return { accepted, refused };
}

function safeClaim(text: string): { sequence: number; hash: string; createdAt: string } {
  try {
    const v = JSON.parse(text) as Partial<SignedCheckpoint>;
    return {
      sequence: Number.isSafeInteger(v.sequence) ? v.sequence! : 0,
      hash: typeof v.hash === 'string' ? v.hash.slice(0, 64) : '',
      createdAt: typeof v.createdAt === 'string' ? v.createdAt.slice(0, 40) : '',
    };
  } catch {
    return { sequence: 0, hash: '', createdAt: '' };
  }
}
