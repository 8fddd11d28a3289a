import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';
import { AuthModule } from '@tocsin/auth';
import { Clock } from '@tocsin/core';
import { INCIDENT_SLA_CLOCK, IncidentChangesModule } from '@tocsin/incidents';
import { OncallModule } from '@tocsin/oncall';

import { EscalationTargetResolver } from './engine/escalation-targets';
import { EscalationChainsService } from './escalation-chains.service';
import { EscalationChainsResolver, IncidentEscalationResolver } from './escalation.resolver';
import { SlaPauseService } from './sla-pause.service';
import { SlaPolicyService } from './sla-policy.service';
import { ESCALATION_ENTITIES } from './escalation.entity';
import { IncidentSlaResolver, SlaPoliciesResolver } from './sla.resolver';

/**
 * SLA policies, clock pauses, escalation chains, policies and readiness for the api. Global because it provides INCIDENT_SLA_CLOCK to
 * IncidentsService, which must not import it (the incidents library knows only the token).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature(ESCALATION_ENTITIES),
    IncidentChangesModule,
    AuditModule,
    AuthModule,
    OncallModule,
  ],
  providers: [
    Clock,
    SlaPolicyService,
    SlaPauseService,
    { provide: INCIDENT_SLA_CLOCK, useExisting: SlaPolicyService },
    SlaPoliciesResolver,
    IncidentSlaResolver,
    EscalationTargetResolver,
    EscalationChainsService,
    EscalationChainsResolver,
    IncidentEscalationResolver,
  ],
  exports: [INCIDENT_SLA_CLOCK, SlaPolicyService, SlaPauseService],
})
export class EscalationApiModule {}
