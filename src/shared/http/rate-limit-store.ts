import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db } from '../../db/database.ts';
import { countHit, deleteEndedWindows } from './rate-limit.repository.ts';
import type { RedisConnection } from './redis-counter.ts';

/**
 * What @fastify/rate-limit passes to a store's `child` at run time: the merged limits of one route with
 * its `routeInfo` (its types call it the route's options).
 */
interface RouteLimits {
  readonly routeInfo?: { readonly method?: string | undefined; readonly url?: string | undefined };
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** Old counters are swept at most this often by each process. */
const SWEEP_MS = 60_000;

/**
 * A @fastify/rate-limit store whose counters live in the database (`rate_limit_hits`), shared by every
 * app server on one PostgreSQL (decision 012). Each route with its own limit counts under its own key
 * prefix, like the plugin's Redis store. A failing database fails the count; the plugin is configured
 * with `skipOnError`, so a request is then let through rather than refused.
 */
export function databaseRateLimitStore(db: Db, clock: () => number = Date.now) {
  let nextSweep = 0;
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'all:',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = clock();
      if (now >= nextSweep) {
        nextSweep = now + SWEEP_MS;
        deleteEndedWindows(db, now - SWEEP_MS).catch(() => {});
      }
      countHit(db, this.prefix + key, timeWindow, now).then(
        (r) => cb(null, { current: r.hits, ttl: Math.max(0, r.resetAt - now) }),
        (err: Error) => cb(err),
      );
    }

    child(options: object): DatabaseStore {
      const route = options as RouteLimits;
      return new DatabaseStore(undefined, `${route.routeInfo?.method ?? ''}${route.routeInfo?.url ?? ''}:`);
    }
  }
  return DatabaseStore;
}

/** Counts a hit and starts the window on the first one, atomically: returns the count and the ms left. */
const REDIS_HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * The same store with its counters in Redis (REDIS_URL, decision 012): one round trip a hit, keys that
 * expire by themselves. Keys are namespaced `gongkai:rl:`.
 */
export function redisRateLimitStore(redis: RedisConnection) {
  class RedisStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'gongkai:rl:all:',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      redis.command(['EVAL', REDIS_HIT, 1, this.prefix + key, timeWindow]).then(
        (reply) => {
          const [n, ttl] = Array.isArray(reply) ? reply : [];
          if (typeof n !== 'number' || typeof ttl !== 'number') cb(new Error('unexpected Redis reply'));
          else cb(null, { current: n, ttl: Math.max(0, ttl) });
        },
        (err: Error) => cb(err),
      );
    }

    child(options: object): RedisStore {
      const route = options as RouteLimits;
      return new RedisStore(
        undefined,
        `gongkai:rl:${route.routeInfo?.method ?? ''}${route.routeInfo?.url ?? ''}:`,
      );
    }
  }
  return RedisStore;
}
