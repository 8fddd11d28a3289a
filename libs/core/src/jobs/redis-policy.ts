import type Redis from 'ioredis';

/**
 * BullMQ keeps jobs and timers as Redis keys: a Redis that may evict keys can silently lose a
 * deadline. Returns a warning line when the policy is anything but noeviction.
 */
export async function checkRedisEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const answer = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = answer[1];
    if (policy && policy !== 'noeviction') {
      return `REDIS maxmemory-policy is "${policy}", not "noeviction": Redis may evict queued jobs and SLA timers. Set maxmemory-policy noeviction.`;
    }
    return null;
  } catch {
    return 'Could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is "noeviction".';
  }
}
