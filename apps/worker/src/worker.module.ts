import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import Redis from 'ioredis';

import { AuditCheckpointService, AuditCheckpointWorkerModule } from '@tocsin/audit';
import { AuthModule } from '@tocsin/auth';
import {
  APP_CONFIG,
  AppConfig,
  buildDataSourceOptions,
  checkRedisEvictionPolicy,
  Clock,
  ConfigModule,
  JOB_QUEUE,
  JobName,
  LoggingModule,
  MetricsModule,
  OutboxModule,
  QueueName,
  REDIS_CLIENT,
  bullmqConnectionOptions,
  RedisModule,
} from '@tocsin/core';
import { EscalationWorkerModule } from '@tocsin/escalation';
import { NotificationsWorkerModule, NotificationsModule } from '@tocsin/notifications';
import { TaskOverdueModule } from '@tocsin/runbooks';

import { DeliveryAuditor } from './delivery-auditor';
import { EscalationReconciler } from './escalation-reconciler';
import { EscalationTimers } from './escalation-timers.service';
import { EscalationProcessor } from './escalation.processor';
import { MaintenanceProcessor } from './maintenance.processor';

/** Each queue's processor; start-up fails if a job name has none (see JOB_QUEUE). */
const PROCESSORS: Record<QueueName, unknown> = {
  [QueueName.Maintenance]: MaintenanceProcessor,
  [QueueName.Escalation]: EscalationProcessor,
};

class WorkerStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const [job, queue] of Object.entries(JOB_QUEUE)) {
      if (!PROCESSORS[queue]) throw new Error(`Job ${job} runs on queue ${queue}, which has no processor`);
    }
    const warning = await checkRedisEvictionPolicy(this.redis);
    if (warning) this.logger.warn(`!!! ${warning}`);
    // A job scheduler is idempotent: every worker upserts the same one.
    await this.maintenance.upsertJobScheduler(
      'prune-sessions-hourly',
      { every: 3_600_000 },
      { name: JobName.PruneSessions, data: {} },
    );
    await this.maintenance.upsertJobScheduler(
      'mark-overdue-tasks-every-minute',
      { every: 60_000 },
      { name: JobName.MarkOverdueTasks, data: {} },
    );
    if (this.checkpoints.enabled) {
      // One job per period for all workers; the service's advisory lock covers shutdown races.
      await this.maintenance.upsertJobScheduler(
        'audit-checkpoint',
        { every: this.config.audit.intervalSeconds * 1000 },
        { name: JobName.AuditCheckpoint, data: {} },
      );
    }
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        RedisModule,
        MetricsModule,
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions({
            url: config.database.url!,
            poolSize: config.database.poolSize,
            entities: [],
            applicationName: 'tocsin-worker',
          }),
          autoLoadEntities: true,
        }),
        BullModule.forRoot({
          connection: bullmqConnectionOptions(config.redis),
          prefix: `${config.redis.prefix}:bull`,
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
        OutboxModule,
        AuthModule,
        AuditCheckpointWorkerModule,
        TaskOverdueModule,
        NotificationsWorkerModule,
        NotificationsModule,
        EscalationWorkerModule,
      ],
      providers: [
        Clock,
        MaintenanceProcessor,
        EscalationTimers,
        EscalationProcessor,
        EscalationReconciler,
        DeliveryAuditor,
        WorkerStartup,
      ],
    };
  }
}
