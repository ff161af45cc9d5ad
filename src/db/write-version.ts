import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
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

const READ_ONLY = /^\s*(select|pragma|explain)\b/i;
const WRITE_WORD = /\b(insert|update|delete|merge|create|drop|alter)\b/i;

function isRead(node: OperationNode): boolean {
  if (node.kind === 'SelectQueryNode') return true;
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
