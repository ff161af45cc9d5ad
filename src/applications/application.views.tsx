/** Back-office pages of the applications capability: work queue, registration, case page, events, letters. */
import type { Child } from 'hono/jsx';
import { formatChineseDate } from '../calendar/dates.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  Pagination,
  PostForm,
  Radios,
  Select,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
  WarningList,
} from '../shared/ui/components.tsx';
import { FileUpload } from '../shared/ui/file-upload.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { ApplicantFields } from './applicant-fields.tsx';
import type {
  AgencyStats,
  Application,
  Letter,
  LetterAttachment,
  QueueRow,
  StoredEvent,
} from './application.model.ts';
import {
  APPLICANT_TYPE_LABELS,
  type ApplicantType,
  CHANNEL_LABELS,
  DELIVERY_LABELS,
  FORM_WANTED_LABELS,
  formatLookupCode,
  maskIdNumber,
  maskPhone,
} from './application.rules.ts';
import { formatFileSize, LETTER_MAX_ATTACHMENTS } from './documents.rules.ts';
import {
  basisOfNote,
  eventFields,
  eventTitle,
  type FieldSpec,
  FORM_EVENT_TYPES,
  type FormEventType,
} from './event-forms.ts';
import { type ApprovalWarning, LETTER_STAGE_LABELS, letterStage } from './letter.rules.ts';
import type { DeliveryMethod, DeliveryView } from './letter-delivery.rules.ts';
import { DeliveryFields, DeliveryPanel } from './letter-delivery.views.tsx';
import { LETTER_SHEET_CSS, LetterSheet } from './letter-html.tsx';
import type { LetterLayout } from './letter-layout.ts';
import { LetterReviewPanel } from './letter-review.views.tsx';
import { LETTER_KINDS, LETTER_SEAL_LABELS, LETTER_SEALS, LETTER_TITLES, type LetterKind } from './letters.ts';
import {
  type CaseOutcome,
  type CaseStatus,
  type Deadlines,
  EVENT_LABELS,
  outcomeLabel,
  type ReceiptChannel,
  STATUS_LABELS,
} from './rules/timeline.ts';

export function cnDate(d: string | null | undefined): string {
  return d ? formatChineseDate(d) : '—';
}

/** Presenter: the deadline mark of a queue row. */
export function deadlineMark(
  r: { replyDue: string | null; closedOn: string | null; provisional: boolean },
  today: string,
  dueSoonUntil: string,
): { label: string; tone: 'red' | 'yellow' } | null {
  if (r.closedOn || !r.replyDue) return null;
  if (r.replyDue < today) return { label: '已逾期', tone: 'red' };
  if (r.replyDue <= dueSoonUntil) return { label: '即将到期', tone: 'yellow' };
  return null;
}

function statusLabel(s: string): string {
  return STATUS_LABELS[s as CaseStatus] ?? s;
}

const STATUS_FILTERS = [
  { value: 'open', label: '未办结' },
  { value: 'closed', label: '已办结' },
  { value: 'all', label: '全部' },
  ...(
    ['awaiting_confirmation', 'awaiting_correction', 'in_progress', 'consulting', 'awaiting_fee'] as const
  ).map((s) => ({ value: s, label: STATUS_LABELS[s] })),
];

/** Filters a statistics page links the queue with; kept across the queue's own filters and pages. */
export interface QueueNarrowing {
  readonly agency?: number | undefined;
  readonly receivedFrom?: string | undefined;
  readonly receivedTo?: string | undefined;
  readonly closedFrom?: string | undefined;
  readonly closedTo?: string | undefined;
  readonly outcome?: string | undefined;
  readonly late?: true | undefined;
}

function narrowingParams(n: QueueNarrowing): Record<string, string | undefined> {
  return {
    agency: n.agency === undefined ? undefined : String(n.agency),
    receivedFrom: n.receivedFrom,
    receivedTo: n.receivedTo,
    closedFrom: n.closedFrom,
    closedTo: n.closedTo,
    outcome: n.outcome,
    late: n.late ? '1' : undefined,
  };
}

function narrowingText(n: QueueNarrowing, agencyName: string | null): string {
  const parts: string[] = [];
  if (n.agency !== undefined) parts.push(`机构：${agencyName ?? `编号 ${n.agency}`}`);
  if (n.receivedFrom || n.receivedTo)
    parts.push(`收到日期 ${n.receivedFrom ?? '…'} 至 ${n.receivedTo ?? '…'}`);
  if (n.closedFrom || n.closedTo) parts.push(`办结日期 ${n.closedFrom ?? '…'} 至 ${n.closedTo ?? '…'}`);
  if (n.outcome) parts.push(`办理结果：${n.outcome}`);
  if (n.late) parts.push('超过答复期限办结');
  return parts.join('；');
}

