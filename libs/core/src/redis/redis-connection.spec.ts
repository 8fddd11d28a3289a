import { ConfigError, loadConfig } from '../config/app-config';
import { redisConnectionOptions } from './redis.module';

describe('Redis Sentinel settings', () => {
  it('REDIS_SENTINELS and REDIS_SENTINEL_NAME give every client the Sentinels and the primary name', () => {
    const config = loadConfig({
      REDIS_SENTINELS: '10.0.0.1:26379,sentinel-2.cert.local:26380',
      REDIS_SENTINEL_NAME: 'tocsin-primary',
    });
    expect(config.redis.sentinel).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 'sentinel-2.cert.local', port: 26380 },
      ],
      name: 'tocsin-primary',
    });
    const options = redisConnectionOptions(config.redis, { forBullmq: true });
    expect(options).toMatchObject({
      sentinels: config.redis.sentinel!.sentinels,
      name: 'tocsin-primary',
      maxRetriesPerRequest: null,
    });
    expect(options.host).toBeUndefined();
    // A demoted primary answers writes with READONLY: the client reconnects and asks the Sentinels.
    const reconnect = options.reconnectOnError as (error: Error) => boolean;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(true);
    expect(reconnect(new Error('ERR unknown command'))).toBe(false);
  });

  it.each([
    [{ REDIS_SENTINELS: '10.0.0.1:26379' }, 'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS'],
    [{ REDIS_SENTINEL_NAME: 'mymaster' }, 'REDIS_SENTINELS: required with REDIS_SENTINEL_NAME'],
    [
      { REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_NAME: 'm', REDIS_URL: 'redis://x:6379' },
      'REDIS_URL: not with REDIS_SENTINELS',
    ],
    [{ REDIS_SENTINELS: '10.0.0.1', REDIS_SENTINEL_NAME: 'm' }, 'REDIS_SENTINELS: expected host:port'],
    [{ REDIS_SENTINELS: 'a:1,,b:2', REDIS_SENTINEL_NAME: 'm' }, 'REDIS_SENTINELS: expected host:port'],
    [
      { REDIS_SENTINELS: 'a:70000', REDIS_SENTINEL_NAME: 'm' },
      'REDIS_SENTINELS: expected ports between 1 and 65535',
    ],
    [
      { REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'my master' },
      'REDIS_SENTINEL_NAME: expected the primary',
    ],
  ])('%j is refused: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('REDIS_URL still gives one server: host, port, credentials, database, TLS', () => {
    const config = loadConfig({ REDIS_URL: 'rediss://tocsin:s%40cret@redis.cert.local:6380/2' });
    expect(redisConnectionOptions(config.redis)).toMatchObject({
      host: 'redis.cert.local',
      port: 6380,
      username: 'tocsin',
      password: 's@cret',
      db: 2,
      tls: {},
      maxRetriesPerRequest: 3,
    });
    expect(config.redis.sentinel).toBeUndefined();
  });
});
