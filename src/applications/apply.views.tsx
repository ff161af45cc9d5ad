/**
 * The public application form, one thing at a time: applicant type, the applicant's identity and contact,
 * the information wanted, the identity documents, then check your answers; the receipt after sending.
 * Every page carries the answers so far in one signed hidden field (`state`), works without JavaScript and
 * has a 返回 control that goes back one step with the answers kept.
 */
import type { Child } from 'hono/jsx';
import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  PortalBreadcrumbs,
  PostForm,
  SummaryList,
} from '../shared/ui/components.tsx';
import { FileUpload } from '../shared/ui/file-upload.tsx';
import { Page } from '../shared/ui/layout.tsx';
import {
  ApplicantNameField,
  ApplicantTypeField,
  ContactFields,
  OrganisationFields,
  PersonIdentityFields,
  RequestFields,
} from './applicant-fields.tsx';
import {
  APPLICANT_TYPE_LABELS,
  type ApplicantInput,
  DELIVERY_LABELS,
  FORM_WANTED_LABELS,
  formatLookupCode,
} from './application.rules.ts';
import { cnDate } from './application.views.tsx';
import {
  APPLY_STEP_TITLES,
  APPLY_STEPS,
  type ApplyStep,
  nextStep,
  previousStep,
  stepNumber,
} from './apply.steps.ts';
import { formatFileSize, IDENTITY_MAX_BYTES, IDENTITY_MAX_FILES } from './documents.rules.ts';

/** The URL of a step of `agencyId`'s form. */
export function stepUrl(step: ApplyStep, agencyId: number): string {
  const p = paths.applications;
  const at = { agencyId };
  switch (step) {
    case 'type':
      return p.apply(at);
    case 'applicant':
      return p.applyApplicant(at);
    case 'request':
      return p.applyRequest(at);
    case 'files':
      return p.applyFiles(at);
    case 'check':
      return p.applyCheck(at);
  }
}

/** An identity document kept for the form (pending upload). */
export interface KeptUpload {
  readonly id: number;
  readonly fileName: string;
  readonly size: number;
}

/** What every step page gets. */
export interface StepView {
  readonly agency: Agency;
  readonly csrf: string;
  /** The answers so far (shown in this step's fields). */
  readonly values: Readonly<Record<string, string>>;
  /** The same answers, signed, for the hidden field. */
  readonly state: string;
  readonly errors?: FieldErrors | undefined;
  /** Reached with 修改 from the check page: 继续 goes back there. */
  readonly returnToCheck: boolean;
}

const TOTAL = APPLY_STEPS.length;

/** 返回: a small form of its own posting the answers as they were when this page was shown. */
function BackControl(props: { view: StepView; step: ApplyStep }) {
  const { agency, csrf, state } = props.view;
  if (props.step === 'type')
    return (
      <a class="gk-back-link" href={paths.applications.column({ agencyId: agency.id })}>
        返回
      </a>
    );
  return (
    <PostForm action={stepUrl(previousStep(props.step), agency.id)} csrf={csrf} class="gk-back-form">
      <input type="hidden" name="state" value={state} />
      <button type="submit" class="gk-back-link gk-link-button">
        返回
      </button>
    </PostForm>
  );
}

/** The frame of a step: 返回, error summary, 第N步，共5步, the question and its form. */
function StepPage(props: {
  view: StepView;
  step: ApplyStep;
  heading: string;
  intro?: Child;
  multipart?: boolean;
  children: Child;
}) {
  const { view, step } = props;
  const a = view.agency;
  const next = view.returnToCheck ? 'check' : nextStep(step);
  return (
    <Page
      title={`${APPLY_STEP_TITLES[step]}（第${stepNumber(step)}步）- 政府信息公开申请 - ${a.name}`}
      area="portal"
      hasErrors={Boolean(view.errors && Object.keys(view.errors).length > 0)}
    >
      {step === 'type' ? (
        // The form's entry page carries the portal's trail; the question pages after it have only 返回.
        <PortalBreadcrumbs
          agency={a}
          column={{ label: '依申请公开', href: paths.applications.column({ agencyId: a.id }) }}
          item="在线申请"
        />
      ) : null}
      <BackControl view={view} step={step} />
      <ErrorSummary errors={view.errors} />
      <span class="gk-caption">
        {a.name} · 政府信息公开申请 · 第{stepNumber(step)}步，共{TOTAL}步
      </span>
      <h1>{props.heading}</h1>
      {props.intro ?? null}
      <PostForm
        action={stepUrl(next, a.id)}
        csrf={view.csrf}
        multipart={props.multipart ?? false}
        class="gk-apply-form"
      >
        <input type="hidden" name="state" value={view.state} />
        <input type="hidden" name="from" value={step} />
        {view.returnToCheck ? <input type="hidden" name="returnTo" value="check" /> : null}
        {props.children}
        <Button>{view.returnToCheck ? '保存并返回检查页' : '继续'}</Button>
      </PostForm>
    </Page>
  );
}

