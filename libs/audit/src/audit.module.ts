import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { APP_CONFIG, AppConfig, Clock } from '@tocsin/core';

import { AuditChainHeadEntity, AuditEventEntity } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuditCheckpointEntity } from './checkpoints/audit-checkpoint.entity';
import { AUDIT_CHECKPOINT_KEYS, AuditCheckpointService } from './checkpoints/audit-checkpoint.service';
import { loadCheckpointKeys } from './checkpoints/checkpoint-keys';

export const AUDIT_ENTITIES = [AuditEventEntity, AuditChainHeadEntity, AuditCheckpointEntity];

/** The checkpoint keys, read once per process (generated outside production when missing). */
const checkpointKeys = {
  provide: AUDIT_CHECKPOINT_KEYS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadCheckpointKeys(config.audit, { generate: !config.isProduction }),
};

/** The tamper-evident audit trail. Depends on core and access only, so every context can import it. */
@Module({
  imports: [TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [Clock, checkpointKeys, AuditService, AuditResolver],
  exports: [AuditService, checkpointKeys],
})
export class AuditModule {}

/** The worker's part: writing signed checkpoints of the chain to the sinks outside the database. */
@Module({
  imports: [AuditModule],
  providers: [Clock, AuditCheckpointService],
  exports: [AuditCheckpointService],
})
export class AuditCheckpointWorkerModule {}
