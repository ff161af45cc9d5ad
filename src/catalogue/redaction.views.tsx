/**
 * The redaction page of a catalogue attachment (issue 14): the shared form and side-by-side view of
 * `src/redaction/redaction.views.tsx`, inside the item's breadcrumbs; and the side-by-side block the
 * item's page shows for each redacted attachment (what the reviewer sees before 发布).
 */
import { type PageUrl, RedactionCompare, RedactionForm } from '../redaction/redaction.views.tsx';
import { paths } from '../shared/paths.ts';
import { Breadcrumbs, ErrorSummary, type FieldErrors } from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import type { Attachment } from './catalogue.model.ts';
import type { CatalogueRedaction, CatalogueRedactionPlan } from './redaction.service.ts';

const cat = paths.catalogue;

const pageUrlOf =
  (attachmentId: number): PageUrl =>
  (version, page) =>
    cat.attachmentRedactPage({ attachmentId, version, page: page + 1 });

const RECEIVER = (a: Attachment) =>
  `发布后，公众下载的是删除处理后的文件“${a.fileName}”；原件留存备查，不公开。`;

/** Original and redacted side by side for one attachment (on the item's page). */
export function AttachmentRedactionCompare(props: {
  attachment: Attachment;
  redaction: CatalogueRedaction;
  /** The attachment may still change (an editor, item a draft or under review). */
  editable: boolean;
  csrf: string;
}) {
  const a = props.attachment;
  return (
    <RedactionCompare
      redaction={props.redaction}
      pageCount={props.redaction.pageCount}
      pageUrl={pageUrlOf(a.id)}
      receiver={RECEIVER(a)}
      download={{
        href: cat.file({ attachmentId: a.id }),
        label: `下载删除处理后的“${a.fileName}”（含说明页）`,
      }}
      undo={props.editable ? cat.attachmentRedactUndo({ attachmentId: a.id }) : null}
      csrf={props.csrf}
      level={3}
      id={`compare-${a.id}`}
    />
  );
}

export function CatalogueRedactionPage(props: {
  ctx: AdminContext;
  plan: CatalogueRedactionPlan;
  canEdit: boolean;
  values: Readonly<Record<string, string>> | null;
  errors?: FieldErrors | undefined;
}) {
  const { plan } = props;
  const a = plan.attachment;
  const editable = props.canEdit && plan.changeable;
  const r = plan.redaction;
  return (
    <Page title={`删除处理：${plan.original.fileName}`} hasErrors={Boolean(props.errors)} {...props.ctx}>
      <Breadcrumbs
        items={[
          { href: cat.list(), label: '主动公开' },
          { href: cat.item({ itemId: plan.item.id }), label: plan.item.title },
          { label: '删除处理' },
        ]}
      />
      <link rel="stylesheet" href={paths.static({ file: 'redact.css' })} />
      <ErrorSummary errors={props.errors} />
      <span class="gk-caption">“{plan.item.title}”的附件</span>
      <h1>删除处理（发布前）：{plan.original.fileName}</h1>
      <p>
        删除的内容从文件中真正去除（不是遮盖），每处以黑框标示并注明理由，文件末尾附区分处理说明页。原件留存备查，不会公开；发布后门户提供的是删除处理后的文件。
      </p>
      {plan.changeable ? null : (
        <p>
          <strong>信息已发布，附件不能再作删除处理。</strong>
        </p>
      )}
      {r ? (
        <RedactionCompare
          redaction={r}
          pageCount={plan.pages.length}
          pageUrl={pageUrlOf(a.id)}
          receiver={RECEIVER(a)}
          download={{ href: cat.file({ attachmentId: a.id }), label: '下载删除处理后的文件（含说明页）' }}
          undo={editable ? cat.attachmentRedactUndo({ attachmentId: a.id }) : null}
          csrf={props.ctx.csrf}
        />
      ) : null}
      {editable ? (
        <RedactionForm
          action={cat.attachmentRedact({ attachmentId: a.id })}
          csrf={props.ctx.csrf}
          view={plan}
          redacted={r !== null}
          pageUrl={pageUrlOf(a.id)}
          values={props.values}
          errors={props.errors}
        />
      ) : null}
      <script type="module" src={paths.static({ file: 'redact.js' })} />
    </Page>
  );
}
