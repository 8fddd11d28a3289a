import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { AuditCheckpointConfig } from '@tocsin/core';

import { keyIdOf } from './audit-checkpoint';

export interface CheckpointKeys {
  /** Null where only verification is possible (an api given the public key alone). */
  privateKey: KeyObject | null;
  publicKey: KeyObject;
  keyId: string;
}

/**
 * The Ed25519 key pair that signs checkpoints, read from files the database never sees. Outside
 * production a missing signing key file is generated (mode 0600); in production it must exist.
 * Returns null when neither file is configured (checkpoints off).
 */
export function loadCheckpointKeys(
  config: Pick<AuditCheckpointConfig, 'signingKeyFile' | 'verifyKeyFile'>,
  options: { generate: boolean },
): CheckpointKeys | null {
  if (config.signingKeyFile) {
    if (!fs.existsSync(config.signingKeyFile)) {
      if (!options.generate) {
        if (config.verifyKeyFile) return publicOnly(config.verifyKeyFile);
        throw new Error(`AUDIT_SIGNING_KEY_FILE: ${config.signingKeyFile} does not exist`);
      }
      const { privateKey } = generateKeyPairSync('ed25519');
      fs.mkdirSync(path.dirname(config.signingKeyFile), { recursive: true });
      try {
        fs.writeFileSync(config.signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
          mode: 0o600,
          flag: 'wx',
        });
      } catch (error) {
        // Another process generated it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const privateKey = parse(config.signingKeyFile, () =>
      createPrivateKey(fs.readFileSync(config.signingKeyFile!)),
    );
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`AUDIT_SIGNING_KEY_FILE: ${config.signingKeyFile} is not an Ed25519 private key`);
    }
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
  }
  return config.verifyKeyFile ? publicOnly(config.verifyKeyFile) : null;
}

function publicOnly(file: string): CheckpointKeys {
  const publicKey = parse(file, () => createPublicKey(fs.readFileSync(file)));
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 public key`);
  return { privateKey: null, publicKey, keyId: keyIdOf(publicKey) };
}

function parse(file: string, read: () => KeyObject): KeyObject {
  try {
    return read();
  } catch (error) {
    throw new Error(
      `${file}: not a readable PEM key (${error instanceof Error ? error.message : String(error)})`,
      {
        cause: error,
      },
    );
  }
}

/** The public key as PEM, to hand to auditors. */
export const publicKeyPem = (keys: CheckpointKeys): string =>
  keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
