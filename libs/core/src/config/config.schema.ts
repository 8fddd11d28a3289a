import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => {
  const message = `expected a whole number between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d+$/, { message })
    .transform(Number)
    .pipe(z.number().int().min(min, { message }).max(max, { message }));
};

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/**
 * Every environment variable Tocsin reads, with its type and a default where one is safe.
 * The README's configuration table mirrors this list; keep them together.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'expected 1-40 letters, digits, - or _' })
    .default('tocsin'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  JWT_SECRET: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
  ACCESS_TOKEN_TTL_SECONDS: int(30, 86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: int(1, 90).default(14),
  COOKIE_SECURE: bool.optional(),
  LOGIN_MAX_FAILURES: int(1, 100).default(5),
  LOGIN_LOCK_MINUTES: int(1, 1440).default(15),
  LOGIN_IP_MAX_FAILURES: int(1, 10000).default(20),
  LOGIN_IP_WINDOW_MINUTES: int(1, 1440).default(15),
  RATE_LIMIT_PER_MINUTE: int(1, 100_000_000).default(600),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  GRAPHQL_MAX_DEPTH: int(2, 50).default(10),
  GRAPHQL_MAX_COST: int(10, 1000000).default(5000),
  GRAPHQL_MAX_ALIASES: int(1, 1000).default(15),
  GRAPHQL_MAX_TOKENS: int(100, 100000).default(2000),
  GRAPHQL_MAX_DIRECTIVES: int(1, 1000).default(20),
  GRAPHQL_INTROSPECTION: bool.optional(),
  /** Default: on, except in production (demo accounts share a published password). */
  DEMO_DATA: bool.optional(),
  DEMO_PASSWORD: z.string().min(10, { message: 'expected at least 10 characters' }).default('Tocsin@2026!'),
  INCIDENT_CODE_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,8}$/, { message: 'expected 2-8 capital letters' })
    .default('INC'),
  RUNBOOKS_DIR: z.string().min(1).default('runbooks'),
  RUNBOOK_AUTO_APPLY: bool.default(false),
  WORKER_CONCURRENCY: int(1, 100).default(5),
  SHUTDOWN_TIMEOUT_SECONDS: int(1, 600).default(30),
});

export type Env = z.infer<typeof envSchema>;
