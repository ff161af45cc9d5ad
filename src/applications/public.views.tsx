/** Public pages: the 依申请公开 column, the online application form, its check page and receipt, the lookup. */
import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PortalBreadcrumbs,
  PostForm,
  portalTrail,
  SummaryList,
  TextInput,
} from '../shared/ui/components.tsx';
import { FileUpload } from '../shared/ui/file-upload.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { ApplicantFields, HiddenAnswers } from './applicant-fields.tsx';
import type { LookupResult } from './application.model.ts';
import {
  APPLICANT_FIELDS,
  APPLICANT_TYPE_LABELS,
  type ApplicantInput,
  DELIVERY_LABELS,
  FORM_WANTED_LABELS,
  formatLookupCode,
} from './application.rules.ts';
import { cnDate } from './application.views.tsx';
import { formatFileSize, IDENTITY_MAX_BYTES, IDENTITY_MAX_FILES } from './documents.rules.ts';
import { ART33_EXTENSION_MAX_WORKING_DAYS, ART33_REPLY_WORKING_DAYS } from './rules/statute.ts';

function crumbs(agency: Agency, last: string) {
  return portalTrail({
    agency,
    column: { label: '依申请公开', href: paths.applications.column({ agencyId: agency.id }) },
    item: last,
  });
}

