import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { z } from 'zod';

import { envSchema } from './config.schema';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  http: {
    host: string;
    port: number;
    trustProxy: boolean;
    bodyLimitBytes: number;
    rateLimitPerMinute: number;
  };
  dataDir: string;
  database: { url?: string; poolSize: number };
  redis: { url?: string; prefix: string };
  logLevel: string;
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    cookieSecure: boolean;
    loginMaxFailures: number;
    loginLockMinutes: number;
    loginIpMaxFailures: number;
    loginIpWindowMinutes: number;
  };
  graphql: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    introspection: boolean;
  };
  demo: { enabled: boolean; password: string };
  incidents: { codePrefix: string };
  /** Playbook files (`dir` as configured, shown in messages) and whether triage applies the match. */
  runbooks: { dir: string; autoApply: boolean };
  worker: { concurrency: number };
  shutdownTimeoutSeconds: number;
}

/** Thrown when the environment does not validate; its message is the one line the operator sees. */
export class ConfigError extends Error {}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'environment');
  const given = env[name];
  const shown =
    given === undefined ? 'nothing' : /SECRET|PASSWORD/.test(name) ? 'a hidden value' : JSON.stringify(given);
  return `${name}: ${issue.message} (got ${shown})`;
}

/**
 * Reads and validates the environment once. Nothing else in Tocsin reads process.env for settings.
 * In development a JWT secret is generated once and kept under DATA_DIR so sessions survive restarts.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid configuration: ${parsed.error.issues.map((i) => describeIssue(i, cleaned)).join('; ')}`,
    );
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET: required in production (at least 32 characters)',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction,
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    },
    dataDir,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    logLevel: e.LOG_LEVEL,
    auth: {
      jwtSecret: e.JWT_SECRET ?? developmentSecret(dataDir, e.NODE_ENV === 'test'),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      cookieSecure: e.COOKIE_SECURE ?? isProduction,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockMinutes: e.LOGIN_LOCK_MINUTES,
      loginIpMaxFailures: e.LOGIN_IP_MAX_FAILURES,
      loginIpWindowMinutes: e.LOGIN_IP_WINDOW_MINUTES,
    },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      introspection: e.GRAPHQL_INTROSPECTION ?? !isProduction,
    },
    demo: { enabled: e.DEMO_DATA ?? !isProduction, password: e.DEMO_PASSWORD },
    incidents: { codePrefix: e.INCIDENT_CODE_PREFIX },
    runbooks: { dir: e.RUNBOOKS_DIR, autoApply: e.RUNBOOK_AUTO_APPLY },
    worker: { concurrency: e.WORKER_CONCURRENCY },
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
  };
}

function developmentSecret(dataDir: string, ephemeral: boolean): string {
  if (ephemeral) return randomBytes(32).toString('hex');
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
