import type { Child } from 'hono/jsx';
import { formatDate } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import {
  Button,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  Tag,
  Textarea,
} from '../shared/ui/components.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { CatalogueItem, ItemVersion, Topic } from './catalogue.model.ts';
import { REVISION_STATUS_LABELS, type Revision, topicLabel } from './catalogue.model.ts';
import { basisLabel, VALIDITY_LABELS, type Validity } from './catalogue.rules.ts';
import {
  changedFields,
  changeSummary,
  FIELD_LABELS,
  HISTORY_FIELDS,
  REVISABLE_FIELDS,
  type RevisableField,
  type RevisableValues,
} from './revision.rules.ts';
import { htmlToText } from './sanitize.ts';

const BODY_PREVIEW = 2000;

/** A revisable value as staff read it (labels for codes, plain text for the body). */
function display(field: RevisableField, v: string | number | null, topics: readonly Topic[]): string {
  if (v === null || v === '') return '（空）';
  switch (field) {
    case 'topicId':
      return topicLabel(topics, Number(v)) ?? `分类 ${v}`;
    case 'basis':
      return basisLabel(String(v));
    case 'validity':
      return VALIDITY_LABELS[v as Validity] ?? String(v);
    case 'bodyHtml': {
      const text = htmlToText(String(v));
      return text.length > BODY_PREVIEW ? `${text.slice(0, BODY_PREVIEW)}……` : text;
    }
    case 'writtenOn':
    case 'validityOn':
      return formatDate(String(v));
    case 'interpretsId':
      return `信息编号 ${v}`;
    default:
      return String(v);
  }
}

/** The field-level changes of a revision: label, published value, proposed value. */
export function revisionRows(
  base: RevisableValues,
  proposed: RevisableValues,
  topics: readonly Topic[],
): { field: RevisableField; label: string; before: string; after: string }[] {
  return changedFields(base, proposed, REVISABLE_FIELDS).map((f) => ({
    field: f,
    label: FIELD_LABELS[f],
    before: display(f, base[f], topics),
    after: display(f, proposed[f], topics),
  }));
}

/** What changed from one version to the next (newest first, as listed): `名称、正文`. */
export function versionChanges(versions: readonly ItemVersion[]): Map<number, string> {
  const out = new Map<number, string>();
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i]!;
    const prev = versions[i + 1];
    out.set(
      v.version,
      prev ? changeSummary(changedFields(prev.snapshot, v.snapshot, HISTORY_FIELDS)) : '新建',
    );
  }
  return out;
}

/** The revision under review on the item page: the changes, and the reviewer's or clerk's actions. */
export function PendingRevision(props: {
  item: CatalogueItem;
  revision: Revision;
  topics: readonly Topic[];
  csrf: string;
  canEdit: boolean;
  canApprove: boolean;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const r = props.revision;
  const i = props.item;
  const f = fieldBinder(props.values, props.errors);
  const rows = revisionRows(r.base, r.proposed, props.topics);
  const onRevision = (action: string, children: Child) => (
    <PostForm action={action} csrf={props.csrf}>
      <input type="hidden" name="revisionId" value={String(r.id)} />
      {children}
    </PostForm>
  );
  return (
    <section aria-labelledby="revision-title" class="gk-revision">
      <h2 id="revision-title">
        待审核的修改 <Tag tone="yellow">待审核</Tag>
      </h2>
      <p>
        {r.createdByName ?? '经办人'}于 {r.updatedAt.slice(0, 16).replace('T', ' ')}{' '}
        提交。门户仍显示已发布的内容，审核通过后替换，索引号和发布日期不变。
      </p>
      <p>修改说明：{r.note}</p>
      <Table caption="修改的内容" columns={['项目', '已发布的内容', '修改为']}>
        {rows.map((x) => (
          <tr>
            <th scope="row">{x.label}</th>
            <td class="gk-revision__before">{x.before}</td>
            <td class="gk-revision__after">{x.after}</td>
          </tr>
        ))}
      </Table>
      {props.canApprove ? (
        <>
          {onRevision(
            paths.catalogue.revisionApprove({ itemId: i.id }),
            <>
              <Textarea
                {...f('revisionSecrecyNote')}
                label="对修改内容的保密审查意见"
                rows={2}
                hint="谁公开谁审查、谁审查谁负责：确认修改后的内容不涉及国家秘密、商业秘密和个人隐私"
              />
              <Button>审核通过并发布修改</Button>
            </>,
          )}
          {onRevision(
            paths.catalogue.revisionReject({ itemId: i.id }),
            <>
              <Textarea {...f('revisionComment')} label="退回修改的理由" rows={2} />
              <Button variant="secondary">退回修改（已发布的内容不变）</Button>
            </>,
          )}
        </>
      ) : null}
      {props.canEdit ? (
        <p>
          <LinkButton href={paths.catalogue.revise({ itemId: i.id })}>继续修改</LinkButton>
        </p>
      ) : null}
      {props.canEdit
        ? onRevision(
            paths.catalogue.revisionCancel({ itemId: i.id }),
            <Button variant="secondary">撤销这项修改</Button>,
          )
        : null}
    </section>
  );
}

/** Every revision of the item: who asked for what, and what the reviewer decided. */
export function RevisionHistory(props: { revisions: readonly Revision[]; topics: readonly Topic[] }) {
  if (props.revisions.length === 0) return null;
  return (
    <>
      <h2>修改记录</h2>
      <Table columns={['提交', '修改的项目', '修改说明', '审核']}>
        {props.revisions.map((r) => (
          <tr>
            <td>
              {r.createdByName ?? '经办人'}
              <br />
              {r.createdAt.slice(0, 16).replace('T', ' ')}
            </td>
            <td>{changeSummary(changedFields(r.base, r.proposed, REVISABLE_FIELDS))}</td>
            <td>{r.note}</td>
            <td>
              {REVISION_STATUS_LABELS[r.status]}
              {r.resultVersion ? `（第 ${r.resultVersion} 版）` : ''}
              {r.reviewedByName ? `，${r.reviewedByName}` : ''}
              {r.reviewedAt ? ` ${r.reviewedAt.slice(0, 16).replace('T', ' ')}` : ''}
              {r.reviewComment ? `：${r.reviewComment}` : ''}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

/** The last decision on a revision when it was returned (shown to the clerk above the form). */
export function RejectedNotice({ revision }: { revision: Revision | undefined }) {
  if (revision?.status !== 'rejected') return null;
  return (
    <Notice tone="warning">
      上一次修改已被退回（{revision.reviewedByName ?? '审核人'}）：{revision.reviewComment}
    </Notice>
  );
}
