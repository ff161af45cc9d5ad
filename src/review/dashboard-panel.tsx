import type { AuthedUser } from '../accounts/auth.ts';
import { replyDueText } from '../applications/review-mail.ts';
import { formatDateTime } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { paths } from '../shared/paths.ts';
import { Tag } from '../shared/ui/components.tsx';
import { returnedLettersOf, reviewQueueOf } from './review.service.ts';
import { DeadlineTag, itemHref, itemKindLabel, letterHref } from './review.views.tsx';

/** How many of the oldest waiting items the dashboard names. */
export const DASHBOARD_OLDEST = 3;

/**
 * The dashboard lines of issue 11: for a reviewer, what waits for their review (counts and the oldest,
 * each linked); for a clerk, the letters returned with the reviewer's reason. Null when nothing waits.
 */
export async function reviewPanel(deps: Deps, viewer: AuthedUser, today: string) {
  const tz = deps.config.timeZone;
  const { letters, items } = await reviewQueueOf(deps.db, viewer);
  const returned = await returnedLettersOf(deps.db, viewer);
  const waiting = (letters?.length ?? 0) + (items?.length ?? 0);
  return (
    <>
      {letters || items ? (
        <li>
          <a href={paths.review.queue()}>
            待我审核：{letters ? `答复文书 ${letters.length} 件` : ''}
            {letters && items ? '，' : ''}
            {items ? `主动公开信息 ${items.length} 条` : ''}
          </a>
          {waiting > 0 ? (
            <ul>
              {(letters ?? []).slice(0, DASHBOARD_OLDEST).map((l) => (
                <li>
                  <a href={letterHref(l)}>
                    {l.serial}《{l.title}》
                  </a>{' '}
                  {formatDateTime(l.submittedAt, tz)}提交，答复期限 {replyDueText(l.replyDue, l.provisional)}{' '}
                  <DeadlineTag due={l.replyDue} today={today} />
                </li>
              ))}
              {(items ?? []).slice(0, DASHBOARD_OLDEST).map((i) => (
                <li>
                  <a href={itemHref(i)}>{i.title}</a>（{itemKindLabel(i)}）{formatDateTime(i.submittedAt, tz)}
                  提交
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ) : null}
      {returned && returned.length > 0 ? (
        <li>
          <Tag tone="red">退回修改的文书 {returned.length} 件</Tag>
          <ul>
            {returned.map((l) => (
              <li>
                <a href={letterHref(l)}>
                  {l.serial}《{l.title}》
                </a>
                ：{l.returnedByName ?? '审核人'}于 {formatDateTime(l.returnedAt, tz)} 退回，理由：
                {l.returnReason}
              </li>
            ))}
          </ul>
        </li>
      ) : null}
    </>
  );
}
