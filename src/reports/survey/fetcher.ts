import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A polite fetcher for published reports: a few requests at a time overall, one at a time per site
 * with a pause between them, retries with back-off on network errors, 5xx and 429 (honouring
 * Retry-After), a time limit and a size limit per document, and an optional cache on disk (fresh for a
 * day, then revalidated with ETag / Last-Modified). Errors are `FetchError`s with a Chinese message.
 *
 * robots.txt is not consulted: a survey is started by a person for named addresses of published official
 * documents and fetches a few documents per site at a person's pace, as a browser would (search engines'
 * user-triggered fetchers work the same way); it never crawls a site beyond the links that name a report.
 */

export interface FetchedDocument {
  /** The address asked for. */
  readonly url: string;
  /** The address answered after redirects. */
  readonly finalUrl: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly fromCache: boolean;
}

export class FetchError extends Error {
  override readonly name = 'FetchError';
}

export interface FetcherOptions {
  /** Requests in flight at once, all sites together. */
  readonly concurrency?: number;
  /** Pause between the start of two requests to one site (ms). */
  readonly hostDelayMs?: number;
  /** Further attempts after a failure that may pass (network, timeout, 5xx, 429). */
  readonly retries?: number;
  /** First back-off (ms); doubled at each attempt. */
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Folder of the cache, or null for none. */
  readonly cacheDir?: string | null;
  /** How long a cached document is used without asking the site again (ms). */
  readonly maxAgeMs?: number;
  readonly userAgent?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface Fetcher {
  get(url: string): Promise<FetchedDocument>;
  /** Requests sent to sites (not answered from the cache). */
  readonly stats: { requests: number; cacheHits: number; retries: number };
}

export const DEFAULT_USER_AGENT =
  'Gongkai-report-checker/1.0 (open government information annual report survey)';

interface CacheMeta {
  readonly url: string;
  readonly finalUrl: string;
  readonly contentType: string;
  readonly fetchedAt: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

const RETRY_AFTER_CAP_MS = 30_000;

/** A counting semaphore. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function statusMessage(status: number, url: string): string {
  if (status === 404 || status === 410) return `网页不存在（${status}）：${url}`;
  if (status === 401 || status === 403) return `网站拒绝访问（${status}）：${url}`;
  if (status === 429) return `网站要求稍后再访问（429）：${url}`;
  if (status >= 500) return `网站出错（${status}）：${url}`;
  return `网站返回了意外的状态（${status}）：${url}`;
}

function networkMessage(e: unknown, url: string, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return `网站在 ${Math.round(timeoutMs / 1000)} 秒内没有响应：${url}`;
  const code = err.cause?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `找不到这个网站（域名无法解析）：${url}`;
  if (code === 'ECONNREFUSED') return `网站拒绝连接：${url}`;
  if (code.startsWith('CERT') || code.includes('TLS') || code.includes('SSL'))
    return `网站的安全证书有问题，无法安全连接：${url}`;
  return `无法连接网站（${code || err.message}）：${url}`;
}

async function readLimited(res: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes)
    throw new FetchError(
      `文件太大（${Math.round(declared / 1048576)} MB，上限 ${maxBytes / 1048576} MB）：${url}`,
    );
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new FetchError(`文件太大（上限 ${maxBytes / 1048576} MB）：${url}`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

class RetryableError extends FetchError {
  constructor(
    message: string,
    readonly afterMs: number | null = null,
  ) {
    super(message);
  }
}

function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.min(s * 1000, RETRY_AFTER_CAP_MS);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - now), RETRY_AFTER_CAP_MS);
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const o = {
    concurrency: options.concurrency ?? 4,
    hostDelayMs: options.hostDelayMs ?? 500,
    retries: options.retries ?? 2,
    backoffMs: options.backoffMs ?? 1000,
    timeoutMs: options.timeoutMs ?? 20_000,
    maxBytes: options.maxBytes ?? 30 * 1024 * 1024,
    cacheDir: options.cacheDir ?? null,
    maxAgeMs: options.maxAgeMs ?? 24 * 3600_000,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
  };
  const overall = limiter(o.concurrency);
  const perHost = new Map<string, { run: ReturnType<typeof limiter>; last: number }>();
  const stats = { requests: 0, cacheHits: 0, retries: 0 };

  const host = (url: string) => {
    const h = new URL(url).host;
    let entry = perHost.get(h);
    if (!entry) {
      entry = { run: limiter(1), last: 0 };
      perHost.set(h, entry);
    }
    return entry;
  };

  const cachePaths = (url: string) => {
    const key = createHash('sha256').update(url).digest('hex');
    return { meta: join(o.cacheDir!, `${key}.json`), body: join(o.cacheDir!, `${key}.bin`) };
  };

  async function readCache(url: string): Promise<{ meta: CacheMeta; bytes: Buffer } | null> {
    if (!o.cacheDir) return null;
    const p = cachePaths(url);
    try {
      const meta = JSON.parse(await readFile(p.meta, 'utf8')) as CacheMeta;
      if (meta.url !== url) return null;
      return { meta, bytes: await readFile(p.body) };
    } catch {
      return null;
    }
  }

  async function writeCache(meta: CacheMeta, bytes: Buffer): Promise<void> {
    if (!o.cacheDir) return;
    const p = cachePaths(meta.url);
    try {
      await mkdir(o.cacheDir, { recursive: true });
      const tmp = `${p.body}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, p.body);
      await writeFile(`${p.meta}.${process.pid}.tmp`, JSON.stringify(meta));
      await rename(`${p.meta}.${process.pid}.tmp`, p.meta);
    } catch {
      // A cache that cannot be written only costs a fetch next time.
    }
  }

  async function once(url: string, cached: { meta: CacheMeta; bytes: Buffer } | null) {
    const h = host(url);
    // One request at a time per site, then a free slot overall: a busy site never holds up the others.
    return h.run(() =>
      overall(async () => {
        const wait = h.last + o.hostDelayMs - o.now();
        if (wait > 0) await o.sleep(wait);
        h.last = o.now();
        stats.requests++;
        const headers: Record<string, string> = {
          'user-agent': o.userAgent,
          accept:
            'text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,*/*;q=0.5',
          'accept-language': 'zh-CN,zh;q=0.9',
        };
        if (cached?.meta.etag) headers['if-none-match'] = cached.meta.etag;
        if (cached?.meta.lastModified) headers['if-modified-since'] = cached.meta.lastModified;
        let res: Response;
        try {
          res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(o.timeoutMs) });
        } catch (e) {
          throw new RetryableError(networkMessage(e, url, o.timeoutMs));
        }
        if (res.status === 304 && cached) {
          await res.body?.cancel();
          return { meta: { ...cached.meta, fetchedAt: o.now() }, bytes: cached.bytes, notModified: true };
        }
        if (res.status === 429 || res.status >= 500) {
          await res.body?.cancel();
          throw new RetryableError(
            statusMessage(res.status, url),
            retryAfterMs(res.headers.get('retry-after'), o.now()),
          );
        }
        if (res.status >= 400) {
          await res.body?.cancel();
          throw new FetchError(statusMessage(res.status, url));
        }
        let bytes: Buffer;
        try {
          bytes = await readLimited(res, o.maxBytes, url);
        } catch (e) {
          if (e instanceof FetchError) throw e;
          throw new RetryableError(networkMessage(e, url, o.timeoutMs));
        }
        const meta: CacheMeta = {
          url,
          finalUrl: res.url || url,
          contentType: res.headers.get('content-type') ?? '',
          fetchedAt: o.now(),
          etag: res.headers.get('etag'),
          lastModified: res.headers.get('last-modified'),
        };
        return { meta, bytes, notModified: false };
      }),
    );
  }

  async function get(url: string): Promise<FetchedDocument> {
    const cached = await readCache(url);
    if (cached && o.now() - cached.meta.fetchedAt < o.maxAgeMs) {
      stats.cacheHits++;
      return {
        url,
        finalUrl: cached.meta.finalUrl,
        contentType: cached.meta.contentType,
        bytes: cached.bytes,
        fromCache: true,
      };
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const got = await once(url, cached);
        await writeCache(got.meta, got.bytes);
        return {
          url,
          finalUrl: got.meta.finalUrl,
          contentType: got.meta.contentType,
          bytes: got.bytes,
          fromCache: got.notModified,
        };
      } catch (e) {
        if (!(e instanceof RetryableError) || attempt >= o.retries) {
          if (e instanceof FetchError) throw new FetchError(e.message);
          throw e;
        }
        stats.retries++;
        await o.sleep(e.afterMs ?? o.backoffMs * 2 ** attempt);
      }
    }
  }

  return { get, stats };
}
