import {
  DeleteQueryNode,
  InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
} from 'kysely';

/**
 * A process-wide counter of statements that may have changed data, bumped by every database opened
 * by `openDatabase` (the `WriteTracker` plugin) before and after any statement that is not a read.
 * Per-process caches of public pages compare it to decide whether what they hold may be stale
 * (docs/decisions/005-page-throughput.md). It only sees this process's writes: caches also expire
 * after a few seconds so that writes by other processes show up.
 */
let writes = 0;

export function writeVersion(): number {
  return writes;
}

/**
 * Whether this process hears of other processes' writes (several app servers on PostgreSQL, decision
 * 012): 'local' — no listener (SQLite, tests, the CLI): caches rely on their own writes and a short
 * expiry; 'live' — the `LISTEN gongkai_write` connection is up and every committed write anywhere bumps
 * the version; 'down' — a listener should be up but is not (PostgreSQL restarting, network): nothing may
 * be served from a cache then, since a write elsewhere could not invalidate it.
 */
export type WriteNotifications = 'local' | 'live' | 'down';
let notifications: WriteNotifications = 'local';

export function writeNotifications(): WriteNotifications {
  return notifications;
}

export function setWriteNotifications(state: WriteNotifications): void {
  notifications = state;
  // Whatever was written while the state changed went unheard: nothing cached before counts.
  writes++;
}

/** A write committed elsewhere (another app server, the CLI): what is cached may be stale. */
export function noteOtherWrite(): void {
  writes++;
}

/** Tables whose writes never change what a page shows and that are written on every request. */
const UNTRACKED_TABLES = new Set(['rate_limit_hits']);

const READ_ONLY = /^\s*(select|pragma|explain)\b/i;
const WRITE_WORD = /\b(insert|update|delete|merge|create|drop|alter)\b/i;

function tableOf(node: OperationNode): string | null {
  const target = InsertQueryNode.is(node)
    ? node.into
    : DeleteQueryNode.is(node)
      ? node.from.froms[0]
      : undefined;
  return target && TableNode.is(target) ? target.table.identifier.name : null;
}

function isRead(node: OperationNode): boolean {
  if (node.kind === 'SelectQueryNode') return true;
  const table = tableOf(node);
  if (table !== null && UNTRACKED_TABLES.has(table)) return true;
  if (node.kind === 'RawNode') {
    const text = (node as unknown as { sqlFragments: readonly string[] }).sqlFragments.join(' ');
    if (READ_ONLY.test(text)) return true;
    return /^\s*with\b/i.test(text) && !WRITE_WORD.test(text);
  }
  return false;
}

export class WriteTracker implements KyselyPlugin {
  private readonly pending = new WeakSet<QueryId>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (!isRead(args.node)) {
      writes++;
      this.pending.add(args.queryId);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Bumped again once the statement has run, so a reader that fetched data between the two bumps
    // cannot file it under the final version.
    if (this.pending.delete(args.queryId)) writes++;
    return args.result;
  }
}
