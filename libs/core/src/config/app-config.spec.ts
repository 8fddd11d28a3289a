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
