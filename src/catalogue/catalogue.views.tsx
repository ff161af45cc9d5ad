import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Agency } from '../agencies/agency.rules.ts';
import { formatDate } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  Select,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { FileUpload } from '../shared/ui/file-upload.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { Attachment, CatalogueItem, ItemVersion, Revision, Topic } from './catalogue.model.ts';
import { topicLabel } from './catalogue.model.ts';
import {
  BASIS_OPTIONS,
  basisLabel,
  DISCLOSURE_METHODS,
  DOC_TYPE_LABELS,
  DOC_TYPE_OPTIONS,
  GENRES,
  INTERPRETATION_FORMS,
  INTERPRETERS,
  type ItemStatus,
  STATUS_LABELS,
  VALIDITY_LABELS,
  VALIDITY_OPTIONS,
} from './catalogue.rules.ts';
import type { CatalogueRedaction } from './redaction.service.ts';
import { AttachmentRedactionCompare } from './redaction.views.tsx';
import { PendingRevision, RevisionHistory, versionChanges } from './revision.views.tsx';
import { isSelectableTopic } from './taxonomy.ts';

const STATUS_TONE: Record<ItemStatus, 'grey' | 'yellow' | 'green' | 'red'> = {
  draft: 'grey',
  review: 'yellow',
  published: 'green',
  withdrawn: 'red',
};

export function StatusTag({ status }: { status: ItemStatus }) {
  return <Tag tone={STATUS_TONE[status]}>{STATUS_LABELS[status]}</Tag>;
}

export function ValidityTag({
  item,
  today,
}: {
  item: Pick<CatalogueItem, 'validity' | 'validityOn'>;
  today: string;
}) {
  if (!item.validity) return null;
  const v = item.validity !== 'valid' && item.validityOn && item.validityOn > today ? 'valid' : item.validity;
  return (
    <Tag tone={v === 'valid' ? 'green' : v === 'repealed' ? 'red' : 'grey'}>
      {VALIDITY_LABELS[v]}
      {v !== 'valid' && item.validityOn ? `（${formatDate(item.validityOn)}）` : ''}
    </Tag>
  );
}

