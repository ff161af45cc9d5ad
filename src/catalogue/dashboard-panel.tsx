import type { AuthedUser } from '../accounts/auth.ts';
import { can } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { paths } from '../shared/paths.ts';
import { Tag } from '../shared/ui/components.tsx';
import { scopeAgencyIds } from './catalogue.queries.ts';
import { countPending } from './catalogue.repository.ts';
import { countOpenMessages } from './messages.repository.ts';
import { itemsWithOpenRevision } from './revision.repository.ts';

/** The proactive-disclosure part of the dashboard (items to review, Art. 26 overdue marks). */
export async function cataloguePanel(deps: Deps, viewer: AuthedUser, today: string) {
  if (!can(viewer, 'catalogue.view')) return null;
  const ids = await scopeAgencyIds(deps.db, viewer);
  const p = await countPending(deps.db, ids, today);
  const m = await countOpenMessages(deps.db, ids, today);
  const revisions = (await itemsWithOpenRevision(deps.db, ids)).size;
  return (
    <>
      <li>
        <a href={paths.catalogue.list(undefined, { status: 'review' })}>主动公开信息待审核 {p.review} 条</a>
        {p.overdue > 0 ? (
          <>
            {' '}
            <Tag tone="red">超过第二十六条公开期限 {p.overdue} 条</Tag>
          </>
        ) : null}
        {p.dueSoon > 0 ? (
          <>
            {' '}
            <Tag tone="yellow">7 日内到期 {p.dueSoon} 条</Tag>
          </>
        ) : null}
      </li>
      {revisions > 0 ? (
        <li>
          <a href={paths.catalogue.list(undefined, { status: 'published' })}>
            已发布信息的修改待审核 {revisions} 条
          </a>
        </li>
      ) : null}
      <li>
        <a href={paths.catalogue.messages()}>咨询与网民纠错待答复 {m.open} 件</a>
        {m.overdue > 0 ? (
          <>
            {' '}
            <Tag tone="red">纠错超过 3 个工作日 {m.overdue} 件</Tag>
          </>
        ) : null}
      </li>
    </>
  );
}
