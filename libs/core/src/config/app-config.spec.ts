import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ConfigError, loadConfig } from './app-config';

const message = (env: Record<string, string>): string => {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('loadConfig', () => {
  it('gives safe defaults for everything optional', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
    expect(config.graphql.introspection).toBe(true);
    expect(config.demo).toEqual({ enabled: true, password: 'Tocsin@2026!' });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) }).demo.enabled).toBe(false);
    expect(config.auth.jwtSecret).toHaveLength(64);
  });

  it.each([
    [
      { PORT: 'abc' },
      /^Invalid configuration: PORT: expected a whole number between 1 and 65535 \(got "abc"\)$/,
    ],
    [{ PORT: '70000' }, /PORT: .*65535/],
    [
      { DATABASE_URL: 'mysql://x' },
      /DATABASE_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL: expected a URL starting with redis:\/\/ or rediss:\/\//],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA: expected true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: /],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET: expected at least 32 characters \(got a hidden value\)/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET: required in production/],
    [{ INCIDENT_CODE_PREFIX: 'inc' }, /INCIDENT_CODE_PREFIX: expected 2-8 capital letters/],
  ])('refuses %j with one clear line', (env, expected) => {
    const text = message(env);
    expect(text).toMatch(expected);
    expect(text).not.toContain('\n');
  });

  it('names every wrong variable at once', () => {
    const text = message({ PORT: 'abc', DEMO_DATA: 'maybe' });
    expect(text).toMatch(/PORT: .*DEMO_DATA: /);
  });

  it('turns introspection off and cookies secure in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) });
    expect(config.graphql.introspection).toBe(false);
    expect(config.auth.cookieSecure).toBe(true);
  });
});

describe('loadConfig: web push', () => {
  const pair = () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    return config.notifications.webPush!;
  };

  it('is on outside production with a generated pair, and off in production unless keys are given', () => {
    const generated = pair();
    expect(Buffer.from(generated.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(generated.privateKey, 'base64url')).toHaveLength(32);
    expect(generated.subject).toBe('mailto:tocsin@localhost.localdomain');
    expect(loadConfig({ NODE_ENV: 'test', WEB_PUSH_ENABLED: 'false' }).notifications.webPush).toBeNull();
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) };
    expect(loadConfig(production).notifications.webPush).toBeNull();
    const on = loadConfig({
      ...production,
      WEB_PUSH_VAPID_PUBLIC_KEY: generated.publicKey,
      WEB_PUSH_VAPID_PRIVATE_KEY: generated.privateKey,
      NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
    }).notifications.webPush!;
    expect(on).toMatchObject({ publicKey: generated.publicKey, subject: 'https://tocsin.example.gov.vn' });
  });

  it('keeps the generated pair under DATA_DIR in development', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vapid-'));
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }).notifications.webPush!;
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }).notifications.webPush!;
    expect(second.publicKey).toBe(first.publicKey);
    expect(second.privateKey).toBe(first.privateKey);
  });

  it.each([
    [
      { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), WEB_PUSH_ENABLED: 'true' },
      /required in production/,
    ],
    [{ WEB_PUSH_VAPID_PUBLIC_KEY: 'x'.repeat(87) }, /give both or neither/],
    [{ WEB_PUSH_VAPID_PUBLIC_KEY: 'short', WEB_PUSH_VAPID_PRIVATE_KEY: 'x'.repeat(43) }, /87 characters/],
    [{ WEB_PUSH_SUBJECT: 'http://x.example' }, /mailto:<address> or an https:\/\/ URL/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), WEB_PUSH_ALLOW_LOOPBACK_HTTP: 'true' },
      /not allowed in production/,
    ],
  ])('refuses %j', (env, expected) => {
    const text = message(env);
    expect(text).toMatch(expected);
    expect(text).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });

  it('refuses a private key that does not belong to the public key', () => {
    const a = pair();
    const b = pair();
    expect(
      message({ WEB_PUSH_VAPID_PUBLIC_KEY: a.publicKey, WEB_PUSH_VAPID_PRIVATE_KEY: b.privateKey }),
    ).toMatch(/does not belong/);
  });
});
