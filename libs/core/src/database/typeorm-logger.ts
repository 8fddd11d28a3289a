import { Logger as NestLogger } from '@nestjs/common';
import { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's messages through the application's structured logger. Failed queries are logged
 * without their parameters: those can hold password hashes, tokens or personal data.
 */
export class TypeOrmStructuredLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Successful queries are not logged (volume); use PostgreSQL's own logging when needed.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.error(
      { err: error instanceof Error ? error.message : error, query: query.slice(0, 500) },
      'Query failed',
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query: query.slice(0, 500) }, 'Slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
    else this.logger.log(message);
  }
}
