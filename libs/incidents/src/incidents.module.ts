import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgenciesModule } from '@tocsin/agencies';
import { AuditModule } from '@tocsin/audit';
import { AuthModule } from '@tocsin/auth';
import { Clock, OutboxEventEntity } from '@tocsin/core';

import { IncidentChangesModule } from './incident-changes.module';
import { IncidentEventsService } from './incident-events.service';
import { IncidentConnectionResolver, IncidentFieldsResolver } from './incident-fields.resolver';
import { IncidentQueriesService } from './incident-queries.service';
import { IncidentCodeCounterEntity, IncidentEntity, IncidentParticipantEntity } from './incident.entity';
import { IncidentsResolver } from './incidents.resolver';
import {
  CommentStaffIdsResolver,
  IncidentStaffIdsResolver,
  TimelineStaffIdsResolver,
} from './staff-ids.resolver';
import { IncidentsService } from './incidents.service';
import { ObservableEntity } from './observable.entity';
import { CommentEntity, TimelineEntryEntity } from './timeline.entity';

export const INCIDENT_ENTITIES = [
  IncidentEntity,
  IncidentCodeCounterEntity,
  IncidentParticipantEntity,
  TimelineEntryEntity,
  CommentEntity,
  ObservableEntity,
  OutboxEventEntity,
];

/** Incidents for the api: commands, reads, GraphQL and subscriptions. */
@Module({
  imports: [
    TypeOrmModule.forFeature(INCIDENT_ENTITIES),
    IncidentChangesModule,
    AuditModule,
    AuthModule,
    AgenciesModule,
  ],
  providers: [
    Clock,
    IncidentsService,
    IncidentQueriesService,
    IncidentEventsService,
    IncidentsResolver,
    IncidentFieldsResolver,
    IncidentConnectionResolver,
    IncidentStaffIdsResolver,
    TimelineStaffIdsResolver,
    CommentStaffIdsResolver,
  ],
  exports: [IncidentsService, IncidentQueriesService, IncidentChangesModule],
})
export class IncidentsApiModule {}
