import { paths } from '../shared/paths.ts';
import { Button, Notice, PostForm, Tag } from '../shared/ui/components.tsx';
import type { Explanation } from './explanation.rules.ts';
import type { ReportStatus } from './report.model.ts';
import { STATUS_LABELS } from './report.service.ts';
import { distinctProblems, type Finding } from './rules/findings.ts';
import { cellName } from './rules/labels.ts';

/** Parts of the report pages: status tag, findings list, the report stylesheet. */

const STATUS_TONES: Record<ReportStatus, 'grey' | 'blue' | 'yellow' | 'green'> = {
  draft: 'grey',
  submitted: 'blue',
  approved: 'yellow',
  published: 'green',
};

export function StatusTag({ status }: { status: ReportStatus | null }) {
  return status ? (
    <Tag tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Tag>
  ) : (
    <Tag tone="grey">未开始</Tag>
  );
}

export function ReportCss() {
  return <link rel="stylesheet" href={paths.reports.css()} />;
}

/** Who marked a finding and when, e.g. “宽城区主管 于 2026-11-25 说明”. */
export function markedBy(e: Explanation): string {
  return `${e.createdByName ?? '已停用账号'} 于 ${e.createdAt.slice(0, 10)} 说明`;
}

export function FindingsList({
  findings,
  empty,
  explained,
  explainHref,
}: {
  findings: readonly Finding[];
  empty?: string;
  /** 已说明 marks of the findings that occur now, by finding id. */
  explained?: ReadonlyMap<string, Explanation> | undefined;
  /** Link to mark a finding (shown to those who may). */
  explainHref?: ((id: string) => string) | undefined;
}) {
  if (findings.length === 0) return <Notice tone="success">{empty ?? '未发现问题。'}</Notice>;
  // One entry per distinct problem: the cells of one joint correction are listed, and counted, once.
  const errors = distinctProblems(findings.filter((f) => f.severity === 'error'));
  const warnings = distinctProblems(findings.filter((f) => f.severity === 'warning'));
  const hints = distinctProblems(findings.filter((f) => f.severity === 'hint'));
  const marks = explained ?? new Map<string, Explanation>();
  // A problem is 已说明 when its leading finding is (the entry's own mark and link are on it).
  const nExplained = (list: readonly Finding[][]) => list.filter((group) => marks.has(group[0]!.id)).length;
  const ofWhich = (list: readonly Finding[][]) =>
    nExplained(list) > 0 ? `（其中已说明 ${nExplained(list)} 项）` : '';
  const details = (f: Finding) =>
    f.expected !== null && f.actual !== null && f.rule !== 'READ_UNREADABLE'
      ? `规则 ${f.rule}；应为 ${String(f.expected)}，实际 ${String(f.actual)}；编号 ${f.id}`
      : `规则 ${f.rule}；编号 ${f.id}`;
  const explainLink = (f: Finding) =>
    explainHref ? (
      <>
        {' '}
        <a href={explainHref(f.id)}>
          {marks.has(f.id) ? '修改或取消说明' : '标记为已说明'}
          <span class="gk-visually-hidden">：问题 {f.id}</span>
        </a>
      </>
    ) : null;
  const note = (f: Finding) => {
    const mark = marks.get(f.id);
    return mark ? (
      <p class="gk-finding-note">
        说明：{mark.note}
        <span class="gk-hint">
          （{markedBy(mark)}
          {f.severity === 'error' ? '；错误仍须改正后才能发布' : '；视为已处理'}）
        </span>
      </p>
    ) : null;
  };
  return (
    <div class="gk-findings">
      <p>
        共发现错误 {errors.length} 项{ofWhich(errors)}，提醒 {warnings.length} 项{ofWhich(warnings)}
        {hints.length > 0 ? `，文字提示 ${hints.length} 项（不影响发布）` : ''}。
      </p>
      <ol>
        {[...errors, ...warnings, ...hints].map((group) => {
          const [f, ...alsoCells] = group as [Finding, ...Finding[]];
          return (
            <li id={`finding-${f.id}`}>
              <Tag tone={f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'grey'}>
                {f.severity === 'error' ? '错误' : f.severity === 'warning' ? '提醒' : '文字提示'}
              </Tag>{' '}
              {marks.has(f.id) ? (
                <>
                  <Tag tone={f.severity === 'error' ? 'blue' : 'green'}>已说明</Tag>{' '}
                </>
              ) : null}
              {f.message}
              <span class="gk-hint">（{details(f)}）</span>
              {note(f)}
              {explainLink(f)}
              {alsoCells.map((o) => (
                <p class="gk-finding-also" id={`finding-${o.id}`}>
                  同一处错误也涉及{cellName(o.row, o.column)}
                  <span class="gk-hint">（{details(o)}）</span>
                  {note(o)}
                  {explainLink(o)}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Marks whose finding no longer occurs (已失效): kept and listed, removable by those who may mark. */
export function StaleExplanations(props: {
  stale: readonly Explanation[];
  removeAction?: ((findingId: string) => string) | undefined;
  csrf: string;
}) {
  if (props.stale.length === 0) return null;
  return (
    <>
      <h3>已失效的说明</h3>
      <p>以下说明对应的问题在重新检查后已不再出现（可能已经改正），保留备查。</p>
      <ul class="gk-list">
        {props.stale.map((e) => (
          <li>
            <Tag tone="grey">已失效</Tag> 问题 {e.findingId}：{e.note}
            <span class="gk-hint">（{markedBy(e)}）</span>
            {props.removeAction ? (
              <PostForm action={props.removeAction(e.findingId)} csrf={props.csrf} class="gk-inline-form">
                <Button variant="secondary">
                  删除<span class="gk-visually-hidden">问题 {e.findingId} 的</span>失效说明
                </Button>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