/** Step 1: who applies. */
export function ApplyTypePage(props: { view: StepView }) {
  const f = fieldBinder(props.view.values, props.view.errors);
  return (
    <StepPage
      view={props.view}
      step="type"
      heading="您以什么身份提出申请？"
      intro={
        <p>
          公民、法人或者其他组织都可以申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。
          接下来的几步只询问与您的身份有关的内容，提交前您可以检查所填内容。
        </p>
      }
    >
      <ApplicantTypeField
        f={f}
        label="申请人类型"
        hint="以个人名义申请的，选择自然人；以单位名义申请的，选择单位所属的类别"
      />
    </StepPage>
  );
}

/** Step 2: the applicant's identity (only the fields of the chosen type) and contact. */
export function ApplyApplicantPage(props: { view: StepView }) {
  const v = props.view.values;
  const f = fieldBinder(v, props.view.errors);
  const person = v.applicantType === 'naturalPerson';
  return (
    <StepPage
      view={props.view}
      step="applicant"
      heading={person ? '您的身份信息和联系方式' : '单位信息和联系方式'}
    >
      {person ? (
        <>
          <ApplicantNameField f={f} kind="person" />
          <h2 class="gk-h2">身份证明</h2>
          <PersonIdentityFields f={f} reveal />
        </>
      ) : (
        <>
          <ApplicantNameField f={f} kind="organisation" />
          <OrganisationFields f={f} />
        </>
      )}
      <h2 class="gk-h2">联系方式</h2>
      <ContactFields f={f} />
    </StepPage>
  );
}

/** Step 3: the information wanted, its form and how it is received. */
export function ApplyRequestPage(props: { view: StepView }) {
  const f = fieldBinder(props.view.values, props.view.errors);
  return (
    <StepPage view={props.view} step="request" heading="您需要哪些政府信息？">
      <RequestFields f={f} audience="public" />
    </StepPage>
  );
}

