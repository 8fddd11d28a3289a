import { createECDH, randomBytes } from 'node:crypto';
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
    /** The BullMQ dashboard at /queues/ for administrators (queue-dashboard.ts in apps/api). */
    queueDashboard: 'off' | 'read-only' | 'read-write';
  };
  dataDir: string;
  database: { url?: string; poolSize: number };
  /**
   * One Redis (url), or a primary found through Redis Sentinel (sentinel): every client, BullMQ's
   * included, connects through redisConnectionOptions().
   */
  redis: {
    url?: string;
    prefix: string;
    sentinel?: { sentinels: { host: string; port: number }[]; name: string };
  };
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
    /** Roles that must sign in with a second factor (TOTP). */
    twoFactorRequiredRoles: string[];
    passwordResetTtlMinutes: number;
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
  /** Jobs each worker runs at once per queue; how often the reconciler re-arms every timer. */
  worker: { concurrency: number; reconcileSeconds: number };
  shutdownTimeoutSeconds: number;
  notifications: NotificationsConfig;
  audit: AuditCheckpointConfig;
}

/**
 * Signed checkpoints of the audit chain (docs/audit.md). `signingKeyFile`: the Ed25519 private
 * key (PEM), generated under DATA_DIR outside production when absent; the worker refuses to start
 * in production without it. Null in tests unless set, so suites never share files.
 */
export interface AuditCheckpointConfig {
  signingKeyFile: string | null;
  /** The public key alone (PEM), for an api or an auditor that must not hold the private key. */
  verifyKeyFile: string | null;
  directory: string | null;
  intervalSeconds: number;
  syslog: { host: string; port: number } | null;
  emailTo: string | null;
}

/** Channels are off (null) unless their settings are given; see libs/notifications. */
export interface NotificationsConfig {
  /** Base of the links in messages (ack pages, "Open"); default http://localhost:<PORT>. */
  publicUrl: string;
  /** Optional ceiling on attempts (null: none; the retry horizon decides). */
  maxAttempts: number | null;
  retryBaseMs: number;
  /** Back-off cap: a provider that recovers is used again within this. */
  retryMaxDelayMs: number;
  /** How long each outward channel keeps retrying a delivery, from its creation. */
  retryHorizonMs: { EMAIL: number; TELEGRAM: number; ZALO: number; WEB_PUSH: number };
  sendTimeoutMs: number;
  /** How long a claim protects a send in progress (a crashed worker's claim expires after it). */
  claimLeaseMs: number;
  /** In-app alone counts as reaching a person (installations that work in-app only). */
  inAppReaches: boolean;
  concurrency: number;
  ackTokenTtlHours: number;
  email: {
    host: string;
    port: number;
    secure: boolean;
    requireTls: boolean;
    rejectUnauthorized: boolean;
    user?: string;
    password?: string;
    from: string;
    maxConnections: number;
    ratePerSecond: number;
  } | null;
  telegram: {
    botToken: string;
    apiUrl: string;
    webhookSecret: string;
    botUsername?: string;
    ratePerSecond: number;
  } | null;
  zalo: {
    appId: string;
    appSecret: string;
    oaSecretKey: string;
    refreshToken: string;
    apiUrl: string;
    oauthUrl: string;
    ratePerSecond: number;
    /** Webhook events whose timestamp is further than this from now are refused (replays). */
    webhookMaxAgeSeconds: number;
  } | null;
  /** Web Push (RFC 8030/8291/8292) to browsers that subscribed; VAPID identifies this server. */
  webPush: {
    publicKey: string;
    privateKey: string;
    subject: string;
    ttlSeconds: number;
    ratePerSecond: number;
    /** http:// endpoints on loopback are accepted (never in production). */
    allowLoopbackHttp: boolean;
  } | null;
}

/** Thrown when the environment does not validate; its message is the one line the operator sees. */
export class ConfigError extends Error {}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'environment');
  const given = env[name];
  const shown =
    given === undefined
      ? 'nothing'
      : /SECRET|PASSWORD|TOKEN/.test(name)
        ? 'a hidden value'
        : JSON.stringify(given);
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
  if (!e.REDIS_SENTINELS !== !e.REDIS_SENTINEL_NAME) {
    throw new ConfigError(
      `Invalid configuration: ${e.REDIS_SENTINELS ? 'REDIS_SENTINEL_NAME' : 'REDIS_SENTINELS'}: required with ${e.REDIS_SENTINELS ? 'REDIS_SENTINELS' : 'REDIS_SENTINEL_NAME'}`,
    );
  }
  if (e.REDIS_SENTINELS && e.REDIS_URL) {
    throw new ConfigError(
      'Invalid configuration: REDIS_URL: not with REDIS_SENTINELS (the Sentinels say where the primary is)',
    );
  }
  if (isProduction && !e.JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET: required in production (at least 32 characters)',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const notifications = notificationsConfig(e, dataDir);
  return {
    env: e.NODE_ENV,
    isProduction,
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      queueDashboard: e.QUEUE_DASHBOARD,
    },
    dataDir,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: {
      url: e.REDIS_URL,
      prefix: e.REDIS_PREFIX,
      sentinel:
        e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME
          ? { sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME }
          : undefined,
    },
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
      twoFactorRequiredRoles: e.TWO_FACTOR_REQUIRED_ROLES.split(',').filter((r) => r && r !== 'none'),
      passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
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
    worker: { concurrency: e.WORKER_CONCURRENCY, reconcileSeconds: e.ESCALATION_RECONCILE_SECONDS },
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    notifications,
    audit: auditConfig(e, dataDir),
  };
}

