import { raw } from 'hono/html';
import type { Agency } from '../agencies/agency.rules.ts';
import { formatDate } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import {
  Button,
  fieldBinder,
  Notice,
  Pagination,
  PortalBreadcrumbs,
  Select,
  SummaryList,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { type FeedLink, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { Attachment, CatalogueItem, SearchHit, Topic } from './catalogue.model.ts';
import { ART20_ITEMS, DOC_TYPE_OPTIONS, VALIDITY_OPTIONS } from './catalogue.rules.ts';
import { metadataRows, ValidityTag } from './catalogue.views.tsx';
import type { Segment } from './search.rules.ts';

/** The feeds of an agency's published items (of one 第二十条 category when `basis` is given). */
export function agencyFeeds(agency: Agency, basis?: string): FeedLink[] {
  const at = { agencyId: agency.id };
  const query = basis ? { basis } : undefined;
  return [
    { type: 'rss', title: `${agency.name} 主动公开信息（RSS）`, href: paths.catalogue.portal.rss(at, query) },
    {
      type: 'atom',
      title: `${agency.name} 主动公开信息（Atom）`,
      href: paths.catalogue.portal.atom(at, query),
    },
  ];
}

export interface ListFilters {
  basis: string;
  year: string;
  validity: string;
  topic: string;
}

function ItemTable(props: { items: readonly CatalogueItem[]; today: string; caption: string }) {
  return (
    <Table caption={props.caption} class="gk-catalogue-list" columns={['名称', '文号', '发布日期', '有效性']}>
      {props.items.map((i) => (
        <tr>
          <td>
            <a href={paths.catalogue.portal.item({ agencyId: i.agencyId, itemId: i.id })}>{i.title}</a>
          </td>
          <td>{i.docNumber ?? ''}</td>
          <td class="gk-date">{formatDate(i.publishedOn)}</td>
          <td>{i.validity ? <ValidityTag item={i} today={props.today} /> : ''}</td>
        </tr>
      ))}
    </Table>
  );
}

export function ProactiveColumnPage(props: {
  agency: Agency;
  ancestors: readonly Agency[];
  counts: ReadonlyMap<string, number>;
  years: readonly number[];
  /** 主题分类 used by the agency's published items (switched-off ones too, while items use them). */
  topicOptions: readonly { value: string; label: string }[];
  filters: ListFilters;
  items: readonly CatalogueItem[];
  total: number;
  page: number;
  pageSize: number;
  today: string;
}) {
  const a = props.agency;
  const f = props.filters;
  const href = (page: number) =>
    paths.catalogue.portal.proactive(
      { agencyId: a.id },
      { basis: f.basis, year: f.year, validity: f.validity, topic: f.topic, page },
    );
  return (
    <Page title={`法定主动公开内容 - ${a.name}`} area="portal" feeds={agencyFeeds(a, f.basis)}>
      <PortalBreadcrumbs agency={a} column={{ label: '法定主动公开内容' }} />
      <span class="gk-caption">{a.name}</span>
      <h1>法定主动公开内容</h1>
      <p>
        订阅：<a href={paths.catalogue.portal.rss({ agencyId: a.id }, { basis: f.basis })}>RSS</a> ·{' '}
        <a href={paths.catalogue.portal.atom({ agencyId: a.id }, { basis: f.basis })}>Atom</a> ·{' '}
        <a href={paths.catalogue.portal.interaction({ agencyId: a.id })}>咨询与纠错</a>
      </p>
      <div class="gk-two-columns">
        <nav aria-labelledby="basis-title" class="gk-side-nav">
          <h2 id="basis-title">按《条例》第二十条分类</h2>
          <ul>
            <li>
              <a
                href={paths.catalogue.portal.proactive({ agencyId: a.id })}
                aria-current={f.basis === '' ? 'page' : undefined}
              >
                全部
              </a>
            </li>
            {ART20_ITEMS.map((it) => (
              <li>
                <a
                  href={paths.catalogue.portal.proactive({ agencyId: a.id }, { basis: `art20:${it.no}` })}
                  aria-current={f.basis === `art20:${it.no}` ? 'page' : undefined}
                  title={it.label}
                >
                  {it.label.slice(0, it.label.indexOf('）') + 1)}
                  {it.short}（{props.counts.get(`art20:${it.no}`) ?? 0}）
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          <form method="get" action={paths.catalogue.portal.proactive({ agencyId: a.id })} class="gk-filters">
            <input type="hidden" name="basis" value={f.basis} />
            <Select
              name="year"
              label="发布年份"
              value={f.year}
              options={props.years.map((y) => ({ value: String(y), label: `${y}年` }))}
              placeholder="全部年份"
            />
            <Select
              name="validity"
              label="有效性"
              value={f.validity}
              options={VALIDITY_OPTIONS}
              placeholder="全部"
            />
            {props.topicOptions.length > 0 ? (
              <Select
                name="topic"
                label="主题分类"
                value={f.topic}
                options={props.topicOptions}
                placeholder="全部分类"
              />
            ) : null}
            <Button variant="secondary">筛选</Button>
          </form>
          <p>共 {props.total} 条</p>
          {props.items.length === 0 ? (
            <p>本栏目暂无符合条件的信息。</p>
          ) : (
            <ItemTable items={props.items} today={props.today} caption="法定主动公开内容列表" />
          )}
          <Pagination page={props.page} pageCount={Math.ceil(props.total / props.pageSize)} href={href} />
        </div>
      </div>
    </Page>
  );
}

export function SystemColumnPage(props: {
  agency: Agency;
  ancestors: readonly Agency[];
  items: readonly CatalogueItem[];
  today: string;
}) {
  const a = props.agency;
  return (
    <Page title={`政府信息公开制度 - ${a.name}`} area="portal" feeds={agencyFeeds(a)}>
      <PortalBreadcrumbs agency={a} column={{ label: '政府信息公开制度' }} />
      <span class="gk-caption">{a.name}</span>
      <h1>政府信息公开制度</h1>
      {props.items.length === 0 ? (
        <Notice tone="info">本机关尚未发布政府信息公开工作制度。</Notice>
      ) : (
        <ItemTable items={props.items} today={props.today} caption="政府信息公开制度列表" />
      )}
    </Page>
  );
}

export function PortalItemPage(props: {
  agency: Agency;
  ancestors: readonly Agency[];
  item: CatalogueItem;
  topics: readonly Topic[];
  policy: CatalogueItem | null;
  interpretations: readonly CatalogueItem[];
  attachments: readonly Attachment[];
  today: string;
  csrf: string;
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const a = props.agency;
  const i = props.item;
  const expired =
    i.validity !== null && i.validity !== 'valid' && (!i.validityOn || i.validityOn <= props.today);
  return (
    <Page title={`${i.title} - ${a.name}`} area="portal" feeds={agencyFeeds(a)}>
      <PortalBreadcrumbs
        agency={a}
        column={
          i.docType === 'system'
            ? { label: '政府信息公开制度', href: paths.catalogue.portal.system({ agencyId: a.id }) }
            : { label: '法定主动公开内容', href: paths.catalogue.portal.proactive({ agencyId: a.id }) }
        }
        item={i.title}
      />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <article class="gk-item">
        <section class="gk-metadata" aria-label="信息要素">
          <SummaryList rows={metadataRows(i, props.topics, props.today)} hideEmpty />
        </section>
        <h1>{i.title}</h1>
        {i.docNumber ? <p class="gk-doc-number">{i.docNumber}</p> : null}
        {expired ? (
          <Notice tone="warning">
            本文件已{i.validity === 'repealed' ? '废止' : '失效'}
            {i.validityOn ? `（${formatDate(i.validityOn)}）` : ''}，仅供查阅。
          </Notice>
        ) : null}
        <div class="gk-richtext">{raw(i.bodyHtml)}</div>
        {props.attachments.length > 0 ? (
          <section aria-labelledby="att-title">
            <h2 id="att-title">附件</h2>
            <ul>
              {props.attachments.map((f) => {
                const src = paths.catalogue.file({ attachmentId: f.id });
                return (
                  <li>
                    {f.kind === 'image' ? (
                      <img src={src} alt={f.altText ?? ''} class="gk-attachment-image" />
                    ) : null}
                    <a href={src}>{f.fileName}</a>（
                    {f.kind === 'audio' ? '音频，' : f.kind === 'video' ? '视频，' : ''}
                    {Math.ceil(f.size / 1024)} KB）
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        {props.policy ? (
          <section aria-labelledby="policy-title" class="gk-related">
            <h2 id="policy-title">相关政策文件</h2>
            <p>
              <a
                href={paths.catalogue.portal.item({
                  agencyId: props.policy.agencyId,
                  itemId: props.policy.id,
                })}
              >
                {props.policy.title}
              </a>
              （解读主体：{i.interpreter}；解读形式：{i.interpretationForm}）
            </p>
          </section>
        ) : null}
        {props.interpretations.length > 0 ? (
          <section aria-labelledby="interp-title" class="gk-related">
            <h2 id="interp-title">政策解读</h2>
            <ul>
              {props.interpretations.map((x) => (
                <li>
                  <a href={paths.catalogue.portal.item({ agencyId: x.agencyId, itemId: x.id })}>{x.title}</a>
                  （{x.interpreter}，{x.interpretationForm}）
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
      <section aria-labelledby="report-title" class="gk-no-print">
        <h2 id="report-title">信息纠错</h2>
        <p>发现本信息有错误？请告诉我们，我们将在 3 个工作日内答复。</p>
        {props.problem ? (
          <p class="gk-error-message" role="alert">
            {props.problem}
          </p>
        ) : null}
        <form
          method="post"
          action={paths.catalogue.portal.reportError({ agencyId: a.id, itemId: i.id })}
          novalidate
        >
          <input type="hidden" name="_csrf" value={props.csrf} />
          <TextInput name="name" label="您的称呼" />
          <TextInput name="contact" label="联系方式" optional hint="电话或电子邮箱，便于答复" />
          <div class="gk-form-group">
            <label class="gk-label" for="body">
              错误内容
            </label>
            <textarea class="gk-textarea" id="body" name="body" rows={3} />
          </div>
          <Button variant="secondary">提交纠错</Button>
        </form>
      </section>
    </Page>
  );
}

function Marked({ segments }: { segments: readonly Segment[] }) {
  return <>{segments.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</>;
}

export function SearchPage(props: {
  q: string;
  agencyId: string;
  order: string;
  docType: string;
  year: string;
  validity: string;
  agencies: readonly Agency[];
  hits: readonly SearchHit[] | null;
  total: number;
  more: boolean;
  bounded: boolean;
  page: number;
  pageSize: number;
  today: string;
}) {
  const href = (page: number) =>
    paths.catalogue.portal.search(undefined, {
      q: props.q,
      agency: props.agencyId,
      order: props.order,
      docType: props.docType,
      year: props.year,
      validity: props.validity,
      page,
    });
  return (
    <Page title={props.q ? `“${props.q}”的检索结果` : '信息检索'} area="portal">
      <PortalBreadcrumbs item="政府信息检索" />
      <h1>政府信息检索</h1>
      <form method="get" action={paths.catalogue.portal.search()} class="gk-search-form">
        <TextInput
          name="q"
          label="关键词"
          type="search"
          value={props.q}
          hint="可输入一个字、词语或较长的短语；多个词用空格分开"
        />
        <Select
          name="agency"
          label="发布机构"
          value={props.agencyId}
          options={props.agencies.map((a) => ({ value: String(a.id), label: a.name }))}
          placeholder="全部机构"
        />
        <Select
          name="docType"
          label="信息类型"
          value={props.docType}
          options={DOC_TYPE_OPTIONS}
          placeholder="全部类型"
        />
        <TextInput
          name="year"
          label="发布年份"
          value={props.year}
          width="code"
          inputmode="numeric"
          optional
        />
        <Select
          name="validity"
          label="有效性"
          value={props.validity}
          options={VALIDITY_OPTIONS}
          placeholder="全部"
        />
        <Select
          name="order"
          label="排序"
          value={props.order}
          options={[
            { value: 'relevance', label: '相关度' },
            { value: 'date', label: '发布日期' },
          ]}
        />
        <Button>检索</Button>
      </form>
      {props.hits ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {props.more ? `找到超过 ${props.total} 条结果` : `找到 ${props.total} 条结果`}
          </h2>
          {props.bounded ? (
            <p class="gk-secondary">单字检索只在最近发布的 20000 条信息中查找，请尽量输入词语。</p>
          ) : null}
          {props.hits.length === 0 ? (
            <p>没有找到相关信息。请检查输入，或换一个词语。</p>
          ) : (
            <ol class="gk-results">
              {props.hits.map((h) => (
                <li>
                  <h3>
                    <a href={paths.catalogue.portal.item({ agencyId: h.item.agencyId, itemId: h.item.id })}>
                      <Marked segments={h.title} />
                    </a>
                  </h3>
                  <p>
                    <Marked segments={h.snippet} />
                  </p>
                  <p class="gk-secondary">
                    {h.agencyName} · <span class="gk-date">{formatDate(h.item.publishedOn)}</span>
                    {h.item.docNumber ? ` · ${h.item.docNumber}` : ''}
                    {h.item.validity ? ' · ' : ''}
                    {h.item.validity ? <ValidityTag item={h.item} today={props.today} /> : null}
                  </p>
                </li>
              ))}
            </ol>
          )}
          <Pagination
            page={props.page}
            pageCount={Math.ceil(Math.min(props.total, 1000) / props.pageSize)}
            href={href}
          />
        </section>
      ) : null}
    </Page>
  );
}

export function InteractionPage(props: {
  agency: Agency;
  ancestors: readonly Agency[];
  answered: readonly { id: number; body: string; answer: string; answeredOn: string }[];
  csrf: string;
  notice?: string | undefined;
  errors?: Record<string, string> | undefined;
  values?: Record<string, string> | undefined;
}) {
  const a = props.agency;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const f = fieldBinder(v, e);
  return (
    <Page title={`咨询与纠错 - ${a.name}`} area="portal" hasErrors={Object.keys(e).length > 0}>
      <PortalBreadcrumbs agency={a} column={{ label: '咨询与纠错' }} />
      <span class="gk-caption">{a.name}</span>
      <h1>政府信息公开咨询</h1>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <form method="post" action={paths.catalogue.portal.interaction({ agencyId: a.id })} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <TextInput {...f('name')} label="您的称呼" />
        <TextInput {...f('contact')} label="联系方式" optional />
        <Textarea {...f('body')} label="咨询内容" rows={4} />
        <Button>提交咨询</Button>
      </form>
      <h2>已公开的答复</h2>
      {props.answered.length === 0 ? (
        <p>暂无公开的答复。</p>
      ) : (
        <dl class="gk-qa">
          {props.answered.map((q) => (
            <>
              <dt>问：{q.body}</dt>
              <dd>
                答（{formatDate(q.answeredOn)}）：{q.answer}
              </dd>
            </>
          ))}
        </dl>
      )}
    </Page>
  );
}
