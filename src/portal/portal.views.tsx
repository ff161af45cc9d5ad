import {
  type Agency,
  KIND_LABELS,
  LEVEL_LABELS,
  type ReadingPlace,
  reviewBodyFor,
} from '../agencies/agency.rules.ts';
import { ReadingPlacesTable } from '../agencies/agency.views.tsx';
import { chineseNumeral, LITIGATION_MONTHS, RECONSIDERATION_DAYS } from '../applications/rules/statute.ts';
import { agencyFeeds } from '../catalogue/catalogue-portal.views.tsx';
import { paths } from '../shared/paths.ts';
import { Button, Notice, PortalBreadcrumbs, SummaryList, TextInput } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';

export interface PortalColumn {
  readonly key: 'guide' | 'system' | 'proactive' | 'reports' | 'apply';
  readonly title: string;
  readonly description: string;
  /** null when the capability behind the column is built; otherwise what the page says. */
  readonly notYet: string | null;
}

/** The standard columns of an agency's 政府信息公开 page (国办公开办函〔2019〕61号). */
export const PORTAL_COLUMNS: readonly PortalColumn[] = [
  {
    key: 'guide',
    title: '政府信息公开指南',
    description: '信息分类、获取方式、工作机构及联系方式',
    notYet: null,
  },
  {
    key: 'system',
    title: '政府信息公开制度',
    description: '本机关政府信息公开工作的规章制度',
    notYet: null,
  },
  {
    key: 'proactive',
    title: '法定主动公开内容',
    description: '按《条例》第二十条分类的主动公开信息',
    notYet: null,
  },
  {
    key: 'reports',
    title: '政府信息公开年报',
    description: '历年政府信息公开工作年度报告',
    notYet: null,
  },
  {
    key: 'apply',
    title: '依申请公开',
    description: '在线提交政府信息公开申请、查询办理进度',
    notYet: null,
  },
];

function AgencyTree({ agencies }: { agencies: readonly Agency[] }) {
  const byParent = new Map<number | null, Agency[]>();
  const ids = new Set(agencies.map((a) => a.id));
  for (const a of agencies) {
    const key = a.parentId !== null && ids.has(a.parentId) ? a.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), a]);
  }
  const render = (parent: number | null): ReturnType<typeof Branch> | null => {
    const children = byParent.get(parent);
    if (!children) return null;
    return <Branch items={children} render={render} root={parent === null} />;
  };
  return render(null);
}

function Branch(props: { items: readonly Agency[]; render: (id: number) => unknown; root: boolean }) {
  return (
    <ul class={props.root ? 'gk-tree' : undefined}>
      {props.items.map((a) => (
        <li>
          <a href={paths.portal.agency({ agencyId: a.id })}>{a.name}</a>
          <span class="gk-tree__meta">{KIND_LABELS[a.kind]}</span>
          {props.render(a.id) as never}
        </li>
      ))}
    </ul>
  );
}

