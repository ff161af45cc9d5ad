import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.tsx';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { loadDemoIfEmpty } from '../../src/demo/demo.ts';
import { type Clock, fixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const DEMO_PASSWORD = 'Demo-Pass-2026';
export const TEST_NOW = '2026-11-25T02:00:00.000Z';

/** Uploads of tests that name no folder go to one temporary folder of this process, never into the checkout. */
let defaultUploadDir: string | null = null;
function testUploadDir(): string {
  if (defaultUploadDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-uploads-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    defaultUploadDir = dir;
  }
  return defaultUploadDir;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const r = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-session-secret-0123456789-abcdefghijklmnop',
    UPLOAD_DIR: overrides.UPLOAD_DIR ?? testUploadDir(),
    ...overrides,
  });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.config;
}

export interface TestContext {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly config: Config;
  agent(): Agent;
  close(): Promise<void>;
}

/** The real app on a real, fresh database (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set) with the demo loaded. */
export async function startTestApp(
  options: {
    demo?: boolean;
    config?: Record<string, string>;
    database?: TestDatabase;
    /** Extra routes for a test (e.g. one that throws), added before the app is ready. */
    configure?: (app: FastifyInstance) => void;
  } = {},
): Promise<TestContext> {
  const database = options.database ?? (await createTestDatabase());
  const clock = fixedClock(TEST_NOW);
  const config = testConfig(options.config);
  if (options.demo !== false) await loadDemoIfEmpty(database.db, TEST_NOW, DEMO_PASSWORD);
  const app = await createApp({
    config,
    db: database.db,
    dialect: database.dialect,
    clock,
    calendar: new CalendarProvider(),
  });
  try {
    options.configure?.(app);
    await app.ready();
  } catch (err) {
    await app.close().catch(() => {});
    if (!options.database) await database.destroy();
    throw err;
  }
  return {
    app,
    database,
    clock,
    config,
    agent: () => new Agent(app, clock),
    async close() {
      await app.close();
      if (!options.database) await database.destroy();
    },
  };
}

let agents = 0;
/** A client address of its own for each agent (10.0.0.1, 10.0.0.2, …), as distinct visitors have. */
function nextClientAddress(): string {
  agents += 1;
  return `10.${(agents >> 16) & 255}.${(agents >> 8) & 255}.${agents & 255}`;
}

/**
 * A browser-like client over app.inject: keeps cookies (expired by the app's clock), fills the CSRF
 * token into forms. Each agent comes from its own client address, so the per-address rate limits apply
 * to it as to one visitor.
 */
export class Agent {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | null = null;
  constructor(
    private readonly app: FastifyInstance,
    private readonly clock: Clock,
    readonly remoteAddress: string = nextClientAddress(),
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < this.clock.now().getTime()))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrfToken = m[1];
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The Cookie header this client sends (for a hand-made request through app.inject). */
  cookieHeaderValue(): string {
    return this.cookieHeader();
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader() },
      }),
    );
  }

  /** POSTs a form; the CSRF token of the last page seen is added unless `_csrf` is given (null = omit). */
  async post(
    url: string,
    form: Record<string, string>,
    options: { csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    if (this.csrfToken === null && options.csrf === undefined) await this.get('/admin/login');
    const token = options.csrf === undefined ? this.csrfToken : options.csrf;
    const body = new URLSearchParams({ ...form, ...(token === null ? {} : { _csrf: token }) }).toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      }),
    );
  }

  async login(login: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/admin/login');
    const res = await this.post('/admin/login', { login, password });
    if (res.statusCode !== 303) throw new Error(`login ${login} failed: ${res.statusCode}`);
    // As a browser does: follow to the dashboard, whose forms carry a token bound to the new session.
    await this.get(String(res.headers.location ?? '/admin'));
    return res;
  }
}

/** The visible text of an HTML page, tags removed and whitespace folded (for assertions). */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}
