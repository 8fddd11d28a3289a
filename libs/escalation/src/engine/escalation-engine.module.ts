import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';
import { Clock } from '@tocsin/core';
import { IncidentChangesModule } from '@tocsin/incidents';
import { OncallModule } from '@tocsin/oncall';

import { ESCALATION_ENTITIES } from '../escalation.entity';
import { SlaPolicyService } from '../sla-policy.service';
import { EscalationEngine } from './escalation-engine.service';
import { EscalationTargetResolver } from './escalation-targets';

/**
 * The engine for the worker: database logic only. The worker wires it to BullMQ (timers, outbox
 * events, the reconciler); NOTIFICATION_REQUESTER comes from the global NotificationsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature(ESCALATION_ENTITIES), IncidentChangesModule, AuditModule, OncallModule],
  providers: [Clock, SlaPolicyService, EscalationTargetResolver, EscalationEngine],
  exports: [EscalationEngine],
})
export class EscalationWorkerModule {}
