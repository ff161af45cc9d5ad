/**
 * The redaction page of a letter attachment (issue 14): suggestions to accept or reject with their
 * grounds, exact texts to look for, boxes drawn on the page images (with JavaScript; without it, choose
 * by text), and — once redacted — the original and the redacted copy side by side for the reviewer.
 */
import { RedactionCompare, RedactionForm } from '../redaction/redaction.views.tsx';
import { paths } from '../shared/paths.ts';
import { Breadcrumbs, ErrorSummary, type FieldErrors } from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import type { Application, Letter } from './application.model.ts';
import type { RedactionPlan } from './redaction.service.ts';

export function RedactionPage(props: {
  ctx: AdminContext;
  app: Application;
  letter: Letter;
  plan: RedactionPlan;
  canEdit: boolean;
  /** The form as posted (a search or a refused apply), or null on first view. */
  values: Readonly<Record<string, string>> | null;
  errors?: FieldErrors | undefined;
}) {
  const { plan } = props;
  const base = { applicationId: props.app.id, letterId: props.letter.id, attachmentId: plan.attachment.id };
  const editable = props.canEdit && props.letter.status === 'draft';
  const r = plan.redaction;
  const pageUrl = (version: 'original' | 'redacted', page: number) =>
    paths.applications.letterAttachmentRedactPage({ ...base, version, page: page + 1 });
  return (
    <Page title={`删除处理：${plan.original.fileName}`} hasErrors={Boolean(props.errors)} {...props.ctx}>
      <Breadcrumbs
        items={[
          { href: paths.applications.queue(), label: '依申请公开' },
          { href: paths.applications.show({ applicationId: props.app.id }), label: props.app.serial },
          {
            href: paths.applications.letter({ applicationId: props.app.id, letterId: props.letter.id }),
            label: props.letter.title,
          },
          { label: '删除处理' },
        ]}
      />
      <link rel="stylesheet" href={paths.static({ file: 'redact.css' })} />
      <ErrorSummary errors={props.errors} />
      <span class="gk-caption">《{props.letter.title}》的附件</span>
      <h1>删除处理（部分公开）：{plan.original.fileName}</h1>
      <p>
        删除的内容从文件中真正去除（不是遮盖），每处以黑框标示并注明理由，文件末尾附区分处理说明页；答复书正文中的不予公开理由由删除记录自动生成。
        原件留存备查，不会发给申请人。
      </p>
      {r ? (
        <RedactionCompare
          redaction={r}
          pageCount={plan.pages.length}
          pageUrl={pageUrl}
          receiver={`申请人通过查询码下载和随邮件收到的是删除处理后的文件“${plan.attachment.fileName}”。`}
          download={{
            href: paths.applications.letterAttachment(base),
            label: '下载删除处理后的文件（含说明页）',
          }}
          undo={editable ? paths.applications.letterAttachmentRedactUndo(base) : null}
          csrf={props.ctx.csrf}
        />
      ) : null}
      {editable ? (
        <RedactionForm
          action={paths.applications.letterAttachmentRedact(base)}
          csrf={props.ctx.csrf}
          view={plan}
          redacted={r !== null}
          pageUrl={pageUrl}
          values={props.values}
          errors={props.errors}
        />
      ) : null}
      <script type="module" src={paths.static({ file: 'redact.js' })} />
    </Page>
  );
}
