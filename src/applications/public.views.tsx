/** Public pages: the 依申请公开 column and the lookup (the online form's pages: `apply.views.tsx`). */
import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  SummaryList,
  TextInput,
} from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import type { LookupResult } from './application.model.ts';
import { cnDate } from './application.views.tsx';
import { formatFileSize } from './documents.rules.ts';
import { ART33_EXTENSION_MAX_WORKING_DAYS, ART33_REPLY_WORKING_DAYS } from './rules/statute.ts';

export function ApplyColumnPage(props: { agency: Agency }) {
  const a = props.agency;
  return (
    <Page title={`依申请公开 - ${a.name}`} area="portal">
      <Breadcrumbs
        items={[
          { href: paths.portal.home(), label: '首页' },
          { href: paths.portal.agency({ agencyId: a.id }), label: a.name },
          { label: '依申请公开' },
        ]}
      />
      <span class="gk-caption">{a.name}</span>
      <h1>依申请公开</h1>
      <p>
        公民、法人或者其他组织可以向本机关申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。
        {`本机关自收到申请之日起 ${ART33_REPLY_WORKING_DAYS} 个工作日内答复；需要延长的，延长期限最长不超过 ${ART33_EXTENSION_MAX_WORKING_DAYS} 个工作日。`}
      </p>
      <p>
        <a class="gk-button" href={paths.applications.apply({ agencyId: a.id })}>
          在线提出申请
        </a>
      </p>
      <p>
        <a href={paths.applications.lookup()}>用查询码查询办理进度</a>
      </p>
      <p>
        也可以按<a href={paths.portal.guide({ agencyId: a.id })}>政府信息公开指南</a>
        所列的地址以信函、传真或当面提出申请。
      </p>
    </Page>
  );
}

export type { LookupResult };

export function LookupPage(props: {
  csrf: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  notFound?: boolean;
  result?: LookupResult | undefined;
}) {
  const r = props.result;
  return (
    <Page title="查询申请办理进度" area="portal" hasErrors={Boolean(props.errors)}>
      <ErrorSummary errors={props.errors} />
      <h1>查询申请办理进度</h1>
      {props.notFound ? (
        <Notice tone="warning">
          没有找到与查询码和后 4 位相符的申请。请检查后重试；多次失败后需稍后再试。
        </Notice>
      ) : null}
      {r ? (
        <>
          <h2>
            {r.agencyName} · 申请编号 {r.serial}
          </h2>
          <SummaryList
            rows={[
              { key: '办理状态', value: r.statusLabel },
              { key: '收到申请之日', value: r.receivedOn ? cnDate(r.receivedOn) : '待确认' },
              {
                key: '答复期限',
                value: r.replyDue ? `${cnDate(r.replyDue)}${r.provisional ? '（暂定）' : ''}` : '—',
              },
              ...(r.closedOn ? [{ key: '办结日期', value: cnDate(r.closedOn) }] : []),
              ...(r.outcomeLabel ? [{ key: '办理结果', value: r.outcomeLabel }] : []),
            ]}
          />
          <h3>办理过程</h3>
          <ul>
            {r.steps.map((s) => (
              <li>
                {cnDate(s.date)}：{s.label}
              </li>
            ))}
          </ul>
          <h3>已发出的文书</h3>
          {r.letters.some((l) => l.attachments.length > 0) ? (
            <p class="gk-hint">文书附件的下载链接在本次查询后 {r.filesMinutes ?? 30} 分钟内有效。</p>
          ) : null}
          {r.letters.length === 0 ? (
            <p>暂无。</p>
          ) : (
            <ul>
              {r.letters.map((l) => (
                <li>
                  {cnDate(l.sentOn)}：{l.title}
                  {l.attachments.length > 0 ? (
                    <ol class="gk-attachments">
                      {l.attachments.map((f) => (
                        <li>
                          附件：
                          <a href={paths.applications.lookupFile({ attachmentId: f.id })}>{f.fileName}</a>（
                          {formatFileSize(f.size)}）
                        </li>
                      ))}
                    </ol>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <PostForm action={paths.applications.lookup()} csrf={props.csrf}>
        <TextInput
          name="code"
          label="查询码"
          hint="提交申请后得到的 12 位查询码，例如 AB12-CD34-EF56"
          value={props.values.code}
          error={props.errors?.code}
          width="half"
          spellcheck={false}
          autocomplete="off"
        />
        <TextInput
          name="last4"
          label="联系电话或证件号码的后 4 位"
          value={props.values.last4}
          error={props.errors?.last4}
          width="code"
          autocomplete="off"
        />
        <Button>查询</Button>
      </PostForm>
    </Page>
  );
}
