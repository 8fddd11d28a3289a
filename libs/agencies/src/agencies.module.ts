import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';

import { AgenciesResolver } from './agencies.resolver';
import { AgenciesService } from './agencies.service';
import { AgencyEntity, InformationSystemEntity } from './agency.entity';

export const AGENCY_ENTITIES = [AgencyEntity, InformationSystemEntity];

@Module({
  imports: [TypeOrmModule.forFeature(AGENCY_ENTITIES), AuditModule],
  providers: [AgenciesService, AgenciesResolver],
  exports: [AgenciesService],
})
export class AgenciesModule {}
