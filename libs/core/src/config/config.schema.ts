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

const num = (min: number, max: number) => {
  const message = `expected a number between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d+(\.\d+)?$/, { message })
    .transform(Number)
    .pipe(z.number().min(min, { message }).max(max, { message }));
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
  REDIS_SENTINELS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, {
      message: 'expected host:port[,host:port…] (the Sentinels, at least one)',
    })
    .transform((v) =>
      v.split(',').map((entry) => {
        const at = entry.lastIndexOf(':');
        return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
      }),
    )
    .refine((list) => list.every((s) => s.port >= 1 && s.port <= 65535), {
      message: 'expected ports between 1 and 65535',
    })
    .optional(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, {
      message: "expected the primary's name as the Sentinels know it (1-64 letters, digits, . _ -)",
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  QUEUE_DASHBOARD: z.enum(['off', 'read-only', 'read-write']).default('read-only'),
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
  ESCALATION_RECONCILE_SECONDS: int(1, 3600).default(60),
  SHUTDOWN_TIMEOUT_SECONDS: int(1, 600).default(30),
  // Notifications (libs/notifications). A channel without its settings is off, never an error.
  NOTIFY_PUBLIC_URL: url(['http:', 'https:']).optional(),
  /** Optional ceiling on attempts; retries are bounded by time (the horizons below). */
  NOTIFY_MAX_ATTEMPTS: int(1, 10_000).optional(),
  NOTIFY_RETRY_BASE_MS: int(10, 600_000).default(5000),
  /** Back-off never waits longer than this, so a recovered provider is used within it. */
  NOTIFY_RETRY_MAX_DELAY_MS: int(10, 600_000).default(60_000),
  /** How long a delivery keeps being retried, per channel, from its creation. */
  NOTIFY_EMAIL_RETRY_MINUTES: num(0.05, 24 * 60).default(30),
  NOTIFY_TELEGRAM_RETRY_MINUTES: num(0.05, 24 * 60).default(10),
  NOTIFY_ZALO_RETRY_MINUTES: num(0.05, 24 * 60).default(10),
  NOTIFY_WEB_PUSH_RETRY_MINUTES: num(0.05, 24 * 60).default(10),
  /** How long a claim protects a send in progress; default 2 × NOTIFY_SEND_TIMEOUT_MS + 30 s. */
  NOTIFY_CLAIM_LEASE_MS: int(500, 3_600_000).optional(),
  /** Installations that really work in-app only: in-app counts as reaching someone in readiness. */
  NOTIFY_IN_APP_REACHES: bool.default(false),
  NOTIFY_SEND_TIMEOUT_MS: int(100, 120_000).default(15000),
  NOTIFY_CONCURRENCY: int(1, 200).default(20),
  NOTIFY_ACK_TOKEN_TTL_HOURS: int(1, 720).default(72),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: int(1, 65535).default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_REQUIRE_TLS: bool.default(false),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMTP_MAX_CONNECTIONS: int(1, 50).default(5),
  EMAIL_RATE_PER_SECOND: int(1, 10000).default(20),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, { message: 'expected a bot token like 123456:ABC-…' })
    .optional(),
  TELEGRAM_API_URL: url(['http:', 'https:']).default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { message: 'expected 16-256 letters, digits, _ or -' })
    .optional(),
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{5,32}$/, { message: 'expected a bot username' })
    .optional(),
  TELEGRAM_RATE_PER_SECOND: int(1, 10000).default(25),
  ZALO_APP_ID: z
    .string()
    .regex(/^\d{1,30}$/, { message: 'expected digits' })
    .optional(),
  ZALO_APP_SECRET: z.string().min(8, { message: 'expected at least 8 characters' }).optional(),
  ZALO_OA_SECRET_KEY: z.string().min(8, { message: 'expected at least 8 characters' }).optional(),
  ZALO_REFRESH_TOKEN: z.string().min(8, { message: 'expected at least 8 characters' }).optional(),
  ZALO_API_URL: url(['http:', 'https:']).default('https://openapi.zalo.me'),
  ZALO_OAUTH_URL: url(['http:', 'https:']).default('https://oauth.zaloapp.com'),
  ZALO_RATE_PER_SECOND: int(1, 10000).default(10),
  ZALO_WEBHOOK_MAX_AGE_SECONDS: int(30, 3600).default(300),
  /** Default: on outside production (keys generated under DATA_DIR); in production on when the keys are given. */
  WEB_PUSH_ENABLED: bool.optional(),
  WEB_PUSH_VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, {
      message: 'expected an uncompressed P-256 public key, URL-safe base64 (87 characters)',
    })
    .optional(),
  WEB_PUSH_VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, {
      message: 'expected a P-256 private key, URL-safe base64 (43 characters)',
    })
    .optional(),
  WEB_PUSH_SUBJECT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, {
      message: 'expected mailto:<address> or an https:// URL',
    })
    .optional(),
  WEB_PUSH_TTL_SECONDS: int(0, 2_419_200).default(14_400),
  WEB_PUSH_RATE_PER_SECOND: int(1, 10000).default(50),
  /** Tests and development only: accept http:// push endpoints on 127.0.0.1, ::1 or localhost. */
  WEB_PUSH_ALLOW_LOOPBACK_HTTP: bool.default(false),
  // Audit checkpoints (libs/audit, docs/audit.md).
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AUDIT_VERIFY_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_SECONDS: int(5, 86400).default(60),
  AUDIT_CHECKPOINT_SYSLOG: url(['udp:']).optional(),
  AUDIT_CHECKPOINT_EMAIL: z.email({ message: 'expected an e-mail address' }).optional(),
  // Sign-in (libs/auth, docs/authentication.md).
  TWO_FACTOR_REQUIRED_ROLES: z
    .string()
    .regex(/^(|none|[A-Z_]+(,[A-Z_]+)*)$/, { message: 'expected roles separated by commas, or none' })
    .default('ADMIN,COORDINATOR'),
  PASSWORD_RESET_TTL_MINUTES: int(5, 10080).default(60),
});

export type Env = z.infer<typeof envSchema>;
