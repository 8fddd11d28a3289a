import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';
import { Clock } from '@tocsin/core';

import { IncidentChanges } from './incident-changes';
import { IncidentEntity, IncidentParticipantEntity } from './incident.entity';

/**
 * The write path alone (no GraphQL), for every process that changes incidents: the api through
 * IncidentsApiModule, the worker's engine, deliveries and jobs directly.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IncidentEntity, IncidentParticipantEntity]), AuditModule],
  providers: [Clock, IncidentChanges],
  exports: [IncidentChanges],
})
export class IncidentChangesModule {}
