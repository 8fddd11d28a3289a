import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { AGENCY_ENTITIES } from '@tocsin/agencies';
import { AUDIT_ENTITIES } from '@tocsin/audit';
import { AUTH_ENTITIES } from '@tocsin/auth';
import { ESCALATION_ENTITIES } from '@tocsin/escalation';
import { INCIDENT_ENTITIES } from '@tocsin/incidents';
import { NOTIFICATION_ENTITIES } from '@tocsin/notifications';
import { ONCALL_ENTITIES } from '@tocsin/oncall';
import { RUNBOOK_ENTITIES } from '@tocsin/runbooks';
import { buildDataSourceOptions } from '@tocsin/core';

import { MIGRATIONS } from './index';

/** Every entity, for the migration generator and the tests (the apps load theirs per module). */
export const ALL_ENTITIES = [
  ...AGENCY_ENTITIES,
  ...AUTH_ENTITIES,
  ...AUDIT_ENTITIES,
  ...INCIDENT_ENTITIES,
  ...RUNBOOK_ENTITIES,
  ...ONCALL_ENTITIES,
  ...ESCALATION_ENTITIES,
  ...NOTIFICATION_ENTITIES,
];

export function createDataSource(
  url: string,
  applicationName = 'tocsin-migrations',
  logging = true,
): DataSource {
  return new DataSource(
    buildDataSourceOptions({ url, entities: ALL_ENTITIES, migrations: MIGRATIONS, applicationName, logging }),
  );
}

/** Used by the TypeORM CLI (`npm run migration:generate`); reads DATABASE_URL. */
export default createDataSource(
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tocsin_dev',
);
