/** The reviewer's queue (待我审核): letters and 主动公开 items waiting for review, oldest first. */
import { replyDueText } from '../applications/review-mail.ts';
import { formatChineseDate } from '../calendar/dates.ts';
import { DOC_TYPE_LABELS, type DocType } from '../catalogue/catalogue.rules.ts';
import { formatDateTime } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import { AdminPage } from '../shared/ui/admin-page.tsx';
import { Tag } from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { ItemInReview, LetterInReview, ReviewQueue } from './review.service.ts';

/** Red past the deadline, yellow on its day; nothing before. */
export function DeadlineTag(props: { due: string | null; today: string }) {
  if (!props.due || props.due > props.today) return null;
  return props.due < props.today ? <Tag tone="red">已逾期</Tag> : <Tag tone="yellow">今天到期</Tag>;
}

export const letterHref = (l: LetterInReview) =>
  paths.applications.letter({ applicationId: l.applicationId, letterId: l.letterId });

export const itemHref = (i: ItemInReview) => paths.catalogue.item({ itemId: i.itemId });

export function itemKindLabel(i: ItemInReview): string {
  return i.revisionId === null ? '发布' : '修改已发布信息';
}

function docTypeLabel(docType: string): string {
  return DOC_TYPE_LABELS[docType as DocType] ?? docType;
}

function LettersTable(props: {
  letters: readonly LetterInReview[];
  showAgency: boolean;
  today: string;
  timeZone: string;
}) {
  return (
    <Table
      caption="待审核的答复文书"
      columns={['提交时间', '申请编号', '文书', props.showAgency ? '机构' : null, '提交人', '答复期限']}
    >
      {props.letters.map((l) => (
        <tr>
          <td class="gk-nowrap">{formatDateTime(l.submittedAt, props.timeZone)}</td>
          <td class="gk-nowrap">{l.serial}</td>
          <td>
            <a href={letterHref(l)}>{l.title}</a>
          </td>
          {props.showAgency ? <td>{l.agencyName}</td> : null}
          <td>{l.submittedByName ?? '—'}</td>
          <td>
            {replyDueText(l.replyDue, l.provisional)} <DeadlineTag due={l.replyDue} today={props.today} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

function ItemsTable(props: {
  items: readonly ItemInReview[];
  showAgency: boolean;
  today: string;
  timeZone: string;
}) {
  return (
    <Table
      caption="待审核的主动公开信息"
      columns={['提交时间', '标题', '类别', '审核事项', props.showAgency ? '机构' : null, '公开期限']}
    >
      {props.items.map((i) => (
        <tr>
          <td class="gk-nowrap">{formatDateTime(i.submittedAt, props.timeZone)}</td>
          <td>
            <a href={itemHref(i)}>{i.title}</a>
          </td>
          <td>{docTypeLabel(i.docType)}</td>
          <td>
            {itemKindLabel(i)}
            {i.submittedByName ? `（${i.submittedByName}）` : ''}
          </td>
          {props.showAgency ? <td>{i.agencyName}</td> : null}
          <td>
            {i.publishDue ? (
              <>
                {formatChineseDate(i.publishDue)} <DeadlineTag due={i.publishDue} today={props.today} />
              </>
            ) : (
              '—'
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function ReviewQueuePage(props: {
  ctx: AdminContext;
  queue: ReviewQueue;
  /** Whether the viewer reviews for more than one agency (the agency is then shown). */
  showAgency: boolean;
  today: string;
  timeZone: string;
}) {
  const { letters, items } = props.queue;
  const common = { showAgency: props.showAgency, today: props.today, timeZone: props.timeZone };
  return (
    <AdminPage
      ctx={props.ctx}
      title="待我审核"
      breadcrumbs={[{ href: paths.admin.dashboard(), label: '工作台' }]}
    >
      <p>提交给您审核的事项，最早提交的排在最前。</p>
      {letters ? (
        <section aria-labelledby="letters-title">
          <h2 id="letters-title">答复文书（{letters.length} 件）</h2>
          {letters.length === 0 ? (
            <p class="gk-secondary">没有等待审核的答复文书。</p>
          ) : (
            <LettersTable letters={letters} {...common} />
          )}
        </section>
      ) : null}
      {items ? (
        <section aria-labelledby="items-title">
          <h2 id="items-title">主动公开信息（{items.length} 条）</h2>
          {items.length === 0 ? (
            <p class="gk-secondary">没有等待审核的主动公开信息。</p>
          ) : (
            <ItemsTable items={items} {...common} />
          )}
        </section>
      ) : null}
    </AdminPage>
  );
}