function auditConfig(e: z.infer<typeof envSchema>, dataDir: string): AuditCheckpointConfig {
  // Tests share DATA_DIR; a suite that wants checkpoints names its own files.
  const defaults = e.NODE_ENV === 'development';
  const syslog = e.AUDIT_CHECKPOINT_SYSLOG ? new URL(e.AUDIT_CHECKPOINT_SYSLOG) : null;
  return {
    signingKeyFile: e.AUDIT_SIGNING_KEY_FILE
      ? path.resolve(e.AUDIT_SIGNING_KEY_FILE)
      : defaults
        ? path.join(dataDir, 'audit-signing-key.pem')
        : null,
    verifyKeyFile: e.AUDIT_VERIFY_KEY_FILE ? path.resolve(e.AUDIT_VERIFY_KEY_FILE) : null,
    directory: e.AUDIT_CHECKPOINT_DIR
      ? path.resolve(e.AUDIT_CHECKPOINT_DIR)
      : defaults
        ? path.join(dataDir, 'audit-checkpoints')
        : null,
    intervalSeconds: e.AUDIT_CHECKPOINT_SECONDS,
    syslog: syslog ? { host: syslog.hostname, port: Number(syslog.port || 514) } : null,
    emailTo: e.AUDIT_CHECKPOINT_EMAIL ?? null,
  };
}

/** A channel is on when its settings are complete; half a channel's settings is a start-up error. */
function notificationsConfig(e: z.infer<typeof envSchema>, dataDir: string): NotificationsConfig {
  const missing = (group: string, names: string[]) => {
    throw new ConfigError(
      `Invalid configuration: ${names.join(', ')}: required when ${group} is configured (or unset them all to turn ${group} off)`,
    );
  };
  if (e.SMTP_HOST && !e.SMTP_FROM) missing('SMTP_HOST', ['SMTP_FROM']);
  if (e.SMTP_USER && !e.SMTP_PASSWORD) missing('SMTP_USER', ['SMTP_PASSWORD']);
  if (e.TELEGRAM_BOT_TOKEN && !e.TELEGRAM_WEBHOOK_SECRET)
    missing('TELEGRAM_BOT_TOKEN', ['TELEGRAM_WEBHOOK_SECRET']);
  const zalo = {
    ZALO_APP_ID: e.ZALO_APP_ID,
    ZALO_APP_SECRET: e.ZALO_APP_SECRET,
    ZALO_OA_SECRET_KEY: e.ZALO_OA_SECRET_KEY,
    ZALO_REFRESH_TOKEN: e.ZALO_REFRESH_TOKEN,
  };
  const zaloGiven = Object.entries(zalo).filter(([, v]) => v);
  if (zaloGiven.length && zaloGiven.length < 4) {
    missing(
      'Zalo',
      Object.entries(zalo)
        .filter(([, v]) => !v)
        .map(([k]) => k),
    );
  }
  const publicUrl = (e.NOTIFY_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    publicUrl,
    maxAttempts: e.NOTIFY_MAX_ATTEMPTS ?? null,
    retryBaseMs: e.NOTIFY_RETRY_BASE_MS,
    retryMaxDelayMs: e.NOTIFY_RETRY_MAX_DELAY_MS,
    retryHorizonMs: {
      EMAIL: Math.round(e.NOTIFY_EMAIL_RETRY_MINUTES * 60_000),
      TELEGRAM: Math.round(e.NOTIFY_TELEGRAM_RETRY_MINUTES * 60_000),
      ZALO: Math.round(e.NOTIFY_ZALO_RETRY_MINUTES * 60_000),
      WEB_PUSH: Math.round(e.NOTIFY_WEB_PUSH_RETRY_MINUTES * 60_000),
    },
    sendTimeoutMs: e.NOTIFY_SEND_TIMEOUT_MS,
    claimLeaseMs: e.NOTIFY_CLAIM_LEASE_MS ?? e.NOTIFY_SEND_TIMEOUT_MS * 2 + 30_000,
    inAppReaches: e.NOTIFY_IN_APP_REACHES,
    concurrency: e.NOTIFY_CONCURRENCY,
    ackTokenTtlHours: e.NOTIFY_ACK_TOKEN_TTL_HOURS,
    email:
      e.SMTP_HOST && e.SMTP_FROM
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE,
            requireTls: e.SMTP_REQUIRE_TLS,
            rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
            user: e.SMTP_USER,
            password: e.SMTP_PASSWORD,
            from: e.SMTP_FROM,
            maxConnections: e.SMTP_MAX_CONNECTIONS,
            ratePerSecond: e.EMAIL_RATE_PER_SECOND,
          }
        : null,
    telegram:
      e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_WEBHOOK_SECRET
        ? {
            botToken: e.TELEGRAM_BOT_TOKEN,
            apiUrl: e.TELEGRAM_API_URL.replace(/\/+$/, ''),
            webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
            botUsername: e.TELEGRAM_BOT_USERNAME,
            ratePerSecond: e.TELEGRAM_RATE_PER_SECOND,
          }
        : null,
    zalo:
      e.ZALO_APP_ID && e.ZALO_APP_SECRET && e.ZALO_OA_SECRET_KEY && e.ZALO_REFRESH_TOKEN
        ? {
            appId: e.ZALO_APP_ID,
            appSecret: e.ZALO_APP_SECRET,
            oaSecretKey: e.ZALO_OA_SECRET_KEY,
            refreshToken: e.ZALO_REFRESH_TOKEN,
            apiUrl: e.ZALO_API_URL.replace(/\/+$/, ''),
            oauthUrl: e.ZALO_OAUTH_URL.replace(/\/+$/, ''),
            ratePerSecond: e.ZALO_RATE_PER_SECOND,
            webhookMaxAgeSeconds: e.ZALO_WEBHOOK_MAX_AGE_SECONDS,
          }
        : null,
    webPush: webPushConfig(e, dataDir, publicUrl),
  };
}

