import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  Notice,
  PostForm,
  Radios,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { FileUpload } from '../shared/ui/file-upload.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { type CaseListRow, KIND_OPTIONS, RESULT_OPTIONS } from './litigation.rules.ts';
import {
  LITIGATION_DOCUMENT_KIND_LABELS,
  LITIGATION_DOCUMENT_KINDS,
  type LitigationDocument,
} from './litigation-documents.rules.ts';

/** Pages of the reconsideration and litigation cases (they fill table 四 of the annual report) and their documents. */

export function LitigationListPage(props: {
  ctx: AdminContext;
  agency: Agency;
  cases: readonly CaseListRow[];
  canEdit: boolean;
  notice?: string | undefined;
}) {
  const a = props.agency;
  return (
    <Page title={`行政复议、行政诉讼案件 - ${a.name}`} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.reports.list(), label: '年度报告' }, { label: '行政复议、行政诉讼案件' }]}
      />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>行政复议、行政诉讼案件</h1>
      <p>
        {a.name}因政府信息公开工作被申请行政复议、提起行政诉讼的案件。这些案件自动计入年度报告第四部分的表格。
      </p>
      {props.canEdit ? (
        <p>
          <a class="gk-button" href={paths.litigation.create({ agencyId: a.id })}>
            登记案件
          </a>
        </p>
      ) : null}
      {props.cases.length === 0 ? (
        <Notice>尚未登记案件。</Notice>
      ) : (
        <Table
          caption="已登记的案件"
          columns={['类型', '案号', '关联申请', '申请或起诉日期', '决定或判决日期', '结果', '文书', '操作']}
        >
          {props.cases.map((c) => (
            <tr>
              <th scope="row">{c.kindLabel}</th>
              <td>{c.caseNumber ?? '—'}</td>
              <td>{c.serial ?? '—'}</td>
              <td>{c.filedOn}</td>
              <td>{c.decidedOn ?? '—'}</td>
              <td>{c.resultLabel}</td>
              <td>
                <a href={paths.litigation.documents({ agencyId: a.id, caseId: c.id })}>
                  文书（{c.documentCount}）
                  <span class="gk-visually-hidden">：{c.caseNumber ?? c.filedOn}案件</span>
                </a>
              </td>
              <td>
                {props.canEdit ? (
                  <a href={paths.litigation.edit({ agencyId: a.id, caseId: c.id })}>
                    修改<span class="gk-visually-hidden">{c.caseNumber ?? c.filedOn}案件</span>
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

export function LitigationFormPage(props: {
  ctx: AdminContext;
  agency: Agency;
  /** The case being changed; null for a new one. */
  caseId: number | null;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const e = props.errors;
  const f = fieldBinder(props.values, e);
  const ids = { agencyId: props.agency.id };
  const title = props.caseId ? '修改案件' : '登记行政复议、行政诉讼案件';
  return (
    <Page title={title} hasErrors={!!e} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.litigation.list(ids), label: '行政复议、行政诉讼案件' }, { label: title }]}
      />
      <ErrorSummary errors={e} />
      <h1>{title}</h1>
      <PostForm
        action={
          props.caseId
            ? paths.litigation.edit({ ...ids, caseId: props.caseId })
            : paths.litigation.create(ids)
        }
        csrf={props.ctx.csrf}
      >
        <Radios {...f('kind')} label="案件类型" options={KIND_OPTIONS} />
        <TextInput {...f('caseNumber')} label="案号" optional />
        <TextInput
          {...f('applicationSerial')}
          label="关联的申请编号"
          hint="案件由某件政府信息公开申请引起时填写，如 2024-0007"
          width="third"
          optional
        />
        <TextInput {...f('counterparty')} label="申请人或原告" optional />
        <TextInput {...f('filedOn')} label="申请复议或提起诉讼的日期" hint="如 2024-03-15" width="third" />
        <Radios {...f('result')} label="案件结果" options={RESULT_OPTIONS} />
        <TextInput
          {...f('decidedOn')}
          label="复议决定或判决日期"
          hint="尚未审结的不填"
          width="third"
          optional
        />
        <Textarea
          {...f('documents')}
          label="文书与备注"
          hint="复议决定书、判决书的文号和存档位置等"
          rows={4}
          optional
        />
        <Button>保存案件</Button>
      </PostForm>
      {props.caseId ? (
        <PostForm action={paths.litigation.remove({ ...ids, caseId: props.caseId })} csrf={props.ctx.csrf}>
          <Button variant="warning">删除案件</Button>
        </PostForm>
      ) : null}
    </Page>
  );
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The documents of one case: list, download, delete, and the upload form (not public). */
export function LitigationDocumentsPage(props: {
  ctx: AdminContext;
  agency: Agency;
  caseId: number;
  caseTitle: string;
  documents: readonly LitigationDocument[];
  canEdit: boolean;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}) {
  const a = props.agency;
  const e = props.errors;
  const ids = { agencyId: a.id, caseId: props.caseId };
  return (
    <Page title={`案件文书：${props.caseTitle}`} hasErrors={!!e} {...props.ctx}>
      <Breadcrumbs
        items={[
          { href: paths.litigation.list({ agencyId: a.id }), label: '行政复议、行政诉讼案件' },
          { label: '案件文书' },
        ]}
      />
      <ErrorSummary errors={e} />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>案件文书</h1>
      <p>
        {a.name}：{props.caseTitle}。文书仅供本机关工作人员查阅，不对外公开。
      </p>
      {props.documents.length === 0 ? (
        <Notice>尚未上传文书。</Notice>
      ) : (
        <Table caption="已上传的文书" columns={['文书类型', '文件', '大小', '上传时间', '操作']}>
          {props.documents.map((d) => (
            <tr>
              <th scope="row">{LITIGATION_DOCUMENT_KIND_LABELS[d.kind] ?? d.kind}</th>
              <td>
                <a href={paths.litigation.document({ ...ids, documentId: d.id })}>{d.fileName}</a>
              </td>
              <td>{size(d.size)}</td>
              <td>{d.createdAt.slice(0, 10)}</td>
              <td>
                {props.canEdit ? (
                  <PostForm
                    action={paths.litigation.documentRemove({ ...ids, documentId: d.id })}
                    csrf={props.ctx.csrf}
                    class="gk-inline-form"
                  >
                    <Button variant="warning">
                      删除<span class="gk-visually-hidden">{d.fileName}</span>
                    </Button>
                  </PostForm>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {props.canEdit ? (
        <>
          <h2>上传文书</h2>
          <PostForm action={paths.litigation.documents(ids)} csrf={props.ctx.csrf} multipart>
            <Radios
              name="kind"
              label="文书类型"
              options={LITIGATION_DOCUMENT_KINDS.map((k) => ({
                value: k,
                label: LITIGATION_DOCUMENT_KIND_LABELS[k],
              }))}
              value={props.values.kind}
              error={e?.kind}
            />
            <FileUpload
              name="file"
              label="文件"
              hint="PDF、Word 等文档不超过 50 MB，扫描图片（PNG、JPEG 等）不超过 10 MB。"
              error={e?.file}
              accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp"
            />
            <Button>上传文书</Button>
          </PostForm>
        </>
      ) : null}
    </Page>
  );
}