export function CatalogueListPage(props: {
  ctx: AdminContext;
  items: readonly CatalogueItem[];
  status: string;
  today: string;
  canEdit: boolean;
  /** Whether the viewer may open the 索引号 and topic settings (the route needs catalogue.approve). */
  canConfigure: boolean;
  agencies: ReadonlyMap<number, Agency>;
  /** Published items with a revision under review. */
  revising: ReadonlySet<number>;
}) {
  const tabs: { value: string; label: string }[] = [
    { value: '', label: '全部' },
    ...(['draft', 'review', 'published', 'withdrawn'] as const).map((s) => ({
      value: s,
      label: STATUS_LABELS[s],
    })),
  ];
  return (
    <Page title="主动公开信息" {...props.ctx}>
      <h1>主动公开信息</h1>
      {props.canEdit ? (
        <p>
          <LinkButton href={paths.catalogue.newItem()} variant="primary">
            登记新信息
          </LinkButton>{' '}
          <a href={paths.catalogue.messages()}>互动交流（咨询与纠错）</a> ·{' '}
          <a href={paths.catalogue.import()}>从 XLSX/CSV 导入</a>
          {props.canConfigure ? (
            <>
              {' '}
              · <a href={paths.catalogue.settings()}>索引号与主题分类</a>
            </>
          ) : null}
        </p>
      ) : null}
      <nav aria-label="按状态筛选" class="gk-filter-tabs">
        <ul>
          {tabs.map((t) => (
            <li>
              <a
                href={paths.catalogue.list(undefined, { status: t.value })}
                aria-current={props.status === t.value ? 'page' : undefined}
              >
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.items.length === 0 ? (
        <p>没有符合条件的信息。</p>
      ) : (
        <form method="get" action={paths.catalogue.noticeSheet()}>
          <Table
            caption="主动公开信息列表"
            columns={['选择', '名称', '机构', '状态', '索引号', '公开期限（第二十六条）']}
          >
            {props.items.map((i) => (
              <tr>
                <td>
                  {i.status === 'published' ? (
                    <input
                      type="checkbox"
                      name="ids"
                      value={String(i.id)}
                      id={`pick-${i.id}`}
                      aria-label={`选入公示栏：${i.title}`}
                    />
                  ) : null}
                </td>
                <td>
                  <a href={paths.catalogue.item({ itemId: i.id })}>{i.title}</a>
                  <br />
                  <span class="gk-secondary">{DOC_TYPE_LABELS[i.docType]}</span>
                </td>
                <td>
                  {props.agencies.get(i.agencyId)?.shortName ?? props.agencies.get(i.agencyId)?.name ?? ''}
                </td>
                <td>
                  <StatusTag status={i.status} />
                  {props.revising.has(i.id) ? (
                    <>
                      {' '}
                      <Tag tone="yellow">修改待审核</Tag>
                    </>
                  ) : null}
                </td>
                <td>{i.indexNo ?? '—'}</td>
                <td>
                  {i.status === 'draft' || i.status === 'review' ? (
                    <DueMark due={i.publishDue} today={props.today} />
                  ) : (
                    formatDate(i.publishedOn)
                  )}
                </td>
              </tr>
            ))}
          </Table>
          <Button variant="secondary">打印所选信息的公示栏</Button>
        </form>
      )}
    </Page>
  );
}

export function DueMark({ due, today }: { due: string; today: string }) {
  if (due < today)
    return (
      <span>
        <Tag tone="red">已超期</Tag> {formatDate(due)}
      </span>
    );
  return <span>{formatDate(due)} 前公开</span>;
}

export function ItemForm(props: {
  ctx: AdminContext;
  action: string;
  title: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  topics: readonly Topic[];
  policies: readonly CatalogueItem[];
  back: string;
  /** The item's current topic: offered even when switched off (items keep their topic). */
  currentTopicId?: number | null | undefined;
  /** Editing a published item: a revision with its 修改说明; type and formation date stay. */
  revision?: { docTypeLabel: string; notice?: Child } | undefined;
}) {
  const v = props.values;
  const e = props.errors ?? {};
  const f = fieldBinder(v, e);
  const keep = props.currentTopicId ?? null;
  const offered = props.topics.filter((t) => t.id === keep || isSelectableTopic(props.topics, t.id));
  const topicOptions = offered
    .filter((t) => t.parentId !== null)
    .map((t) => ({
      value: String(t.id),
      label: `${topicLabel(props.topics, t.id) ?? t.name}${isSelectableTopic(props.topics, t.id) ? '' : '（已停用）'}`,
    }));
  const topTopics = offered
    .filter((t) => t.parentId === null)
    .map((t) => ({ value: String(t.id), label: `${t.name}${t.active ? '' : '（已停用）'}` }));
  const rev = props.revision;
  return (
    <Page title={props.title} hasErrors={Object.keys(e).length > 0} {...props.ctx}>
      <a href={props.back} class="gk-back-link">
        返回
      </a>
      <ErrorSummary errors={props.errors} />
      <h1>{props.title}</h1>
      {rev ? (
        <>
          {rev.notice}
          <p>
            修改已发布的信息：提交后由审核人进行保密审查，通过后替换门户上的内容；在此之前门户仍显示已发布的版本。索引号、发布日期和信息类型（
            {rev.docTypeLabel}
            ）不变。
          </p>
        </>
      ) : null}
      <PostForm action={props.action} csrf={props.ctx.csrf}>
        {rev ? (
          <Textarea
            {...f('note')}
            label="修改说明"
            rows={2}
            hint="更正或补充了什么、为什么修改（记入版本记录）"
          />
        ) : null}
        <TextInput {...f('title')} label="名称" hint="只写主标题" />
        <Textarea {...f('description')} label="内容概述" optional rows={3} />
        {rev ? null : (
          <Select
            {...f('docType')}
            label="信息类型"
            options={DOC_TYPE_OPTIONS}
            hint="规章和行政规范性文件必须标注有效性，并应与政策解读同步发布"
          />
        )}
        <Select
          {...f('basis')}
          label="公开依据（条例第二十条事项或第二十一条领域）"
          options={BASIS_OPTIONS}
          placeholder="请选择"
        />
        <Select
          {...f('topicId')}
          label="主题分类"
          options={[...topicOptions, ...topTopics]}
          placeholder="请选择"
          optional
        />
        <Select
          {...f('genre')}
          label="体裁"
          options={GENRES.map((g) => ({ value: g, label: g }))}
          placeholder="请选择"
        />
        <TextInput {...f('publisher')} label="发布机构" />
        <TextInput {...f('docNumber')} label="文号" optional hint="例如 宽城府发〔2026〕3号" />
        <TextInput {...f('keywords')} label="关键词" optional />
        <TextInput {...f('writtenOn')} label="成文日期" type="date" optional width="third" />
        {rev ? null : (
          <>
            <TextInput
              {...f('formedOn')}
              label="信息形成或变更日期"
              type="date"
              width="third"
              hint="自该日起 20 个工作日内公开（条例第二十六条）"
            />
            <TextInput
              {...f('deadlineOverride')}
              label="法律法规另行规定的公开期限"
              type="date"
              optional
              width="third"
            />
          </>
        )}
        <Select {...f('validity')} label="有效性" options={VALIDITY_OPTIONS} placeholder="不适用" />
        <TextInput {...f('validityOn')} label="失效或废止日期" type="date" optional width="third" />
        <Select
          {...f('disclosureMethod')}
          label="公开方式"
          options={DISCLOSURE_METHODS.map((x) => ({ value: x, label: x }))}
        />
        <Textarea
          {...f('bodyHtml')}
          label="正文"
          rows={12}
          hint="可使用段落、加粗、列表、小标题、表格、链接和图片；其他格式和脚本会被去除"
        />
        <fieldset class="gk-fieldset">
          <legend class="gk-fieldset__legend">政策解读（仅“政策解读”类型填写）</legend>
          <Select
            {...f('interpretsId')}
            label="所解读的政策文件"
            options={props.policies.map((p) => ({ value: String(p.id), label: p.title }))}
            placeholder="请选择"
          />
          <Select
            {...f('interpreter')}
            label="解读主体"
            options={INTERPRETERS.map((x) => ({ value: x, label: x }))}
            placeholder="请选择"
          />
          <Select
            {...f('interpretationForm')}
            label="解读形式"
            options={INTERPRETATION_FORMS.map((x) => ({ value: x, label: x }))}
            placeholder="请选择"
          />
        </fieldset>
        <Button>{rev ? '提交修改，送审核' : '保存草稿'}</Button>
      </PostForm>
    </Page>
  );
}

export function itemToValues(i: CatalogueItem): Record<string, string> {
  return {
    title: i.title,
    description: i.description ?? '',
    docType: i.docType,
    basis: i.basis,
    topicId: i.topicId ? String(i.topicId) : '',
    genre: i.genre,
    publisher: i.publisher,
    docNumber: i.docNumber ?? '',
    keywords: i.keywords ?? '',
    writtenOn: i.writtenOn ?? '',
    formedOn: i.formedOn,
    deadlineOverride: i.deadlineOverride ?? '',
    validity: i.validity ?? '',
    validityOn: i.validityOn ?? '',
    disclosureMethod: i.disclosureMethod,
    bodyHtml: i.bodyHtml,
    interpretsId: i.interpretsId ? String(i.interpretsId) : '',
    interpreter: i.interpreter ?? '',
    interpretationForm: i.interpretationForm ?? '',
  };
}

/** A date that never breaks across lines (长者模式 on a phone would put it on three). */
function DateText({ date }: { date: string }) {
  return <span class="gk-date">{formatDate(date)}</span>;
}

export function metadataRows(i: CatalogueItem, topics: readonly Topic[], today: string) {
  return [
    { key: '索引号', value: i.indexNo ?? '（发布时生成）' },
    { key: '主题分类', value: topicLabel(topics, i.topicId) },
    { key: '发布机构', value: i.publisher },
    { key: '成文日期', value: i.writtenOn ? <DateText date={i.writtenOn} /> : null },
    { key: '发布日期', value: i.publishedOn ? <DateText date={i.publishedOn} /> : null },
    // Old version snapshots have no revisedOn: the row only shows once an item was revised.
    ...(i.revisedOn ? [{ key: '更新日期', value: <DateText date={i.revisedOn} /> }] : []),
    { key: '文号', value: i.docNumber },
    { key: '体裁', value: i.genre },
    { key: '有效性', value: i.validity ? <ValidityTag item={i} today={today} /> : '不适用' },
    { key: '公开方式', value: i.disclosureMethod },
    { key: '公开依据', value: basisLabel(i.basis) },
    { key: '名称', value: i.title },
    { key: '内容概述', value: i.description },
  ];
}

export function ItemShowPage(props: {
  ctx: AdminContext;
  item: CatalogueItem;
  topics: readonly Topic[];
  interpretations: readonly CatalogueItem[];
  policy: CatalogueItem | null;
  versions: readonly ItemVersion[];
  attachments: readonly Attachment[];
  /** The redactions of the attachments (original kept, removed parts), and the attachments that can be redacted. */
  redactions: readonly CatalogueRedaction[];
  redactable: readonly number[];
  today: string;
  canEdit: boolean;
  canApprove: boolean;
  /** The revision of this published item under review, and every revision (newest first). */
  revision: Revision | null;
  revisions: readonly Revision[];
  errors?: FieldErrors | undefined;
  values?: Record<string, string> | undefined;
  notice?: string | undefined;
}) {
  const i = props.item;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const f = fieldBinder(v, e);
  /** The validity form: what was typed, else the item's marking. */
  const marked = fieldBinder(
    { validity: v.validity ?? i.validity ?? '', validityOn: v.validityOn ?? i.validityOn ?? '' },
    e,
  );
  const changes = versionChanges(props.versions);
  return (
    <Page title={i.title} hasErrors={Object.keys(e).length > 0} {...props.ctx}>
      <a href={paths.catalogue.list()} class="gk-back-link">
        返回列表
      </a>
      <ErrorSummary errors={props.errors} />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <span class="gk-caption">{DOC_TYPE_LABELS[i.docType]}</span>
      <h1>{i.title}</h1>
      <p>
        <StatusTag status={i.status} /> 第 {i.version} 版
        {i.status === 'draft' || i.status === 'review' ? (
          <>
            {' '}
            · 公开期限：
            <DueMark due={i.publishDue} today={props.today} />
          </>
        ) : null}
      </p>
      {i.reviewComment && i.status === 'draft' ? (
        <Notice tone="warning">审核意见：{i.reviewComment}</Notice>
      ) : null}
      {i.withdrawnReason ? <Notice tone="warning">撤回理由：{i.withdrawnReason}</Notice> : null}
      {props.revision ? (
        <PendingRevision
          item={i}
          revision={props.revision}
          topics={props.topics}
          csrf={props.ctx.csrf}
          canEdit={props.canEdit}
          canApprove={props.canApprove}
          errors={e}
          values={v}
        />
      ) : null}
      {i.status === 'published' ? <h2>已发布的内容</h2> : null}
      <SummaryList rows={metadataRows(i, props.topics, props.today)} />
      {i.secrecyNote ? <p>保密审查意见：{i.secrecyNote}</p> : null}
      {i.noInterpretationReason ? <p>未同步发布解读的理由：{i.noInterpretationReason}</p> : null}
      {props.policy ? (
        <p>
          解读的政策文件：<a href={paths.catalogue.item({ itemId: props.policy.id })}>{props.policy.title}</a>
          （解读主体：
          {i.interpreter}；形式：{i.interpretationForm}）
        </p>
      ) : null}
      {props.interpretations.length > 0 ? (
        <>
          <h2>政策解读</h2>
          <ul>
            {props.interpretations.map((x) => (
              <li>
                <a href={paths.catalogue.item({ itemId: x.id })}>{x.title}</a> <StatusTag status={x.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>正文</h2>
      <div class="gk-richtext">{raw(i.bodyHtml)}</div>

      <h2 id="attachments">附件</h2>
      {props.attachments.length === 0 ? <p>暂无附件。</p> : null}
      <ul>
        {props.attachments.map((f) => {
          const redaction = props.redactions.find((r) => r.attachmentId === f.id);
          const changeable = i.status === 'draft' || i.status === 'review';
          return (
            <li>
              <a href={paths.catalogue.file({ attachmentId: f.id })}>{f.fileName}</a>（
              {Math.ceil(f.size / 1024)} KB
              {f.altText ? `，替代文字：${f.altText}` : ''}）
              {redaction ? <strong>已作删除处理 {redaction.boxes.length} 处</strong> : null}
              {redaction || (props.canEdit && changeable && props.redactable.includes(f.id)) ? (
                <>
                  {' '}
                  <a href={paths.catalogue.attachmentRedact({ attachmentId: f.id })}>
                    删除处理<span class="gk-visually-hidden">：{f.fileName}</span>
                  </a>
                </>
              ) : null}
              {props.canEdit && changeable ? (
                <PostForm
                  action={paths.catalogue.attachmentDelete({ attachmentId: f.id })}
                  csrf={props.ctx.csrf}
                  class="gk-inline-form"
                >
                  <button type="submit" class="gk-link-button">
                    删除<span class="gk-visually-hidden">{f.fileName}</span>
                  </button>
                </PostForm>
              ) : null}
              {redaction ? (
                <AttachmentRedactionCompare
                  attachment={f}
                  redaction={redaction}
                  editable={props.canEdit && changeable}
                  csrf={props.ctx.csrf}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {props.redactions.length > 0 ? (
        <link rel="stylesheet" href={paths.static({ file: 'redact.css' })} />
      ) : null}
      {props.canEdit && (i.status === 'draft' || i.status === 'review') ? (
        <PostForm action={paths.catalogue.attachments({ itemId: i.id })} csrf={props.ctx.csrf} multipart>
          <FileUpload
            name="file"
            label="上传附件"
            hint="PDF、Word、Excel、PowerPoint 不超过 50 MB；图片不超过 10 MB；音频不超过 100 MB；视频不超过 500 MB"
            error={e.file}
          />
          <TextInput name="altText" label="图片的替代文字" optional hint="上传图片时必填，简要描述图片内容" />
          <Button variant="secondary">上传</Button>
        </PostForm>
      ) : null}

      <h2>办理</h2>
      {i.status === 'draft' && props.canEdit ? (
        <p>
          <LinkButton href={paths.catalogue.edit({ itemId: i.id })}>修改草稿</LinkButton>
        </p>
      ) : null}
      {i.status === 'draft' && props.canEdit ? (
        <PostForm action={paths.catalogue.submit({ itemId: i.id })} csrf={props.ctx.csrf}>
          <Button>提交审核</Button>
        </PostForm>
      ) : null}
      {i.status === 'review' && props.canApprove ? (
        <>
          <PostForm action={paths.catalogue.publish({ itemId: i.id })} csrf={props.ctx.csrf}>
            <Textarea
              {...f('secrecyNote')}
              label="保密审查意见"
              rows={2}
              hint="谁公开谁审查、谁审查谁负责：确认不涉及国家秘密、商业秘密和个人隐私"
            />
            {i.docType === 'rule' || i.docType === 'normative' ? (
              <Textarea
                {...f('noInterpretationReason')}
                label="不同步发布政策解读的理由"
                rows={2}
                optional
                hint="待审核的解读会与本文件一并发布；没有解读时必须说明理由"
              />
            ) : null}
            <Button>审核通过并发布</Button>
          </PostForm>
          <PostForm action={paths.catalogue.returnToDraft({ itemId: i.id })} csrf={props.ctx.csrf}>
            <Textarea {...f('reviewComment')} label="退回理由" rows={2} />
            <Button variant="secondary">退回修改</Button>
          </PostForm>
        </>
      ) : null}
      {i.status === 'published' && props.canEdit && !props.revision ? (
        <p>
          <LinkButton href={paths.catalogue.revise({ itemId: i.id })}>修改</LinkButton>{' '}
          <span class="gk-secondary">修改经审核后替换已发布的内容，索引号和发布日期不变</span>
        </p>
      ) : null}
      {i.status === 'published' && props.canApprove ? (
        <PostForm action={paths.catalogue.withdraw({ itemId: i.id })} csrf={props.ctx.csrf}>
          <Textarea {...f('withdrawnReason')} label="撤回理由" rows={2} />
          <Button variant="warning">撤回</Button>
        </PostForm>
      ) : null}
      {i.status === 'withdrawn' && props.canApprove ? (
        <PostForm action={paths.catalogue.returnToDraft({ itemId: i.id })} csrf={props.ctx.csrf}>
          <Textarea {...f('reviewComment')} label="重新编辑的原因" rows={2} />
          <Button variant="secondary">转为草稿重新编辑（保留索引号）</Button>
        </PostForm>
      ) : null}
      {props.canApprove ? (
        <PostForm action={paths.catalogue.validity({ itemId: i.id })} csrf={props.ctx.csrf}>
          <Select
            {...marked('validity')}
            id="validity-change"
            label="标注有效性"
            options={VALIDITY_OPTIONS}
            placeholder="不适用"
          />
          <TextInput {...marked('validityOn')} label="失效或废止日期" type="date" optional width="third" />
          <Button variant="secondary">保存有效性</Button>
        </PostForm>
      ) : null}
      {i.status === 'published' ? (
        <p>
          <a href={paths.catalogue.portal.item({ agencyId: i.agencyId, itemId: i.id })}>在门户中查看</a> ·{' '}
          <a href={paths.catalogue.wechat({ itemId: i.id })}>导出为微信公众号文章</a> ·{' '}
          <a href={paths.catalogue.noticeSheet(undefined, { ids: String(i.id) })}>打印公示栏</a>
        </p>
      ) : null}
      <h2>版本记录</h2>
      <Table columns={['版本', '状态', '说明', '改动的项目', '操作人', '时间']}>
        {props.versions.map((x) => (
          <tr>
            <td>
              <a href={paths.catalogue.version({ itemId: i.id, version: x.version })}>第 {x.version} 版</a>
            </td>
            <td>{STATUS_LABELS[x.status]}</td>
            <td>{x.note ?? ''}</td>
            <td>{changes.get(x.version) || '—'}</td>
            <td>{x.createdBy ?? '系统'}</td>
            <td>{x.createdAt.slice(0, 16).replace('T', ' ')}</td>
          </tr>
        ))}
      </Table>
      <RevisionHistory revisions={props.revisions} topics={props.topics} />
    </Page>
  );
}

export function VersionPage(props: {
  ctx: AdminContext;
  version: ItemVersion;
  topics: readonly Topic[];
  today: string;
}) {
  const s = props.version.snapshot;
  return (
    <Page title={`${s.title}（第 ${props.version.version} 版）`} {...props.ctx}>
      <a href={paths.catalogue.item({ itemId: s.id })} class="gk-back-link">
        返回
      </a>
      <span class="gk-caption">
        第 {props.version.version} 版 · {props.version.note ?? ''}
      </span>
      <h1>{s.title}</h1>
      <SummaryList rows={metadataRows(s, props.topics, props.today)} />
      <div class="gk-richtext">{raw(s.bodyHtml)}</div>
    </Page>
  );
}
