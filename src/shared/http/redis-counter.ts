import { connect, type Socket } from 'node:net';

/**
 * Just enough of a Redis client for the shared rate-limit counters (decision 012): one connection,
 * commands pipelined in order, replies parsed from the RESP protocol; reconnects on the next command
 * after the connection is lost. Every command fails at once while Redis cannot be reached (the rate
 * limit then lets the request through: `skipOnError`).
 */

type Reply = string | number | null | Reply[] | Error;

/** Parses one RESP reply from `buf` at `at`: the value and where the next one starts, or null if incomplete. */
export function parseReply(buf: string, at = 0): { value: Reply; next: number } | null {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const type = buf[at];
  const line = buf.slice(at + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new Error(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      // Bulk lengths count bytes: our replies are ASCII, and a non-ASCII one is only ever skipped whole.
      const bytes = Buffer.from(buf.slice(after), 'utf8');
      if (bytes.length < length + 2) return null;
      const text = bytes.subarray(0, length).toString('utf8');
      return { value: text, next: after + text.length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let k = 0; k < count; k++) {
        const item = parseReply(buf, next);
        if (!item) return null;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      return {
        value: new Error(`unexpected Redis reply: ${JSON.stringify(buf.slice(at, eol))}`),
        next: after,
      };
  }
}

export function encodeCommand(args: readonly (string | number)[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

interface Pending {
  resolve(value: Reply): void;
  reject(err: Error): void;
}

/** Where a `redis://[user:password@]host[:port][/db]` URL points. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string | null;
  readonly password: string | null;
  readonly db: number;
}

/** Reads a REDIS_URL; a string is the problem (in Chinese). */
export function parseRedisUrl(url: string): RedisTarget | string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '应为 redis://[用户名:密码@]主机[:端口][/库号]，例如 redis://127.0.0.1:6379/0';
  }
  if (u.protocol !== 'redis:') return '只支持 redis://（同一机房内的 Redis），例如 redis://127.0.0.1:6379/0';
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) return `库号应为非负整数：${u.pathname.slice(1)}`;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
    db,
  };
}

export class RedisConnection {
  private socket: Socket | null = null;
  private buffer = '';
  private readonly pending: Pending[] = [];

  constructor(private readonly target: RedisTarget) {}

  private open(): Socket {
    const socket = connect({ host: this.target.host, port: this.target.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    socket.setEncoding('utf8');
    this.buffer = '';
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (;;) {
        const r = parseReply(this.buffer);
        if (!r) break;
        this.buffer = this.buffer.slice(r.next);
        const p = this.pending.shift();
        if (!p) continue;
        if (r.value instanceof Error) p.reject(r.value);
        else p.resolve(r.value);
      }
    });
    const lost = (err?: Error) => {
      if (this.socket !== socket) return;
      this.socket = null;
      socket.destroy();
      const failed = this.pending.splice(0);
      for (const p of failed) p.reject(err ?? new Error('Redis connection closed'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    this.socket = socket;
    const { username, password, db } = this.target;
    const ignore = { resolve: () => {}, reject: () => {} };
    if (password) {
      socket.write(encodeCommand(username ? ['AUTH', username, password] : ['AUTH', password]));
      this.pending.push(ignore);
    }
    if (db !== 0) {
      socket.write(encodeCommand(['SELECT', db]));
      this.pending.push(ignore);
    }
    return socket;
  }

  command(args: readonly (string | number)[]): Promise<Reply> {
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(encodeCommand(args));
    });
  }

  close(): void {
    const s = this.socket;
    this.socket = null;
    s?.end();
    for (const p of this.pending.splice(0)) p.reject(new Error('Redis connection closed'));
  }
}
