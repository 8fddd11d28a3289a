import './require-supported-node';
import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { isEmail } from 'class-validator';

import { Role } from '@tocsin/access';
import { AgencyEntity } from '@tocsin/agencies';
import { AuditAction, AuditService } from '@tocsin/audit';
import { PasswordHasher, UserEntity } from '@tocsin/auth';
import { Clock, loadConfig, resolveDatabase } from '@tocsin/core';

import { createDataSource } from '../migrations/data-source';
import { runMigrations } from '../migrations/run-migrations';
import { readSecret } from './read-secret';

const USAGE =
  'usage: npm run create-admin -- --email <address> --name "<display name>" [--agency <CODE>] [--password-stdin]';
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 128;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

class UsageError extends Error {}

/**
 * `npm run create-admin`: the first administrator of an installation without demo data (production).
 * Applies the migrations first, so it works on an empty database, embedded or DATABASE_URL's. The
 * password is asked for twice on a terminal (never echoed, never an argument: arguments show in `ps`
 * and shell history), or read from the first line of stdin with --password-stdin.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      agency: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const email = values.email?.trim().toLowerCase() ?? '';
  const name = values.name?.trim() ?? '';
  const problems: string[] = [];
  if (!isEmail(email) || email.length > 254) problems.push('--email: expected an email address');
  if (!name || name.length > 120 || CONTROL.test(name)) problems.push('--name: expected 1–120 characters');
  if (problems.length) throw new UsageError(`${problems.join('; ')}\n${USAGE}`);

  const password = values['password-stdin']
    ? await readSecret({ fromStdin: true })
    : await askPasswordTwice();
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new UsageError(`The password must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters long`);
  }

  const config = loadConfig();
  const infra = await resolveDatabase(config, (line) => console.error(line));
  try {
    await runMigrations(infra.databaseUrl, false);
    const dataSource = createDataSource(infra.databaseUrl, 'tocsin-create-admin', false);
    await dataSource.initialize();
    try {
      const passwordHash = await new PasswordHasher().hash(password);
      // No checkpoint keys here: creating an admin appends to the chain, it does not sign checkpoints.
      const audit = new AuditService(dataSource, new Clock(), config, null);
      const created = await dataSource.transaction(async (em) => {
        let agencyId: string | null = null;
        if (values.agency) {
          const agency = await em.findOneBy(AgencyEntity, { code: values.agency.trim().toUpperCase() });
          if (!agency) throw new UsageError(`--agency: no agency has the code ${values.agency}`);
          agencyId = agency.id;
        }
        if (await em.existsBy(UserEntity, { email })) {
          throw new UsageError(`A user with the email ${email} already exists; nothing was changed`);
        }
        const saved = await em.save(
          em.create(UserEntity, {
            email,
            displayName: name,
            role: Role.ADMIN,
            agencyId,
            locale: 'vi',
            timeZone: 'Asia/Ho_Chi_Minh',
            passwordHash,
            active: true,
          }),
        );
        const user = await em.findOneByOrFail(UserEntity, { id: saved.id });
        // No person signed in did this: the actor is the installation itself (null), as for the worker.
        await audit.append(em, {
          actor: null,
          action: AuditAction.UserCreated,
          entityType: 'user',
          entityId: user.id,
          after: { ...user, createdBy: 'npm run create-admin' },
        });
        return user;
      });
      console.log(
        `Administrator ${created.email} created (id ${created.id}). Sign in at ${config.notifications.publicUrl}/`,
      );
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await infra.stop();
  }
}

async function askPasswordTwice(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new UsageError('No terminal to ask for the password: pipe it in with --password-stdin');
  }
  const first = await readSecret({ prompt: 'Password for the new administrator: ' });
  const second = await readSecret({ prompt: 'The same password again: ' });
  if (first !== second) throw new UsageError('The two passwords differ; nothing was changed');
  return first;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
