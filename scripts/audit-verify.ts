import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { Client } from 'pg';

import { loadCheckpointKeys, readCheckpointDirectory, verifyChainOn } from '@tocsin/audit';
import { loadConfig } from '@tocsin/core';

/**
 * `npm run audit:verify -- --checkpoints DIR [--public-key FILE]` (with DATABASE_URL): checks the
 * database's audit chain against checkpoints exported from the sinks, offline — no api, no worker.
 * The public key is `--public-key`, else AUDIT_VERIFY_KEY_FILE, else the signing key's public half.
 * Prints one JSON report; exits 0 when everything matches, 1 when it does not, 2 on a usage error.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { checkpoints: { type: 'string' }, 'public-key': { type: 'string' } },
    strict: true,
  });
  if (!values.checkpoints) {
    console.error('Usage: npm run audit:verify -- --checkpoints DIR [--public-key FILE]  (DATABASE_URL set)');
    return 2;
  }
  const config = loadConfig();
  if (!config.database.url) {
    console.error('DATABASE_URL: required (the database to verify)');
    return 2;
  }
  const keys = loadCheckpointKeys(
    values['public-key']
      ? { signingKeyFile: null, verifyKeyFile: values['public-key'] }
      : { signingKeyFile: config.audit.signingKeyFile, verifyKeyFile: config.audit.verifyKeyFile },
    { generate: false },
  );
  if (!keys) {
    console.error('No public key: give --public-key FILE (or AUDIT_VERIFY_KEY_FILE)');
    return 2;
  }
  const checkpoints = await readCheckpointDirectory(values.checkpoints, keys.publicKey);
  if (!checkpoints.accepted.length && !checkpoints.refused.length) {
    console.error(`${values.checkpoints}: no checkpoint files (*.json) found`);
    return 2;
  }
  const client = new Client({
    connectionString: config.database.url,
    application_name: 'tocsin-audit-verify',
  });
  await client.connect();
  try {
    const report = await verifyChainOn(client, checkpoints);
    console.log(
      JSON.stringify({
        ...report,
        checkpointsFound: checkpoints.accepted.length + checkpoints.refused.length,
      }),
    );
    if (report.firstFailedCheckpoint) {
      const c = report.firstFailedCheckpoint;
      console.error(`FAILED: checkpoint ${c.name} (sequence ${c.sequence}, ${c.createdAt}): ${c.reason}`);
    } else if (!report.ok) {
      console.error(`FAILED: the chain breaks at row ${report.firstBrokenId}`);
    } else {
      console.error(`OK: ${report.checked} rows, ${report.checkpointsChecked} signed checkpoints match`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