export function HomePage(props: {
  agencies: readonly Agency[];
  q: string;
  matches: readonly Agency[] | null;
}) {
  return (
    <Page title="首页" area="portal">
      <h1>政府信息公开</h1>
      <p class="gk-lead">
        依据《中华人民共和国政府信息公开条例》，各级行政机关在此公开政府信息、发布政府信息公开指南和年度报告，并受理政府信息公开申请。
      </p>
      <form method="get" action={paths.portal.home()} class="gk-search">
        <TextInput
          name="q"
          label="查找机构"
          type="search"
          value={props.q}
          hint="输入机构名称的一部分，例如：欣园"
        />
        <Button>查找</Button>
      </form>
      {props.matches ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            “{props.q}”的查找结果（{props.matches.length} 个机构）
          </h2>
          {props.matches.length === 0 ? (
            <p>没有找到名称包含“{props.q}”的机构。请尝试更短的关键词。</p>
          ) : (
            <ul>
              {props.matches.map((a) => (
                <li>
                  <a href={paths.portal.agency({ agencyId: a.id })}>{a.name}</a>
                  <span class="gk-secondary">
                    （{LEVEL_LABELS[a.level]}
                    {KIND_LABELS[a.kind]}）
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section aria-labelledby="services-title">
        <h2 id="services-title">常用服务</h2>
        <ul class="gk-services">
          <li>
            <a href={paths.applications.lookup()}>查询政府信息公开申请办理进度</a>
            <span class="gk-secondary">：凭查询码和手机号码或证件号码后 4 位查询</span>
          </li>
          <li>
            <a href={paths.reports.checker()}>政府信息公开工作年度报告检查</a>
            <span class="gk-secondary">：检查任何已发布年报的表格勾稽关系和正文数字</span>
          </li>
        </ul>
        <p class="gk-secondary">
          提出政府信息公开申请，请在下方机构目录中选择受理机关，进入其“依申请公开”栏目。
        </p>
      </section>
      <section aria-labelledby="directory-title">
        <h2 id="directory-title">机构目录</h2>
        {props.agencies.length === 0 ? <p>尚未登记任何机构。</p> : <AgencyTree agencies={props.agencies} />}
      </section>
    </Page>
  );
}

export function AgencyPage(props: {
  agency: Agency;
  ancestors: readonly Agency[];
  children: readonly Agency[];
}) {
  const a = props.agency;
  return (
    <Page title={`${a.name} 政府信息公开`} area="portal" feeds={agencyFeeds(a)}>
      <PortalBreadcrumbs agency={a} />
      <span class="gk-caption">{a.name}</span>
      <h1>政府信息公开</h1>
      <ul class="gk-columns">
        {PORTAL_COLUMNS.map((c) => (
          <li>
            <h2>
              <a
                href={
                  c.key === 'guide'
                    ? paths.portal.guide({ agencyId: a.id })
                    : paths.portal.column({ agencyId: a.id, column: c.key })
                }
              >
                {c.title}
              </a>
            </h2>
            <p>{c.description}</p>
            {c.notYet ? (
              <p>
                <small>（建设中）</small>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {props.children.length > 0 ? (
        <section aria-labelledby="children-title">
          <h2 id="children-title">下属机构</h2>
          <ul>
            {props.children.map((c) => (
              <li>
                <a href={paths.portal.agency({ agencyId: c.id })}>{c.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}

export function ColumnPage(props: { agency: Agency; ancestors: readonly Agency[]; column: PortalColumn }) {
  const a = props.agency;
  return (
    <Page title={`${props.column.title} - ${a.name}`} area="portal">
      <PortalBreadcrumbs agency={a} column={{ label: props.column.title }} />
      <span class="gk-caption">{a.name}</span>
      <h1>{props.column.title}</h1>
      {props.column.notYet ? <Notice tone="info">{props.column.notYet}</Notice> : null}
      <p>
        <a href={paths.portal.guide({ agencyId: a.id })}>查看本机关的政府信息公开指南</a>
      </p>
    </Page>
  );
}

export function GuidePage(props: {
  agency: Agency;
  ancestors: readonly Agency[];
  places: readonly ReadingPlace[];
}) {
  const a = props.agency;
  const o = a.office;
  const reviewBody = reviewBodyFor(a, props.ancestors);
  const officeName = o.name ?? `${a.name}政府信息公开工作机构`;
  return (
    <Page title={`政府信息公开指南 - ${a.name}`} area="portal">
      <PortalBreadcrumbs agency={a} column={{ label: '政府信息公开指南' }} />
      <span class="gk-caption">{a.name}</span>
      <h1>政府信息公开指南</h1>
      <p>
        为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条，编制本指南。本指南由系统根据本机关登记的信息自动生成，信息变化时随之更新。
      </p>
      <h2>一、政府信息的分类与编排体系</h2>
      <p>
        本机关主动公开的政府信息按《条例》第二十条所列事项分类，在“法定主动公开内容”栏目中按类别、年份编排；每条信息标注索引号、名称、内容概述、发布机构、生成日期、文号和有效性等要素。
      </p>
      <h2>二、获取政府信息的方式</h2>
      <h3>（一）主动公开</h3>
      <p>
        本机关通过本平台的“政府信息公开”专栏主动公开政府信息，并可通过政务新媒体、公告栏、查阅场所等途径公开。属于主动公开范围的政府信息，自形成或者变更之日起
        20 个工作日内予以公开（《条例》第二十六条）。
      </p>
      <h3>（二）依申请公开</h3>
      <p>
        公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息。申请应当以书面形式（包括信件、数据电文）提出；书写确有困难的，可以口头提出，由本机关代为填写申请（《条例》第二十九条）。申请内容应包括：
      </p>
      <ol>
        <li>申请人的姓名或者名称、身份证明、联系方式；</li>
        <li>申请公开的政府信息的名称、文号或者便于本机关查询的其他特征性描述；</li>
        <li>申请公开的政府信息的形式要求，包括获取信息的方式、途径。</li>
      </ol>
      <p>
        本机关能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起 20
        个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过
        20
        个工作日（《条例》第三十三条）。依申请提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以依照国家规定收取信息处理费（《条例》第四十二条）。
      </p>
      <h2>三、政府信息公开工作机构</h2>
      <SummaryList
        rows={[
          { key: '名称', value: officeName },
          { key: '办公地址', value: o.address },
          { key: '办公时间', value: o.hours },
          { key: '联系电话', value: o.phone },
          { key: '传真号码', value: o.fax },
          { key: '电子邮箱', value: o.email },
          { key: '邮政编码', value: o.postcode },
          { key: '网址', value: a.website },
        ]}
        hideEmpty
      />
      <h2>四、政府信息查阅场所</h2>
      {props.places.length === 0 ? (
        <p>本机关尚未登记单独的查阅场所，可到政府信息公开工作机构办公地点查阅。</p>
      ) : (
        <ReadingPlacesTable places={props.places} />
      )}
      <h2>五、监督和救济</h2>
      <p>
        公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。
      </p>
      <p>
        申请行政复议的，可以自知道或者应当知道该行政行为之日起{chineseNumeral(RECONSIDERATION_DAYS)}日内向
        {reviewBody === a.name ? '本机关' : reviewBody}
        提出；提起行政诉讼的，可以自知道或者应当知道作出行政行为之日起{chineseNumeral(LITIGATION_MONTHS)}
        个月内向人民法院提起。对本机关作出的不予公开决定不服的，应当先申请行政复议（《中华人民共和国行政复议法》第二十三条）。
      </p>
    </Page>
  );
}
