import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { Clock } from '@tocsin/core';

import { AuditChainHeadEntity, AuditEventEntity } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

export const AUDIT_ENTITIES = [AuditEventEntity, AuditChainHeadEntity];

/** The tamper-evident audit trail. Depends on core and access only, so every context can import it. */
@Module({
  imports: [TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [Clock, AuditService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
