import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgenciesModule } from '@tocsin/agencies';
import { AuthGuard, AuthModule } from '@tocsin/auth';
import { EscalationApiModule } from '@tocsin/escalation';
import { NotificationsApiModule, NotificationsModule } from '@tocsin/notifications';
import { IncidentsApiModule } from '@tocsin/incidents';
import { OncallModule } from '@tocsin/oncall';
import { RunbooksApiModule } from '@tocsin/runbooks';
import {
  AppConfig,
  buildDataSourceOptions,
  Clock,
  ConfigModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  RedisModule,
} from '@tocsin/core';

import { graphqlOptions } from './graphql.options';

export interface ApiModuleOptions {
  /** Where to write the generated schema (development: schema.gql); none keeps it in memory. */
  schemaFile?: string;
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        RedisModule,
        MetricsModule,
        HealthModule,
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions({
            url: config.database.url!,
            poolSize: config.database.poolSize,
            entities: [],
            applicationName: 'tocsin-api',
          }),
          autoLoadEntities: true,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [AuthGuard, Clock],
          useFactory: (guard: AuthGuard, clock: Clock) =>
            graphqlOptions(config, options.schemaFile, {
              authenticate: (headers, ip) => guard.authenticate(headers, ip),
              now: () => clock.now(),
            }),
        }),
        AuthModule,
        AgenciesModule,
        IncidentsApiModule,
        OncallModule,
        RunbooksApiModule,
        EscalationApiModule,
        NotificationsModule,
        NotificationsApiModule,
      ],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    };
  }
}
