import pg from 'pg';
import { noteOtherWrite, setWriteNotifications } from './write-version.ts';

/** The channel the database's write triggers notify on commit (migration 0018). */
export const WRITE_CHANNEL = 'gongkai_write';

export interface WriteListener {
  /** Resolves once the first LISTEN is in place (or the listener was stopped). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export interface WriteListenerOptions {
  /** How often the idle connection is checked, in ms (a dead peer is otherwise found only on the next write). */
  readonly pingMs?: number;
  /** Waits between reconnection attempts, in ms: the first, doubled up to the last. */
  readonly retryMs?: readonly [number, number];
}

/**
 * One dedicated PostgreSQL connection per app server that listens for `gongkai_write` (docs/decisions/
 * 012-several-app-servers.md): every write committed by any process on the database bumps this process's
 * write version, so its cached pages are re-rendered at the next request. While the connection is down
 * (PostgreSQL restarting, network) the state is 'down' and the page cache serves nothing; it reconnects
 * with back-off and, once listening again, counts everything cached before as stale.
 */
export function listenForWrites(url: string, options: WriteListenerOptions = {}): WriteListener {
  const pingMs = options.pingMs ?? 5000;
  const [firstRetry, maxRetry] = options.retryMs ?? [100, 2000];
  let stopped = false;
  let client: pg.Client | null = null;
  let retry = firstRetry;
  let timer: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  setWriteNotifications('down');

  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    if (ping) clearInterval(ping);
    ping = null;
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    if (stopped) return;
    setWriteNotifications('down');
    timer = setTimeout(connect, retry);
    retry = Math.min(retry * 2, maxRetry);
  };

  const connect = async () => {
    timer = null;
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, keepAlive: true, query_timeout: 5000 });
    client = c;
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (m) => {
      if (m.channel === WRITE_CHANNEL) noteOtherWrite();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${WRITE_CHANNEL}`);
    } catch {
      lost(c);
      return;
    }
    if (client !== c || stopped) return;
    retry = firstRetry;
    // Writes made while we were not listening were not heard: the version bump inside counts them.
    setWriteNotifications('live');
    markReady();
    ping = setInterval(() => {
      c.query('SELECT 1').catch(() => lost(c));
    }, pingMs);
    ping.unref();
  };

  void connect();
  return {
    ready,
    async stop() {
      stopped = true;
      markReady();
      if (timer) clearTimeout(timer);
      if (ping) clearInterval(ping);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
      setWriteNotifications('local');
    },
  };
}
