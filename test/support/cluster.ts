/**
 * Real processes for the several-servers test and bench (decision 012): a PostgreSQL instance of its own
 * in a temporary folder (never the shared server: the test restarts it), app servers started as
 * `node bin/gongkai.js serve`, nginx in front of them, and a small HTTP client with cookies.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadDemoIfEmpty } from '../../src/demo/demo.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function whichNginx(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  return null;
}

export const postgresAvailable = () => existsSync(join(PG_BIN, 'initdb'));

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program as the `postgres` user when we are root (initdb refuses root). */
function pgCommand(program: string, args: readonly string[]): void {
  const file = join(PG_BIN, program);
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

export interface PostgresInstance {
  readonly port: number;
  /** A URL of database `name` on this instance. */
  url(name: string): string;
  /** `pg_ctl restart -m fast`, without blocking the event loop (clients keep running meanwhile). */
  restart(): Promise<void>;
  stop(): void;
}

/** A new PostgreSQL cluster in `dir` (initdb), listening on 127.0.0.1 at a free port. */
export async function startPostgres(dir: string): Promise<PostgresInstance> {
  const data = join(dir, 'pgdata');
  mkdirSync(data, { recursive: true });
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  chmodSync(dir, 0o755);
  pgCommand('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=32MB`;
  const ctl = (action: string, extra: readonly string[] = []) =>
    pgCommand('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', ...extra, action]);
  ctl('start');
  return {
    port,
    url: (name) => `postgres://postgres@127.0.0.1:${port}/${name}`,
    restart: () =>
      new Promise<void>((resolve, reject) => {
        const args = [
          '-D',
          data,
          '-o',
          options,
          '-l',
          join(dir, 'postgres.log'),
          '-w',
          '-m',
          'fast',
          'restart',
        ];
        const file = join(PG_BIN, 'pg_ctl');
        const child = isRoot()
          ? spawn('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'ignore' })
          : spawn(file, args, { stdio: 'ignore' });
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart: ${code}`))));
      }),
    stop: () => {
      try {
        ctl('stop', ['-m', 'immediate']);
      } catch {
        /* already stopped */
      }
    },
  };
}

/** Creates database `name`, migrates it and loads the demo (as an operator would before production start). */
export async function prepareDatabase(instance: PostgresInstance, name: string, demoPassword: string) {
  const admin = new pg.Client({ connectionString: instance.url('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const handle = await openDatabase({ kind: 'postgres', url: instance.url(name) });
  await migrateToLatest(handle.db, handle.dialect);
  await loadDemoIfEmpty(handle.db, new Date().toISOString(), demoPassword);
  return handle;
}

export interface AppProcess {
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** Starts `node bin/gongkai.js serve` with `env` on a free port, and waits until /readyz answers 200. */
export async function startApp(env: Record<string, string>, onPort?: number): Promise<AppProcess> {
  const port = onPort ?? (await freePort());
  const child = spawn(process.execPath, [join(ROOT, 'bin/gongkai.js'), 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Shanghai', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const app = { port, child, output: () => out, exited };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`app server exited at start: ${out}`);
    const r = await request({ port, path: '/readyz' }).catch(() => null);
    if (r?.status === 200) return app;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app server not ready within 60 s: ${out}`);
    }
    await sleep(100);
  }
}

export interface Nginx {
  readonly port: number;
  stop(): Promise<void>;
  errorLog(): string;
}

/**
 * nginx in front of the app servers, from a generated configuration in `dir`. Retries to the other
 * server only where safe: `proxy_next_upstream error timeout` without `non_idempotent`, so a POST is
 * passed to the next server only when it could not be sent to the first (connection refused), never
 * after it may have been processed (decision 012).
 */
export async function startNginx(
  binary: string,
  dir: string,
  upstreamPorts: readonly number[],
): Promise<Nginx> {
  const port = await freePort();
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d), { recursive: true });
  const conf = `
${isRoot() ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  upstream gongkai {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 25m;
    location / {
      proxy_pass http://gongkai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  const child = spawn(binary, ['-p', dir, '-c', file, '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    try {
      return execFileSync('cat', [join(dir, 'error.log')]).toString();
    } catch {
      return '';
    }
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start: ${errorLog()}`);
    const r = await request({ port, path: '/healthz' }).catch(() => null);
    if (r?.status === 200) break;
    if (i > 200) throw new Error(`nginx not answering: ${errorLog()}`);
    await sleep(50);
  }
  return {
    port,
    errorLog,
    async stop() {
      child.kill('SIGQUIT');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function request(options: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  agent?: http.Agent;
}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent ?? keepAlive,
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** A browser-like client of one server (or nginx): keeps cookies and the last page's CSRF token. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(
    readonly port: number,
    /** Sent as X-Forwarded-For (nginx appends its own peer): the client address the app sees in production. */
    readonly clientAddress = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private keep(res: Response): Response {
    const set = res.headers['set-cookie'] ?? [];
    for (const line of set) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
    return res;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-forwarded-for': this.clientAddress,
      ...extra,
    };
  }

  async get(path: string): Promise<Response> {
    return this.keep(await request({ port: this.port, path, headers: this.headers() }));
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form }).toString();
    return this.keep(
      await request({
        port: this.port,
        path,
        method: 'POST',
        body,
        headers: this.headers({
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        }),
      }),
    );
  }

  async login(login: string, password: string): Promise<void> {
    await this.get('/admin/login');
    const res = await this.post('/admin/login', { login, password });
    if (res.status !== 303) throw new Error(`login ${login}: ${res.status}`);
    await this.get(String(res.headers.location ?? '/admin'));
  }
}

/** A temporary folder for one run, removed by `remove` (PostgreSQL's files belong to postgres when we are root). */
export function tempFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const randomSecret = () => randomBytes(32).toString('base64url');