export function QueuePage(props: {
  ctx: AdminContext;
  rows: readonly QueueRow[];
  total: number;
  page: number;
  pageSize: number;
  filter: { status: string; overdue: boolean; dueSoon: boolean; q: string; narrowing?: QueueNarrowing };
  today: string;
  dueSoonUntil: string;
  stats: readonly AgencyStats[] | null;
  canHandle: boolean;
  showAgency: boolean;
}) {
  const f = props.filter;
  const narrowing = f.narrowing ?? {};
  const href = (page: number) =>
    paths.applications.queue(undefined, {
      status: f.status,
      overdue: f.overdue ? '1' : undefined,
      dueSoon: f.dueSoon ? '1' : undefined,
      q: f.q || undefined,
      ...narrowingParams(narrowing),
      page: page > 1 ? page : undefined,
    });
  const narrowed = narrowingText(narrowing, props.rows[0]?.agencyName ?? null);
  return (
    <Page title="依申请公开" {...props.ctx}>
      <h1>依申请公开：待办申请</h1>
      <p class="gk-secondary">
        按答复期限排序；“即将到期”指距答复期限不超过 3
        个工作日，“暂定”指期限跨入尚未录入节假日安排的年份，已按法定节假日计算，调休以国务院办公厅通知为准。今天是
        {cnDate(props.today)}。
      </p>
      {props.canHandle ? (
        <p class="gk-actions">
          <LinkButton href={paths.applications.register()} variant="primary">
            登记申请
          </LinkButton>{' '}
          <LinkButton href={paths.applications.ledger(undefined, { year: props.today.slice(0, 4) })}>
            导出台账（XLSX）
          </LinkButton>{' '}
          <LinkButton href={paths.applications.ledgerImport()}>导入历史台账</LinkButton>
        </p>
      ) : (
        <p>
          <a href={paths.applications.ledger(undefined, { year: props.today.slice(0, 4) })}>
            导出台账（XLSX，个人信息已隐去）
          </a>
        </p>
      )}
      {props.stats ? <StatsTable stats={props.stats} /> : null}
      {narrowed ? (
        <p>
          已按统计图表的条件筛选：{narrowed}。<a href={paths.applications.queue()}>清除筛选</a>
        </p>
      ) : null}
      <form method="get" action={paths.applications.queue()} class="gk-filters">
        {Object.entries(narrowingParams(narrowing)).map(([name, value]) =>
          value === undefined ? null : <input type="hidden" name={name} value={value} />,
        )}
        <Select name="status" label="状态" value={f.status} options={STATUS_FILTERS} />
        <div class="gk-form-group">
          {(
            [
              ['overdue', '只看已逾期', f.overdue],
              ['dueSoon', '只看即将到期', f.dueSoon],
            ] as const
          ).map(([name, label, checked]) => (
            <div class="gk-checkboxes__item">
              <input
                class="gk-checkboxes__input"
                id={name}
                name={name}
                type="checkbox"
                value="1"
                checked={checked}
              />
              <label class="gk-checkboxes__label" for={name}>
                {label}
              </label>
            </div>
          ))}
        </div>
        <TextInput name="q" label="申请编号或申请人" value={f.q} type="search" width="half" />
        <Button variant="secondary">筛选</Button>
      </form>
      <p>共 {props.total} 件</p>
      {props.rows.length === 0 ? (
        <p>没有符合条件的申请。</p>
      ) : (
        <Table
          caption="申请列表"
          columns={[
            '申请编号',
            props.showAgency && '机构',
            '申请人',
            '所需信息',
            '收到日期',
            '答复期限',
            '状态',
          ]}
        >
          {props.rows.map((r) => {
            const mark = deadlineMark(r, props.today, props.dueSoonUntil);
            return (
              <tr>
                <td class="gk-nowrap">
                  <a href={paths.applications.show({ applicationId: r.id })}>{r.serial}</a>
                </td>
                {props.showAgency ? <td>{r.agencyName}</td> : null}
                <td>
                  {r.applicantName}
                  <br />
                  <span class="gk-secondary">{APPLICANT_TYPE_LABELS[r.applicantType as ApplicantType]}</span>
                </td>
                <td>{r.request.length > 40 ? `${r.request.slice(0, 40)}…` : r.request}</td>
                <td class="gk-nowrap">{r.receivedOn ? cnDate(r.receivedOn) : '待确认'}</td>
                <td class="gk-nowrap">
                  {r.closedOn ? `已于${cnDate(r.closedOn)}办结` : r.replyDue ? cnDate(r.replyDue) : '—'}
                  {!r.closedOn && r.provisional ? (
                    <>
                      {' '}
                      <Tag tone="grey">暂定</Tag>
                    </>
                  ) : null}
                  {mark ? (
                    <>
                      {' '}
                      <Tag tone={mark.tone}>{mark.label}</Tag>
                    </>
                  ) : null}
                </td>
                <td>
                  {statusLabel(r.status)}
                  {r.outcome ? `：${outcomeLabel(r.outcome as CaseOutcome)}` : ''}
                  {r.repeatOfId ? (
                    <>
                      {' '}
                      <Tag tone="yellow">可能重复申请</Tag>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      <Pagination
        page={props.page}
        pageCount={Math.max(1, Math.ceil(props.total / props.pageSize))}
        href={href}
      />
    </Page>
  );
}

function StatsTable({ stats }: { stats: readonly AgencyStats[] }) {
  const sum = (k: keyof AgencyStats) => stats.reduce((n, s) => n + (s[k] as number), 0);
  return (
    <>
      <h2>各机构办理情况</h2>
      <Table
        class="gk-table--numeric"
        caption="各机构办理情况"
        columns={['机构', '未办结', '已逾期', '即将到期', '本年收到', '本年办结']}
      >
        {stats.map((s) => (
          <tr>
            <th scope="row">{s.agencyName}</th>
            <td>{s.open}</td>
            <td>{s.overdue}</td>
            <td>{s.dueSoon}</td>
            <td>{s.receivedThisYear}</td>
            <td>{s.closedThisYear}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">合计</th>
          <td>{sum('open')}</td>
          <td>{sum('overdue')}</td>
          <td>{sum('dueSoon')}</td>
          <td>{sum('receivedThisYear')}</td>
          <td>{sum('closedThisYear')}</td>
        </tr>
      </Table>
    </>
  );
}

export function RegisterPage(props: {
  ctx: AdminContext;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const v = props.values;
  const e = props.errors ?? {};
  const f = fieldBinder(v, e);
  return (
    <Page title="登记政府信息公开申请" hasErrors={Boolean(props.errors)} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.applications.queue(), label: '依申请公开' }, { label: '登记申请' }]}
      />
      <ErrorSummary errors={props.errors} />
      <h1>登记政府信息公开申请</h1>
      <p>
        登记当面、邮寄、信函、传真、电子邮件提交或口头提出的申请。收到申请之日按《条例》第三十一条由提交方式确定。
      </p>
      <PostForm action={paths.applications.register()} csrf={props.ctx.csrf}>
        <h2>提交方式与日期</h2>
        <Radios
          {...f('channel')}
          label="提交方式"
          options={(
            ['in_person', 'post_signed', 'post_plain', 'fax', 'email', 'oral'] as ReceiptChannel[]
          ).map((c) => ({
            value: c,
            label: CHANNEL_LABELS[c],
          }))}
        />
        <TextInput
          {...f('submittedOn')}
          label="提交日期"
          hint="当面提交、口头提出为当日；信件为到达日；传真、电子邮件为发送日。例如 2026-11-25"
          width="third"
        />
        <TextInput {...f('signedOn')} label="签收日期（邮寄需签收的）" width="third" optional />
        <TextInput
          {...f('confirmedOn')}
          label="确认日期（平常信函、传真、电子邮件）"
          hint="与申请人确认收到申请的日期；尚未确认的可以留空，确认后在案件页登记"
          width="third"
          optional
        />
        <ApplicantFields values={v} errors={props.errors} audience="clerk" />
        <Button>登记申请</Button>
      </PostForm>
    </Page>
  );
}

/** Who recorded an event that no staff account recorded, by how the application came in. */
const UNSTAFFED_RECORDER: Readonly<Record<string, string>> = {
  online: '申请人（网上）',
  api: '外部系统（接口）',
  import: '历史台账导入',
  demo: '演示数据',
};

function TimelineTable({ events, source }: { events: readonly StoredEvent[]; source: string }) {
  return (
    <Table caption="办理过程" columns={['日期', '事项', '说明', '登记人']}>
      {events.map((s) => {
        const e = s.event;
        const date = e.type === 'received' ? e.submittedOn : e.on;
        let detail = '';
        switch (e.type) {
          case 'received':
            detail = `${CHANNEL_LABELS[e.channel]}${e.signedOn ? `，签收${cnDate(e.signedOn)}` : ''}${e.confirmedOn ? `，确认${cnDate(e.confirmedOn)}` : ''}`;
            break;
          case 'correctionRequested':
            detail = `补正期限${cnDate(e.dueOn)}`;
            break;
          case 'thirdPartyConsultationSent':
            detail = e.party;
            break;
          case 'agencyConsultationSent':
            detail = e.agency;
            break;
          case 'thirdPartyReplied':
            detail = `${e.party}：${e.consents ? '同意公开' : '不同意公开'}`;
            break;
          case 'agencyReplied':
            detail = `${e.agency}：${e.consents ? '同意公开' : '不同意公开'}`;
            break;
          case 'extensionApproved':
            detail = `延长${e.workingDays}个工作日，批准人${e.approvedBy}`;
            break;
          case 'feeNoticeSent':
            detail = `${e.amount}元`;
            break;
          case 'volumeDecided':
            detail = e.reasonable
              ? `理由合理${e.delayedReplyDue ? `，延迟至${cnDate(e.delayedReplyDue)}答复` : ''}`
              : '理由不合理，不予处理';
            break;
          case 'answered':
            detail = `${e.onTheSpot ? '当场答复，' : ''}${outcomeLabel(e.outcome)}`;
            break;
          default:
            break;
        }
        return (
          <tr>
            <td class="gk-nowrap">{cnDate(date)}</td>
            <td>{EVENT_LABELS[e.type]}</td>
            <td>
              {detail}
              {s.note ? <div class="gk-secondary gk-pre">{s.note}</div> : null}
            </td>
            <td>{s.createdByName ?? UNSTAFFED_RECORDER[source] ?? '系统'}</td>
          </tr>
        );
      })}
    </Table>
  );
}

export function CasePage(props: {
  ctx: AdminContext;
  app: Application;
  events: readonly StoredEvent[];
  deadlines: Deadlines;
  today: string;
  dueSoonUntil: string;
  letters: readonly Letter[];
  /** How each sent letter reached the applicant, by letter id. */
  deliveries?: ReadonlyMap<number, DeliveryView>;
  repeatOf: { id: number; serial: string } | null;
  personalVisible: boolean;
  /** Identity documents uploaded with the online form (names and sizes; the files only for canSeePersonal). */
  identityDocuments?: readonly { id: number; fileName: string; size: number }[];
  canSeePersonal: boolean;
  canHandle: boolean;
  notice?: string | undefined;
}) {
  const { app, deadlines: d } = props;
  const p = app.applicant;
  const mark = deadlineMark(
    { replyDue: d.replyDue, closedOn: d.closedOn, provisional: d.provisional },
    props.today,
    props.dueSoonUntil,
  );
  const answered = props.events.find((e) => e.event.type === 'answered');
  const basis = answered ? basisOfNote(answered.note) : null;
  const idNumber = props.personalVisible ? (p.idDocNumber ?? '') : maskIdNumber(p.idDocNumber);
  const phone = props.personalVisible ? (p.phone ?? '') : maskPhone(p.phone);
  const closed = d.closedOn !== null;
  return (
    <Page title={`申请 ${app.serial}`} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.applications.queue(), label: '依申请公开' }, { label: app.serial }]}
      />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <span class="gk-caption">{app.agencyName}</span>
      <h1>
        申请 {app.serial}：{d.statusLabel}
      </h1>
      <p>
        {mark ? <Tag tone={mark.tone}>{mark.label}</Tag> : null}{' '}
        {d.provisional ? <Tag tone="grey">暂定</Tag> : null}{' '}
        {props.repeatOf ? (
          <>
            <Tag tone="yellow">可能重复申请</Tag> 与已答复的申请{' '}
            <a href={paths.applications.show({ applicationId: props.repeatOf.id })}>
              {props.repeatOf.serial}
            </a>{' '}
            为同一申请人、相同信息（《条例》第三十六条第（六）项）。
          </>
        ) : null}
      </p>
      <WarningList items={d.warnings} />
      <h2>期限</h2>
      <SummaryList
        rows={[
          { key: '收到申请之日', value: d.receiptDate ? cnDate(d.receiptDate) : '待确认' },
          { key: '确定依据', value: d.receiptRule ?? '' },
          {
            key: '答复期限',
            value: d.replyDue
              ? `${cnDate(d.replyDue)}${d.provisional ? '（暂定）' : ''}${d.replyDueProjected ? '（按暂停期间最长计算）' : ''}`
              : '—',
          },
          ...(d.correctionDue ? [{ key: '补正期限', value: cnDate(d.correctionDue) }] : []),
          ...(d.feeDue ? [{ key: '缴费期限', value: cnDate(d.feeDue) }] : []),
          ...(d.extendedBy > 0 ? [{ key: '已延长', value: `${d.extendedBy}个工作日` }] : []),
          ...(d.outcome ? [{ key: '办理结果', value: outcomeLabel(d.outcome) }] : []),
          ...(basis ? [{ key: '法律依据', value: basis }] : []),
          ...(d.closedOn ? [{ key: '办结日期', value: cnDate(d.closedOn) }] : []),
        ]}
      />
      <h3>期限是怎样计算的</h3>
      <ol>
        {d.steps.map((s) => (
          <li>
            <strong>{s.label}</strong>
            {s.date ? `（${cnDate(s.date)}）` : ''}：{s.explanation}
          </li>
        ))}
      </ol>
      <h2>办理过程</h2>
      <TimelineTable events={props.events} source={props.app.source} />
      {props.canHandle && !closed ? (
        <>
          <h3>登记下一事项</h3>
          <ul class="gk-actions-list">
            {FORM_EVENT_TYPES.map((t) => (
              <li>
                <a href={paths.applications.eventNew({ applicationId: app.id, eventType: t })}>
                  {EVENT_LABELS[t]}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>申请人与申请内容</h2>
      {props.canSeePersonal && !props.personalVisible && (p.idDocNumber || p.phone) ? (
        <PostForm
          action={paths.applications.personal({ applicationId: app.id })}
          csrf={props.ctx.csrf}
          class="gk-inline-form"
        >
          <Button variant="secondary">显示完整的证件号码和电话（将记入审计日志）</Button>
        </PostForm>
      ) : null}
      <SummaryList
        rows={[
          { key: '申请人类型', value: APPLICANT_TYPE_LABELS[p.applicantType] },
          { key: '姓名或名称', value: p.applicantName },
          ...(p.idDocType
            ? [
                {
                  key: p.idDocType === 'resident_id' ? '居民身份证号码' : (p.idDocName ?? '身份证明'),
                  value: idNumber,
                },
              ]
            : []),
          ...(p.creditCode ? [{ key: '统一社会信用代码', value: p.creditCode }] : []),
          ...(p.contactPerson ? [{ key: '联系人', value: p.contactPerson }] : []),
          { key: '联系电话', value: phone },
          { key: '电子邮箱', value: p.email ?? '' },
          { key: '通信地址', value: [p.address, p.postcode].filter(Boolean).join(' ') },
          { key: '所需信息', value: <span class="gk-pre">{p.request}</span> },
          ...(p.purpose ? [{ key: '用途', value: p.purpose }] : []),
          { key: '信息形式', value: FORM_WANTED_LABELS[p.formWanted] },
          { key: '获取方式', value: DELIVERY_LABELS[p.delivery] },
          { key: '提交方式', value: CHANNEL_LABELS[app.channel] },
          { key: '查询码', value: formatLookupCode(app.lookupCode) },
        ]}
      />
      <IdentityDocuments
        app={app}
        files={props.identityDocuments ?? []}
        canSee={props.canSeePersonal}
        online={app.source === 'online'}
      />
      <h2>文书</h2>
      {props.letters.length === 0 ? (
        <p>尚未起草文书。</p>
      ) : (
        <LettersTable app={app} letters={props.letters} deliveries={props.deliveries} />
      )}
      {props.canHandle ? (
        <PostForm action={paths.applications.letterNew({ applicationId: app.id })} csrf={props.ctx.csrf}>
          <Select
            name="kind"
            label="按模板起草文书"
            value={d.outcome ? '' : undefined}
            options={LETTER_KINDS.map((k) => ({ value: k, label: LETTER_TITLES[k] }))}
          />
          <Button variant="secondary">起草</Button>
        </PostForm>
      ) : null}
    </Page>
  );
}

/** The applicant's identity documents: links (each view audited) for the handling agency's staff only. */
function IdentityDocuments(props: {
  app: Application;
  files: readonly { id: number; fileName: string; size: number }[];
  canSee: boolean;
  online: boolean;
}) {
  if (props.files.length === 0) return props.online ? <p>申请人未在网上申请时上传身份证明文件。</p> : null;
  return (
    <>
      <h3 id="identity-documents">身份证明文件</h3>
      {props.canSee ? (
        <>
          <p class="gk-hint">打开文件将记入审计日志。</p>
          <ul>
            {props.files.map((f, i) => (
              <li>
                <a
                  href={paths.applications.identityDocument({ applicationId: props.app.id, uploadId: f.id })}
                >
                  身份证明文件 {i + 1}：{f.fileName}
                </a>
                （{formatFileSize(f.size)}）
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>申请人上传了 {props.files.length} 个身份证明文件（仅办理机关的工作人员可以查看）。</p>
      )}
    </>
  );
}

function LettersTable({
  app,
  letters,
  deliveries,
}: {
  app: Application;
  letters: readonly Letter[];
  deliveries?: ReadonlyMap<number, DeliveryView> | undefined;
}) {
  return (
    <Table caption="文书" columns={['文书', '状态', '发出日期', '送达']}>
      {letters.map((l) => {
        const d = deliveries?.get(l.id);
        const stage = LETTER_STAGE_LABELS[letterStage(l)];
        return (
          <tr>
            <td>
              <a href={paths.applications.letter({ applicationId: app.id, letterId: l.id })}>{l.title}</a>
            </td>
            <td>
              <Tag tone={stage.tone}>{stage.label}</Tag>
              {letterStage(l) === 'returned' && l.returnReason ? (
                <div class="gk-secondary">退回理由：{l.returnReason}</div>
              ) : null}
            </td>
            <td>{l.sentOn ? cnDate(l.sentOn) : '—'}</td>
            <td>
              {d ? d.summary : '—'}
              {d?.mailStatus ? <div class="gk-secondary">邮件：{d.mailStatus}</div> : null}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

function Field({ f, values, errors }: { f: FieldSpec; values: Record<string, string>; errors: FieldErrors }) {
  const common = {
    name: f.name,
    label: f.label,
    hint: f.hint,
    error: errors[f.name],
    optional: f.optional ?? false,
  };
  switch (f.kind) {
    case 'textarea':
      return <Textarea {...common} value={values[f.name]} rows={4} />;
    case 'radios':
      return <Radios {...common} value={values[f.name]} options={f.options ?? []} />;
    case 'select':
      return <Select {...common} value={values[f.name]} options={f.options ?? []} placeholder="请选择" />;
    case 'number':
      return <TextInput {...common} value={values[f.name]} width="third" inputmode="numeric" />;
    case 'date':
      return <TextInput {...common} value={values[f.name]} width="third" />;
    default:
      return <TextInput {...common} value={values[f.name]} />;
  }
}

export function EventFormPage(props: {
  ctx: AdminContext;
  app: Application;
  type: FormEventType;
  year: number;
  pendingParties: readonly string[];
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  explanation?: Child;
}) {
  const fields = eventFields(props.type, props.year, props.pendingParties);
  return (
    <Page title={eventTitle(props.type)} hasErrors={Boolean(props.errors)} {...props.ctx}>
      <Breadcrumbs
        items={[
          { href: paths.applications.queue(), label: '依申请公开' },
          { href: paths.applications.show({ applicationId: props.app.id }), label: props.app.serial },
          { label: EVENT_LABELS[props.type] },
        ]}
      />
      <ErrorSummary errors={props.errors} />
      <span class="gk-caption">申请 {props.app.serial}</span>
      <h1>{eventTitle(props.type)}</h1>
      {props.explanation}
      <PostForm
        action={paths.applications.eventNew({ applicationId: props.app.id, eventType: props.type })}
        csrf={props.ctx.csrf}
      >
        {fields.map((f) => (
          <Field f={f} values={props.values} errors={props.errors ?? {}} />
        ))}
        <Button>登记</Button>
      </PostForm>
    </Page>
  );
}

/** The disclosed documents of a letter, numbered as in its 附件说明; removable while the letter is a draft. */
function LetterAttachments(props: {
  ctx: AdminContext;
  app: Application;
  letter: Letter;
  files: readonly LetterAttachment[];
  canEdit: boolean;
  error?: string | undefined;
  redaction?: AttachmentRedactionView | undefined;
}) {
  const base = { applicationId: props.app.id, letterId: props.letter.id };
  const editable = props.letter.status === 'draft' && props.canEdit;
  const redacted = props.redaction?.redacted;
  const redactable = props.redaction?.redactable;
  return (
    <section aria-labelledby="attachments">
      <h2 id="attachments">附件</h2>
      {props.files.length === 0 ? (
        <p>{editable ? '尚未添加附件。公开的政府信息可以作为附件随文书发出。' : '无附件。'}</p>
      ) : (
        <ol class="gk-attachments">
          {props.files.map((f) => (
            <li>
              <a href={paths.applications.letterAttachment({ ...base, attachmentId: f.id })}>{f.fileName}</a>
              （{formatFileSize(f.size)}）
              {redacted?.has(f.id) ? (
                <>
                  {' '}
                  <Tag tone="blue">已作删除处理 {redacted.get(f.id)} 处</Tag>{' '}
                  <a href={paths.applications.letterAttachmentRedact({ ...base, attachmentId: f.id })}>
                    原件与删除处理后对照<span class="gk-visually-hidden">（“{f.fileName}”）</span>
                  </a>
                </>
              ) : editable && redactable?.has(f.id) ? (
                <>
                  {' '}
                  <a href={paths.applications.letterAttachmentRedact({ ...base, attachmentId: f.id })}>
                    删除处理（部分公开）<span class="gk-visually-hidden">“{f.fileName}”</span>
                  </a>
                </>
              ) : null}
              {editable ? (
                <PostForm
                  action={paths.applications.letterAttachmentDelete({ ...base, attachmentId: f.id })}
                  csrf={props.ctx.csrf}
                  class="gk-inline-form"
                >
                  {' '}
                  <button type="submit" class="gk-link-button">
                    删除<span class="gk-visually-hidden">附件“{f.fileName}”</span>
                  </button>
                </PostForm>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {editable ? (
        <PostForm action={paths.applications.letterAttachments(base)} csrf={props.ctx.csrf} multipart>
          <FileUpload
            name="files"
            label="添加附件"
            hint={`PDF、Word、Excel、PowerPoint 文件或图片，可一次选择多个；最多 ${LETTER_MAX_ATTACHMENTS} 个。文书审核通过后附件不能再修改。`}
            error={props.error}
            multiple
            markInput
          />
          <Button variant="secondary">上传附件</Button>
        </PostForm>
      ) : null}
    </section>
  );
}

/** Which attachments can be redacted, and how many boxes each redacted one has (issue 14). */
export interface AttachmentRedactionView {
  readonly redactable: ReadonlySet<number>;
  readonly redacted: ReadonlyMap<number, number>;
}

export function LetterPage(props: {
  ctx: AdminContext;
  redaction?: AttachmentRedactionView | undefined;
  app: Application;
  letter: Letter;
  /** The letter as it prints (GB/T 9704), shown on a sheet. */
  sheet: LetterLayout;
  attachments?: readonly LetterAttachment[];
  canEdit: boolean;
  canApprove: boolean;
  /** The reviewer's warnings and the key of the text shown (letter.service.ts `letterReviewOf`). */
  review: { readonly warnings: readonly ApprovalWarning[]; readonly seenKey: string };
  timeZone: string;
  values?: Record<string, string>;
  errors?: FieldErrors | undefined;
  today: string;
  /** How the sent letter reached the applicant, when recorded. */
  delivery?: DeliveryView | null | undefined;
  /** For a letter to the applicant: the send form asks how it goes out (the applicant's choice first). */
  sendDefaults?: { chosen: DeliveryMethod; hasEmail: boolean } | undefined;
}) {
  const l = props.letter;
  const v: Record<string, string | undefined> = { title: l.title, body: l.body, ...props.values };
  const base = { applicationId: props.app.id, letterId: l.id };
  return (
    <Page title={l.title} hasErrors={Boolean(props.errors)} {...props.ctx}>
      <Breadcrumbs
        items={[
          { href: paths.applications.queue(), label: '依申请公开' },
          { href: paths.applications.show({ applicationId: props.app.id }), label: props.app.serial },
          { label: l.title },
        ]}
      />
      <ErrorSummary errors={props.errors} />
      <span class="gk-caption">申请 {props.app.serial}</span>
      <h1>{l.title}</h1>
      <p>
        <Tag tone={LETTER_STAGE_LABELS[letterStage(l)].tone}>{LETTER_STAGE_LABELS[letterStage(l)].label}</Tag>
        {l.sentOn ? ` ${cnDate(l.sentOn)}发出` : ''}
        {l.status === 'sent' ? `；${l.seal ? LETTER_SEAL_LABELS[l.seal] : '用印情况未登记'}` : ''}
      </p>
      <p>
        <a href={paths.applications.letterDocx(base)}>下载 DOCX（A4，仿宋，GB/T 9704 版式）</a>
        {' · '}
        <a href={paths.applications.letterPdf(base)}>下载 PDF</a>
      </p>
      {l.status === 'draft' && props.canEdit ? (
        <PostForm action={paths.applications.letter(base)} csrf={props.ctx.csrf}>
          <TextInput name="title" label="标题" value={v.title} error={props.errors?.title} />
          <Textarea
            name="body"
            label="正文"
            hint="段落之间空一行；带“____”的地方请补全后再提交审核"
            value={v.body}
            error={props.errors?.body}
            rows={20}
          />
          <Button variant="secondary">保存修改</Button>
        </PostForm>
      ) : null}
      <h2 id="sheet">{l.status === 'draft' ? '版式预览（保存修改后更新）' : '文书版式'}</h2>
      <link rel="stylesheet" href={paths.static({ file: LETTER_SHEET_CSS })} />
      <div class="gk-letter-desk">
        <LetterSheet layout={props.sheet} />
      </div>
      <LetterAttachments
        ctx={props.ctx}
        app={props.app}
        letter={l}
        files={props.attachments ?? []}
        canEdit={props.canEdit}
        error={props.errors?.files}
        redaction={props.redaction}
      />
      {l.status === 'sent' && props.delivery ? (
        <DeliveryPanel
          ctx={props.ctx}
          base={base}
          delivery={props.delivery}
          canEdit={props.canEdit}
          values={props.values}
          errors={props.errors}
        />
      ) : null}
      <LetterReviewPanel
        ctx={props.ctx}
        applicationId={props.app.id}
        letter={l}
        warnings={props.review.warnings}
        seenKey={props.review.seenKey}
        canEdit={props.canEdit}
        canApprove={props.canApprove}
        timeZone={props.timeZone}
        values={props.values}
        errors={props.errors}
      />
      {l.status === 'approved' && props.canEdit ? (
        <PostForm action={paths.applications.letterSend(base)} csrf={props.ctx.csrf}>
          <TextInput
            name="sentOn"
            label="发出日期"
            value={v.sentOn ?? props.today}
            width="third"
            error={props.errors?.sentOn}
          />
          <Radios
            name="seal"
            label="用印情况"
            hint="答复书应以本机关名义作出并加盖本机关印章；未加盖印章的，政务公开体检将其列为缺少要素。"
            value={v.seal}
            options={LETTER_SEALS.map((s) => ({ value: s, label: LETTER_SEAL_LABELS[s] }))}
            error={props.errors?.seal}
          />
          {props.sendDefaults ? (
            <DeliveryFields values={v} errors={props.errors} {...props.sendDefaults} />
          ) : null}
          <Button>登记已发出</Button>
        </PostForm>
      ) : null}
    </Page>
  );
}

export function ImportPage(props: {
  ctx: AdminContext;
  report?:
    | {
        ok: boolean;
        rows: number;
        errors: readonly { row: number; messages: readonly string[] }[];
        written: number;
      }
    | undefined;
  error?: string | undefined;
}) {
  const r = props.report;
  return (
    <Page title="导入历史台账" {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.applications.queue(), label: '依申请公开' }, { label: '导入历史台账' }]}
      />
      <h1>导入历史台账</h1>
      <p>
        上传与“导出台账”相同格式的 XLSX
        文件。系统逐行检查；只要有一行有错误，就不会写入任何数据。先选择“只检查”可列出全部问题。
      </p>
      {props.error ? <Notice tone="warning">{props.error}</Notice> : null}
      {r ? (
        r.ok ? (
          <Notice tone="success">
            {r.written > 0
              ? `已导入 ${r.written} 件申请。`
              : `检查通过：共 ${r.rows} 行，没有发现问题，可以导入。`}
          </Notice>
        ) : (
          <div class="gk-error-summary" role="alert" aria-labelledby="import-errors">
            <h2 class="gk-error-summary__title" id="import-errors">
              共 {r.rows} 行，其中 {r.errors.length} 行有问题，未写入任何数据
            </h2>
            <ul class="gk-error-summary__list">
              {r.errors.map((e) => (
                <li>
                  第 {e.row} 行：{e.messages.join('；')}
                </li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      <PostForm action={paths.applications.ledgerImport()} csrf={props.ctx.csrf} multipart>
        <div class="gk-form-group">
          <label class="gk-label" for="file">
            台账文件（.xlsx）
          </label>
          <input class="gk-file-upload" id="file" name="file" type="file" accept=".xlsx" />
        </div>
        <Radios
          name="mode"
          label="操作"
          value="dry"
          options={[
            { value: 'dry', label: '只检查，不写入' },
            { value: 'write', label: '检查无误后导入' },
          ]}
        />
        <Button>上传</Button>
      </PostForm>
    </Page>
  );
}

export type { LetterKind };
