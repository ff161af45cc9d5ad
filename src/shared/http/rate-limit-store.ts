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

/** Counters in this process's memory, per key, for one window each; the oldest dropped beyond `max` keys. */
export class MemoryCounters {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();
  constructor(private readonly max = 10_000) {}

  hit(key: string, windowMs: number, nowMs: number): { current: number; ttl: number } {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= nowMs) {
      this.windows.delete(key);
      if (this.windows.size >= this.max) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      w = { hits: 0, resetAt: nowMs + windowMs };
      this.windows.set(key, w);
    }
    w.hits++;
    return { current: w.hits, ttl: w.resetAt - nowMs };
  }
}

/**
 * A @fastify/rate-limit store for several app servers on one PostgreSQL (decision 012). The limits of
 * the routes that declare their own (sign-in, the public form, the lookup by 查询码, the checker: the
 * ones that stop guessing and abuse) count in the database (`rate_limit_hits`), shared by every server,
 * each route under its own key prefix like the plugin's Redis store. The global limit of every other
 * route (RATE_LIMIT_PER_MINUTE) counts in each process's memory: a database write on every page view
 * would cost more than the cached page itself (measured in decision 012), and n servers allowing n × the
 * global limit is acceptable where the guessing-sensitive limits stay exact. A failing database fails
 * the count; the plugin is configured with `skipOnError`, so a request is then let through.
 */
export function databaseRateLimitStore(db: Db, clock: () => number = Date.now) {
  let nextSweep = 0;
  class DatabaseStore implements FastifyRateLimitStore {
    private readonly memory: MemoryCounters | null;
    constructor(
      _options?: unknown,
      /** The route's key prefix; none for the global limit, which is counted in memory. */
      private readonly prefix: string | null = null,
    ) {
      this.memory = prefix === null ? new MemoryCounters() : null;
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = clock();
      if (this.memory) {
        cb(null, this.memory.hit(key, timeWindow, now));
        return;
      }
      if (now >= nextSweep) {
        nextSweep = now + SWEEP_MS;
        deleteEndedWindows(db, now - SWEEP_MS).catch(() => {});
      }
      countHit(db, `${this.prefix}${key}`, timeWindow, now).then(
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
