import type { Role, Scope } from '../accounts/roles.ts';
import type { Finding } from './rules/findings.ts';

/**
 * "已说明" marks: a supervisor explains a finding of a sub-agency's report (e.g. a figure that is right
 * although a rule flags it). The mark is keyed by the finding's stable id, so it survives re-checking;
 * a mark whose finding no longer occurs is 已失效 (kept). An explained error still blocks publishing.
 * Pure rules, no I/O.
 */

export const EXPLANATION_NOTE_MAX = 500;
/** Finding ids are `RULE-xxxxxxxx` (rules/findings.ts findingId). */
export const FINDING_ID_PATTERN = /^[A-Z][A-Z0-9_]{0,30}-[0-9a-f]{8}$/;

export interface Explanation {
  readonly id: number;
  readonly agencyId: number;
  readonly year: number;
  readonly findingId: string;
  readonly note: string;
  readonly createdBy: number | null;
  /** Display name of who marked it (null when the account is gone). */
  readonly createdByName: string | null;
  readonly createdAt: string;
}

export function isFindingId(v: string): boolean {
  return FINDING_ID_PATTERN.test(v);
}

/** The reason typed by the supervisor: required, at most 500 characters (line breaks kept). */
export function parseExplanationNote(
  raw: unknown,
): { ok: true; note: string } | { ok: false; error: string } {
  const note = (typeof raw === 'string' ? raw : '').replace(/\r\n/g, '\n').trim();
  if (note === '') return { ok: false, error: '请填写说明理由' };
  if ([...note].length > EXPLANATION_NOTE_MAX)
    return { ok: false, error: `说明理由不能超过 ${EXPLANATION_NOTE_MAX} 个字` };
  return { ok: true, note };
}

/**
 * Who may mark findings of an agency's report as explained: an administrator, or a supervisor
 * (政务公开主管) of an agency above it (a sub-agency of the supervisor's own; not its own report).
 */
export function mayExplain(
  viewer: { readonly role: Role; readonly scope: Scope },
  agencyPath: string,
): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role !== 'supervisor' || viewer.scope.kind !== 'subtree') return false;
  return agencyPath.startsWith(viewer.scope.path) && agencyPath !== viewer.scope.path;
}

export interface AnnotatedFindings {
  readonly findings: readonly Finding[];
  /** Marks of findings that occur now, by finding id. */
  readonly explained: ReadonlyMap<string, Explanation>;
  /** Marks whose finding no longer occurs (已失效): kept, listed apart. */
  readonly stale: readonly Explanation[];
}

/** Splits the marks of a report into those of current findings and the stale ones. */
export function annotateFindings(
  findings: readonly Finding[],
  marks: readonly Explanation[],
): AnnotatedFindings {
  const ids = new Set(findings.map((f) => f.id));
  const explained = new Map<string, Explanation>();
  const stale: Explanation[] = [];
  for (const m of marks) {
    if (ids.has(m.findingId)) explained.set(m.findingId, m);
    else stale.push(m);
  }
  return { findings, explained, stale };
}

/** Error findings not yet explained. */
export function unexplainedErrors(
  findings: readonly Finding[],
  explainedIds: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): Finding[] {
  return findings.filter((f) => f.severity === 'error' && !explainedIds.has(f.id));
}

/** The export for `gongkai check --explained FILE.json`: finding id → note, sorted by id. */
export function explanationsExport(
  marks: readonly Pick<Explanation, 'findingId' | 'note'>[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of [...marks].sort((a, b) =>
    a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0,
  ))
    out[m.findingId] = m.note;
  return out;
}

/**
 * Reads an exported explanations file (a JSON object mapping finding id → note). Returns the map,
 * or a Chinese message saying what is wrong.
 */
export function parseExplanationsJson(text: string): ReadonlyMap<string, string> | string {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return '说明文件不是有效的 JSON。请使用后台“导出已说明标记”得到的文件。';
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return '说明文件应为一个 JSON 对象，键为问题编号，值为说明理由，例如 {"R3-c3f7dac5": "理由"}。';
  const out = new Map<string, string>();
  for (const [id, note] of Object.entries(data as Record<string, unknown>)) {
    if (!isFindingId(id)) return `说明文件中的“${id.slice(0, 40)}”不是问题编号（形如 R3-c3f7dac5）。`;
    if (typeof note !== 'string' || note.trim() === '')
      return `说明文件中问题 ${id} 的说明理由应为非空文字。`;
    out.set(id, note.trim());
  }
  return out;
}
