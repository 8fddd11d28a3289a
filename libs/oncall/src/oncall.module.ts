import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';
import { Clock } from '@tocsin/core';

import { SchedulesResolver, TeamsResolver } from './oncall.resolver';
import { OncallService } from './oncall.service';
import { ONCALL_ENTITIES } from './team.entity';

@Module({
  imports: [TypeOrmModule.forFeature(ONCALL_ENTITIES), AuditModule],
  providers: [Clock, OncallService, TeamsResolver, SchedulesResolver],
  exports: [OncallService],
})
export class OncallModule {}