export function ApplyColumnPage(props: { agency: Agency }) {
  const a = props.agency;
  return (
    <Page title={`依申请公开 - ${a.name}`} area="portal">
      <PortalBreadcrumbs agency={a} column={{ label: '依申请公开' }} />
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

/** An identity document kept for the form (pending upload). */
export interface KeptUpload {
  readonly id: number;
  readonly fileName: string;
  readonly size: number;
}

/** The optional upload of identity documents, with the files already kept for this form and how to remove them. */
function IdentityUpload(props: { uploads: readonly KeptUpload[]; error?: string | undefined }) {
  const room = IDENTITY_MAX_FILES - props.uploads.length;
  const hint = `可上传身份证明（如居民身份证正反面、护照）的照片或扫描件，JPEG、PNG 或 PDF 格式，每个不超过 ${IDENTITY_MAX_BYTES / 1024 / 1024} MB，最多 ${IDENTITY_MAX_FILES} 个。不上传的，也可以在领取信息时出示原件。`;
  return (
    <FileUpload
      name="idFiles"
      label="身份证明文件"
      optional
      hint={hint}
      error={props.error}
      multiple
      accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
      markInput
      showInput={room > 0 || props.uploads.length > 0}
    >
      {props.uploads.length > 0 ? (
        <ul class="gk-uploads">
          {props.uploads.map((u) => (
            <li>
              已上传：{u.fileName}（{formatFileSize(u.size)}）
              <span class="gk-checkboxes__item">
                <input
                  class="gk-checkboxes__input"
                  type="checkbox"
                  id={`removeUpload-${u.id}`}
                  name="removeUpload"
                  value={String(u.id)}
                />
                <label class="gk-checkboxes__label" for={`removeUpload-${u.id}`}>
                  删除此文件（可同时选择新文件替换）
                </label>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </FileUpload>
  );
}

/** The form's upload token in a hidden field (pending identity documents), when there is one. */
function UploadToken({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="uploadToken" value={token} /> : null;
}

export function ApplyPage(props: {
  agency: Agency;
  csrf: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  uploadToken?: string | null | undefined;
  uploads?: readonly KeptUpload[] | undefined;
}) {
  const a = props.agency;
  return (
    <Page title={`政府信息公开申请 - ${a.name}`} area="portal" hasErrors={Boolean(props.errors)}>
      <Breadcrumbs items={crumbs(a, '在线申请')} />
      <ErrorSummary errors={props.errors} />
      <span class="gk-caption">{a.name}</span>
      <h1>政府信息公开申请</h1>
      <p>请如实填写以下内容。提交前您可以检查所填内容。带“选填”的项目可以不填。</p>
      <PostForm action={paths.applications.applyCheck({ agencyId: a.id })} csrf={props.csrf} multipart>
        <UploadToken token={props.uploadToken ?? null} />
        <ApplicantFields
          values={props.values}
          errors={props.errors}
          audience="public"
          identityUpload={<IdentityUpload uploads={props.uploads ?? []} error={props.errors?.idFiles} />}
        />
        <Button>继续</Button>
      </PostForm>
    </Page>
  );
}

export function applicantRows(p: ApplicantInput) {
  return [
    { key: '申请人类型', value: APPLICANT_TYPE_LABELS[p.applicantType] },
    { key: '姓名或名称', value: p.applicantName },
    ...(p.idDocType
      ? [
          {
            key: p.idDocType === 'resident_id' ? '居民身份证号码' : `身份证明（${p.idDocName ?? ''}）`,
            value: p.idDocNumber ?? '',
          },
        ]
      : []),
    ...(p.creditCode ? [{ key: '统一社会信用代码', value: p.creditCode }] : []),
    ...(p.contactPerson ? [{ key: '联系人', value: p.contactPerson }] : []),
    { key: '联系电话', value: p.phone ?? '' },
    { key: '电子邮箱', value: p.email ?? '' },
    { key: '通信地址', value: [p.address, p.postcode].filter(Boolean).join(' ') },
    { key: '所需政府信息', value: p.request },
    { key: '用途说明', value: p.purpose ?? '' },
    { key: '信息形式', value: FORM_WANTED_LABELS[p.formWanted] },
    { key: '获取方式', value: DELIVERY_LABELS[p.delivery] },
  ];
}

export function CheckPage(props: {
  agency: Agency;
  csrf: string;
  applicant: ApplicantInput;
  values: Record<string, string>;
  uploadToken?: string | null | undefined;
  uploads?: readonly KeptUpload[] | undefined;
}) {
  const a = props.agency;
  const uploads = props.uploads ?? [];
  const rows = applicantRows(props.applicant);
  const at = rows.findIndex((r) => r.key === '联系电话');
  rows.splice(at < 0 ? rows.length : at, 0, {
    key: '身份证明文件',
    value:
      uploads.length === 0
        ? '未上传（可在领取信息时出示原件）'
        : uploads.map((u) => `${u.fileName}（${formatFileSize(u.size)}）`).join('；'),
  });
  return (
    <Page title={`检查您的申请 - ${a.name}`} area="portal">
      <Breadcrumbs items={crumbs(a, '检查申请')} />
      <span class="gk-caption">{a.name}</span>
      <h1>检查您的申请</h1>
      <SummaryList rows={rows} />
      <PostForm action={paths.applications.apply({ agencyId: a.id })} csrf={props.csrf}>
        <UploadToken token={props.uploadToken ?? null} />
        <HiddenAnswers values={props.values} fields={APPLICANT_FIELDS} />
        <button type="submit" class="gk-button gk-button--secondary" name="edit" value="1">
          修改申请内容
        </button>
      </PostForm>
      <h2>提交申请</h2>
      <p>
        提交即表示您确认所填内容真实。本机关将以系统确认收到之日为收到申请之日（《条例》第三十一条第（三）项）。
      </p>
      <PostForm action={paths.applications.applySend({ agencyId: a.id })} csrf={props.csrf}>
        <UploadToken token={props.uploadToken ?? null} />
        <HiddenAnswers values={props.values} fields={APPLICANT_FIELDS} />
        <Button>确认并提交申请</Button>
      </PostForm>
    </Page>
  );
}

export function ReceiptPage(props: {
  agency: Agency;
  serial: string;
  lookupCode: string;
  receivedOn: string | null;
  replyDue: string | null;
  provisional: boolean;
}) {
  const a = props.agency;
  return (
    <Page title={`申请已提交 - ${a.name}`} area="portal">
      <Breadcrumbs items={crumbs(a, '申请已提交')} />
      <div class="gk-panel gk-notice gk-notice--success">
        <h1>申请已提交</h1>
        <p>
          您的查询码
          <br />
          <strong class="gk-lookup-code">{formatLookupCode(props.lookupCode)}</strong>
        </p>
      </div>
      <p>请记下查询码。凭查询码和您联系电话（或证件号码）的后 4 位，可以随时查询办理进度。</p>
      <SummaryList
        rows={[
          { key: '受理机关', value: a.name },
          { key: '申请编号', value: props.serial },
          { key: '收到申请之日', value: cnDate(props.receivedOn) },
          {
            key: '答复期限',
            value: props.replyDue
              ? `${cnDate(props.replyDue)}前${props.provisional ? '（暂定：该年度节假日安排尚未公布，以国务院办公厅通知为准）' : ''}`
              : '—',
          },
        ]}
      />
      <p>
        答复期限为自收到申请之日起 20
        个工作日（《条例》第三十三条）；如需补正、征求第三方或其他机关意见、延期，本机关将另行告知。
      </p>
      <p>
        <a href={paths.applications.lookup()}>查询办理进度</a>
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
      <PortalBreadcrumbs item="查询申请办理进度" />
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
