import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  Radios,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import {
  LITIGATION_DOCUMENT_KIND_LABELS,
  LITIGATION_DOCUMENT_KINDS,
  type LitigationDocument,
} from './litigation-documents.rules.ts';

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
        <table class="gk-table">
          <caption class="gk-visually-hidden">已上传的文书</caption>
          <thead>
            <tr>
              <th scope="col">文书类型</th>
              <th scope="col">文件</th>
              <th scope="col">大小</th>
              <th scope="col">上传时间</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
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
            <div class={`gk-form-group${e?.file ? ' gk-form-group--error' : ''}`}>
              <label class="gk-label" for="file">
                文件
              </label>
              <div class="gk-hint" id="file-hint">
                PDF、Word 等文档不超过 50 MB，扫描图片（PNG、JPEG 等）不超过 10 MB。
              </div>
              {e?.file ? (
                <p class="gk-error-message" id="file-error">
                  <span class="gk-visually-hidden">错误：</span>
                  {e.file}
                </p>
              ) : null}
              <input
                class="gk-file-upload"
                id="file"
                name="file"
                type="file"
                accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp"
                aria-describedby={e?.file ? 'file-hint file-error' : 'file-hint'}
              />
            </div>
            <Button>上传文书</Button>
          </PostForm>
        </>
      ) : null}
    </Page>
  );
}
