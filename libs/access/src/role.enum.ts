import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  RESPONDER = 'RESPONDER',
  REPORTER = 'REPORTER',
  LEADER = 'LEADER',
}
registerEnumType(Role, { name: 'Role' });

/** What a machine (SOC, SIEM, monitoring) holding an API key may do. */
export enum ApiKeyScope {
  ALERTS_WRITE = 'ALERTS_WRITE',
  INCIDENTS_READ = 'INCIDENTS_READ',
  AGENCIES_READ = 'AGENCIES_READ',
}
registerEnumType(ApiKeyScope, { name: 'ApiKeyScope' });
