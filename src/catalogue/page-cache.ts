import { randomBytes } from 'node:crypto';
import { writeNotifications, writeVersion } from '../db/write-version.ts';

/**
 * Rendered public portal pages, kept per process (docs/decisions/005-page-throughput.md).
 *
 * A page is reused only while (1) no statement that may have written data has run in this process
 * since it was rendered (`writeVersion`, exact for this process's own writes, including those of
 * tests and the CLI) and (2) it is younger than `ttlMs` (2 s by default, on a monotonic clock), which bounds how long a
 * write made by another process sharing the database can go unseen. Keys include the request URL and
 * today's date. On PostgreSQL the app server also listens for other servers' committed writes
 * (`src/db/write-listener.ts`, decision 012), and renders afresh while it cannot. Only pages that are the same for every visitor are kept; the per-visitor CSRF token
 * is rendered as `CSRF_PLACEHOLDER` and substituted on every response.
 */
export const CSRF_PLACEHOLDER = `gk-csrf-${randomBytes(12).toString('hex')}`;

interface Entry {
  readonly version: number;
  readonly expires: number;
  readonly html: string;
}

export interface PageCacheOptions {
  /** How long a page is reused at most, in ms (2 s by default; 0 keeps nothing). */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Pages longer than this many characters are not kept. */
  readonly maxBytes?: number;
  /** A monotonic clock in ms (`performance.now` by default; tests pass one they advance). */
  readonly now?: () => number;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: PageCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 2000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxBytes = options.maxBytes ?? 512 * 1024;
    this.now = options.now ?? (() => performance.now());
  }

  async get(key: string, render: () => Promise<string>): Promise<string> {
    const now = this.now();
    // Other servers' writes cannot reach us (the listener is down): render every time until they can.
    if (writeNotifications() === 'down') return render();
    const hit = this.entries.get(key);
    if (hit && hit.version === writeVersion() && hit.expires > now) return hit.html;
    // The version is read before the data, so a write during rendering makes the entry stale.
    const version = writeVersion();
    const html = await render();
    if (this.ttlMs > 0 && html.length <= this.maxBytes) {
      this.entries.delete(key);
      if (this.entries.size >= this.maxEntries) {
        // Drop the oldest entry (a Map iterates in insertion order).
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, { version, expires: now + this.ttlMs, html });
    }
    return html;
  }

  clear(): void {
    this.entries.clear();
  }
}
