/** The public progress lookup: the form (查询码 + last 4) and, after the check, the case and its letters. */
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PortalBreadcrumbs,
  PostForm,
  SummaryList,
  TextInput,
} from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { cnDate } from './application.views.tsx';
import { formatFileSize } from './documents.rules.ts';
import { LOOKUP_PROOF_MINUTES } from './letter-delivery.rules.ts';
import type { LookupLetter, LookupResult } from './lookup.model.ts';

const p = paths.applications;

function LetterItem({ l }: { l: LookupLetter }) {
  return (
    <li>
      <strong>{l.title}</strong>
      {l.docNumber ? `（${l.docNumber}）` : ''}，{cnDate(l.sentOn)}发出
      {l.delivery ? `；送达方式：${l.delivery}` : ''}
      {l.toApplicant ? (
        <>
          <br />
          <a href={p.lookupLetter({ letterId: l.id })}>查看全文</a>
          {' · '}
          <a href={p.lookupLetterPdf({ letterId: l.id })}>下载 PDF</a>
          {l.attachments.length > 0 ? (
            <ol class="gk-attachments">
              {l.attachments.map((f) => (
                <li>
                  附件：<a href={p.lookupFile({ attachmentId: f.id })}>{f.fileName}</a>（
                  {formatFileSize(f.size)}）
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : (
        <span class="gk-secondary">（致第三方的征求意见等文书，不向申请人提供全文）</span>
      )}
    </li>
  );
}

function Result({ r, csrf }: { r: LookupResult; csrf: string }) {
  return (
    <>
      <h2>
        {r.agencyName} · 申请编号 {r.serial}
      </h2>
      <SummaryList
        rows={[
          { key: '所需政府信息', value: <span class="gk-pre">{r.request}</span> },
          { key: '信息形式', value: r.formWantedLabel },
          { key: '获取方式', value: r.deliveryLabel },
          { key: '办理状态', value: r.statusLabel },
          { key: '收到申请之日', value: r.receivedOn ? cnDate(r.receivedOn) : '待确认' },
          {
            key: '答复期限',
            value: r.replyDue ? `${cnDate(r.replyDue)}${r.provisional ? '（暂定）' : ''}` : '—',
          },
          ...(r.answeredOn ? [{ key: '答复日期', value: cnDate(r.answeredOn) }] : []),
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
      <h3 id="letters">已发出的文书</h3>
      {r.letters.length === 0 ? (
        <p>暂无。</p>
      ) : (
        <>
          <p class="gk-hint">
            文书全文、PDF 和附件的链接在本次查询后 {r.filesMinutes ?? LOOKUP_PROOF_MINUTES}{' '}
            分钟内有效，仅限本浏览器；过期后请重新查询。
          </p>
          <ul class="gk-lookup-letters">
            {r.letters.map((l) => (
              <LetterItem l={l} />
            ))}
          </ul>
        </>
      )}
      <PostForm action={p.lookupEnd()} csrf={csrf}>
        <Button variant="secondary">结束查询</Button>
      </PostForm>
      <h2>查询其他申请</h2>
    </>
  );
}

export function LookupPage(props: {
  csrf: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  notFound?: boolean;
  /** Sent here from a letter link without a valid lookup proof. */
  expired?: boolean;
  ended?: boolean;
  result?: LookupResult | undefined;
}) {
  const r = props.result;
  return (
    <Page title="查询申请办理进度" area="portal" hasErrors={Boolean(props.errors)}>
      <PortalBreadcrumbs item="查询申请办理进度" />
      <ErrorSummary errors={props.errors} />
      <h1>查询申请办理进度</h1>
      {props.notFound ? (
        <Notice tone="warning">
          没有找到与查询码和后 4 位相符的申请。请检查后重试；多次失败后需稍后再试。
        </Notice>
      ) : null}
      {props.expired ? (
        <Notice tone="warning">
          {`请先输入查询码和后 4 位查询，再查看或下载文书（查询后 ${LOOKUP_PROOF_MINUTES} 分钟内有效）。`}
        </Notice>
      ) : null}
      {props.ended ? <Notice tone="success">已结束查询。</Notice> : null}
      {r ? <Result r={r} csrf={props.csrf} /> : null}
      <PostForm action={p.lookup()} csrf={props.csrf}>
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