/**
 * Web Push is on outside production unless WEB_PUSH_ENABLED=false, with VAPID keys from the
 * settings or generated once under DATA_DIR (tests: per process, like the JWT secret). In
 * production it is on when the keys are given, and WEB_PUSH_ENABLED=true without them is an error:
 * new keys would silently orphan every browser's subscription.
 */
function webPushConfig(
  e: z.infer<typeof envSchema>,
  dataDir: string,
  publicUrl: string,
): NotificationsConfig['webPush'] {
  const isProduction = e.NODE_ENV === 'production';
  const given = [e.WEB_PUSH_VAPID_PUBLIC_KEY, e.WEB_PUSH_VAPID_PRIVATE_KEY].filter(Boolean).length;
  if (given === 1) {
    throw new ConfigError(
      'Invalid configuration: WEB_PUSH_VAPID_PUBLIC_KEY, WEB_PUSH_VAPID_PRIVATE_KEY: give both or neither',
    );
  }
  if (isProduction && e.WEB_PUSH_ALLOW_LOOPBACK_HTTP) {
    throw new ConfigError('Invalid configuration: WEB_PUSH_ALLOW_LOOPBACK_HTTP: not allowed in production');
  }
  const enabled = e.WEB_PUSH_ENABLED ?? (given === 2 || !isProduction);
  if (!enabled) return null;
  let keys: { publicKey: string; privateKey: string };
  if (given === 2) {
    keys = { publicKey: e.WEB_PUSH_VAPID_PUBLIC_KEY!, privateKey: e.WEB_PUSH_VAPID_PRIVATE_KEY! };
    if (!vapidPairMatches(keys)) {
      throw new ConfigError(
        'Invalid configuration: WEB_PUSH_VAPID_PRIVATE_KEY: does not belong to WEB_PUSH_VAPID_PUBLIC_KEY',
      );
    }
  } else if (isProduction) {
    throw new ConfigError(
      'Invalid configuration: WEB_PUSH_VAPID_PUBLIC_KEY, WEB_PUSH_VAPID_PRIVATE_KEY: required in production when WEB_PUSH_ENABLED is true (npx web-push generate-vapid-keys)',
    );
  } else {
    keys = developmentVapidKeys(dataDir, e.NODE_ENV === 'test');
  }
  const host = new URL(publicUrl).hostname;
  return {
    ...keys,
    // Apple's push service refuses a localhost subject; a mailto: works everywhere.
    subject:
      e.WEB_PUSH_SUBJECT ??
      (publicUrl.startsWith('https://') && host !== 'localhost'
        ? publicUrl
        : 'mailto:tocsin@localhost.localdomain'),
    ttlSeconds: e.WEB_PUSH_TTL_SECONDS,
    ratePerSecond: e.WEB_PUSH_RATE_PER_SECOND,
    allowLoopbackHttp: e.WEB_PUSH_ALLOW_LOOPBACK_HTTP,
  };
}

function newVapidKeys(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: ecdh.getPrivateKey().toString('base64url'),
  };
}

function vapidPairMatches(keys: { publicKey: string; privateKey: string }): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'));
    return ecdh.getPublicKey().toString('base64url') === keys.publicKey;
  } catch {
    return false;
  }
}

/** Kept under DATA_DIR so browsers' subscriptions survive restarts (they are bound to the public key). */
function developmentVapidKeys(
  dataDir: string,
  ephemeral: boolean,
): { publicKey: string; privateKey: string } {
  if (ephemeral) return newVapidKeys();
  const file = path.join(dataDir, 'web-push-vapid.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
    if (vapidPairMatches(stored)) return stored;
  } catch {
    // Not there yet (or unreadable): make a pair below.
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const keys = newVapidKeys();
  try {
    // `wx`: when the api and the worker start together, the first writer wins and both read its pair.
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
    return keys;
  } catch {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  }
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