/** Step 4: identity documents (optional), with the ones already kept and how to remove them. */
export function ApplyFilesPage(props: { view: StepView; uploads: readonly KeptUpload[] }) {
  const person = props.view.values.applicantType === 'naturalPerson';
  const uploads = props.uploads;
  const room = IDENTITY_MAX_FILES - uploads.length;
  const what = person
    ? '身份证明（如居民身份证正反面、护照）'
    : '单位的证明文件（如营业执照或登记证书）及联系人的身份证明';
  const hint = `可上传${what}的照片或扫描件，JPEG、PNG 或 PDF 格式，每个不超过 ${IDENTITY_MAX_BYTES / 1024 / 1024} MB，最多 ${IDENTITY_MAX_FILES} 个。不上传的，也可以在领取信息时出示原件。`;
  return (
    <StepPage view={props.view} step="files" heading="上传身份证明文件（选填）" multipart>
      <FileUpload
        name="idFiles"
        label="身份证明文件"
        optional
        hint={hint}
        error={props.view.errors?.idFiles}
        multiple
        accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
        markInput
        showInput={room > 0 || uploads.length > 0}
      >
        {uploads.length > 0 ? (
          <ul class="gk-uploads">
            {uploads.map((u) => (
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
    </StepPage>
  );
}

interface CheckRow {
  readonly key: string;
  readonly value: string;
  readonly step: ApplyStep;
}

/** The answers as rows of the check page, each with the step that asks for it. */
export function applicantRows(p: ApplicantInput, uploads: readonly KeptUpload[]): CheckRow[] {
  const row = (key: string, value: string, step: ApplyStep): CheckRow => ({ key, value, step });
  const person = p.applicantType === 'naturalPerson';
  return [
    row(
      '申请人类型',
      person ? '自然人' : `法人或者其他组织（${APPLICANT_TYPE_LABELS[p.applicantType]}）`,
      'type',
    ),
    row(person ? '姓名' : '名称', p.applicantName, 'applicant'),
    ...(p.idDocType
      ? [
          row(
            p.idDocType === 'resident_id' ? '居民身份证号码' : `身份证明（${p.idDocName ?? ''}）`,
            p.idDocNumber ?? '',
            'applicant',
          ),
        ]
      : []),
    ...(p.creditCode ? [row('统一社会信用代码', p.creditCode, 'applicant')] : []),
    ...(p.contactPerson ? [row('联系人', p.contactPerson, 'applicant')] : []),
    row('联系电话', p.phone ?? '', 'applicant'),
    row('电子邮箱', p.email ?? '', 'applicant'),
    row('通信地址', [p.address, p.postcode].filter(Boolean).join(' '), 'applicant'),
    row('所需政府信息', p.request, 'request'),
    row('用途说明', p.purpose ?? '', 'request'),
    row('信息形式', FORM_WANTED_LABELS[p.formWanted], 'request'),
    row('获取方式', DELIVERY_LABELS[p.delivery], 'request'),
    row(
      '身份证明文件',
      uploads.length === 0
        ? '未上传（可在领取信息时出示原件）'
        : uploads.map((u) => `${u.fileName}（${formatFileSize(u.size)}）`).join('；'),
      'files',
    ),
  ];
}

/** Step 5: check your answers, each with 修改 (a button of the one form, so the answers go with it). */
export function ApplyCheckPage(props: {
  view: StepView;
  applicant: ApplicantInput;
  uploads: readonly KeptUpload[];
}) {
  const { view } = props;
  const a = view.agency;
  const rows = applicantRows(props.applicant, props.uploads);
  return (
    <Page title={`检查您的申请（第${TOTAL}步）- 政府信息公开申请 - ${a.name}`} area="portal">
      <BackControl view={view} step="check" />
      <span class="gk-caption">
        {a.name} · 政府信息公开申请 · 第{TOTAL}步，共{TOTAL}步
      </span>
      <h1>检查您的申请</h1>
      <PostForm action={paths.applications.applySend({ agencyId: a.id })} csrf={view.csrf}>
        <input type="hidden" name="state" value={view.state} />
        <dl class="gk-summary-list">
          {rows.map((r) => (
            <div class="gk-summary-list__row">
              <dt class="gk-summary-list__key">{r.key}</dt>
              <dd class="gk-summary-list__value">{r.value === '' ? '未填写' : r.value}</dd>
              <dd class="gk-summary-list__actions">
                <button
                  type="submit"
                  class="gk-link-button gk-change-link"
                  formaction={stepUrl(r.step, a.id)}
                  name="returnTo"
                  value="check"
                >
                  修改<span class="gk-visually-hidden">{r.key}</span>
                </button>
              </dd>
            </div>
          ))}
        </dl>
        <h2>提交申请</h2>
        <p>
          提交即表示您确认所填内容真实。本机关将以系统确认收到之日为收到申请之日（《条例》第三十一条第（三）项）。
        </p>
        <Button>确认并提交申请</Button>
      </PostForm>
    </Page>
  );
}

/** The carried answers could not be trusted (changed, damaged or too old): start again. */
export function ApplyStartAgainPage(props: { agency: Agency; problem: 'tampered' | 'expired' }) {
  const a = props.agency;
  return (
    <Page title={`无法继续填写申请 - ${a.name}`} area="portal">
      <span class="gk-caption">{a.name} · 政府信息公开申请</span>
      <h1>无法继续填写申请</h1>
      <div class="gk-notice gk-notice--warning">
        <p>
          {props.problem === 'expired'
            ? '本次填写已超过 24 小时。为保护您的个人信息，已填写的内容不再保留。'
            : '随页面提交的申请内容未通过校验（可能在传递中被改动或损坏），系统不能据此继续。为保护您的个人信息，已填写的内容不再使用。'}
        </p>
      </div>
      <p>请从第一步重新填写，您的申请尚未提交。</p>
      <p>
        <a class="gk-button" href={paths.applications.apply({ agencyId: a.id })}>
          重新填写申请
        </a>
      </p>
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
      <PortalBreadcrumbs
        agency={a}
        column={{ label: '依申请公开', href: paths.applications.column({ agencyId: a.id }) }}
        item="申请已提交"
      />
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
              ? `${cnDate(props.replyDue)}前${props.provisional ? '（暂定：该年度节假日安排尚未公布，已按法定节假日计算，调休以国务院办公厅通知为准）' : ''}`
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
