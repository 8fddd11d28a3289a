import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'nestjs-pino';
import pino from 'pino';
import pinoPretty from 'pino-pretty';

/** Fields of the api's request line (bootstrap.ts), shown in the pretty message instead of after it. */
const REQUEST_FIELDS = ['method', 'url', 'operation', 'status', 'ms', 'ip'] as const;

/** One readable line per log entry: `[context] message`, a request as `POST /graphql mutation login 200 12 ms`. */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
  if (log.method !== undefined && log.status !== undefined) {
    const op = typeof log.operation === 'string' ? ` ${log.operation}` : '';
    return `${context}${text(log.method)} ${text(log.url)}${op} ${text(log.status)} ${text(log.ms)} ms`;
  }
  return `${context}${text(log[messageKey])}`;
}

/**
 * Where the logs go: JSON lines on stdout (for journald, log shippers, `jq`), except when stdout is a
 * terminal, where a person reads them: then pino-pretty, in the process (a transport would write from
 * another thread, and lines could be lost at exit). Both write synchronously, so nothing is lost when
 * the process exits or crashes.
 */
export function logDestination(stdoutIsTerminal = process.stdout.isTTY === true): pino.DestinationStream {
  if (!stdoutIsTerminal) return pino.destination({ dest: 1, sync: true });
  return pinoPretty({
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: ['pid', 'hostname', 'context', 'req', 'requestId', ...REQUEST_FIELDS].join(','),
    messageFormat: prettyMessage,
    singleLine: true,
  });
}

/**
 * NestJS logs every module it initialises and every route it maps at `log` level: some seventy lines
 * at each start that say nothing to an operator. Those framework contexts go out at `debug`
 * (`LOG_LEVEL=debug` shows them); everything else passes unchanged.
 */
const FRAMEWORK_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'GraphQLModule',
]);

export class FrameworkQuietLogger implements LoggerService {
  constructor(private readonly inner: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) {
      this.inner.debug(message, ...optionalParams);
    } else {
      this.inner.log(message, ...optionalParams);
    }
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.verbose(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.fatal(message, ...optionalParams);
  }
}
