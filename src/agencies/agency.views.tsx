import type { Child } from 'hono/jsx';
import { paths } from '../shared/paths.ts';
import { AdminPage, FormPage } from '../shared/ui/admin-page.tsx';
import {
  Button,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  optionsOf,
  PostForm,
  Select,
  SummaryList,
  TextInput,
} from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import {
  AGENCY_KINDS,
  AGENCY_LEVELS,
  type Agency,
  KIND_LABELS,
  LEVEL_LABELS,
  type ReadingPlace,
} from './agency.rules.ts';

export const AGENCY_FIELDS = [
  'name',
  'shortName',
  'parentId',
  'level',
  'kind',
  'creditCode',
  'orgCode',
  'officeName',
  'officeAddress',
  'officeHours',
  'officePhone',
  'officeFax',
  'officeEmail',
  'officePostcode',
  'website',
  'sortOrder',
] as const;

export function agencyToValues(a: Agency): Record<string, string> {
  return {
    name: a.name,
    shortName: a.shortName ?? '',
    parentId: a.parentId === null ? '' : String(a.parentId),
    level: a.level,
    kind: a.kind,
    creditCode: a.creditCode ?? '',
    orgCode: a.orgCode ?? '',
    officeName: a.office.name ?? '',
    officeAddress: a.office.address ?? '',
    officeHours: a.office.hours ?? '',
    officePhone: a.office.phone ?? '',
    officeFax: a.office.fax ?? '',
    officeEmail: a.office.email ?? '',
    officePostcode: a.office.postcode ?? '',
    website: a.website ?? '',
    sortOrder: String(a.sortOrder),
  };
}

export function indentedName(a: Pick<Agency, 'name' | 'depth'>): string {
  return `${'　'.repeat(a.depth)}${a.depth > 0 ? '└ ' : ''}${a.name}`;
}

/** A choice among `agencies` (in tree order, indented by depth). */
export function AgencySelect(
  props: Omit<Parameters<typeof Select>[0], 'options'> & {
    agencies: readonly Pick<Agency, 'id' | 'name' | 'depth'>[];
  },
) {
  const { agencies, ...select } = props;
  return (
    <Select {...select} options={agencies.map((a) => ({ value: String(a.id), label: indentedName(a) }))} />
  );
}

export function AgencyListPage(props: {
  ctx: AdminContext;
  agencies: readonly Agency[];
  q: string;
  canCreate: boolean;
}) {
  return (
    <AdminPage ctx={props.ctx} title="机构">
      <p class="gk-secondary">
        您可以查看和维护权限范围内的机构，包括政府信息公开指南所需的工作机构联系方式和查阅场所。
      </p>
      <form method="get" action={paths.admin.agencies()} class="gk-search">
        <TextInput name="q" label="按名称查找机构" type="search" value={props.q} />
        <Button variant="secondary">查找</Button>
      </form>
      {props.canCreate ? <LinkButton href={paths.admin.agencyNew()}>新建机构</LinkButton> : null}
      {props.agencies.length === 0 ? (
        <p>没有符合条件的机构。</p>
      ) : (
        <Table caption="机构列表" columns={['名称', '层级', '类型', '统一社会信用代码 / 组织机构代码']}>
          {props.agencies.map((a) => (
            <tr>
              <td>
                <a href={paths.admin.agency({ agencyId: a.id })}>{props.q ? a.name : indentedName(a)}</a>
              </td>
              <td>{LEVEL_LABELS[a.level]}</td>
              <td>{KIND_LABELS[a.kind]}</td>
              <td>{a.creditCode ?? a.orgCode ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
    </AdminPage>
  );
}

export function AgencyForm(props: {
  ctx: AdminContext;
  action: string;
  title: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  parents: readonly Agency[];
  back: string;
  submitLabel: string;
}) {
  const f = fieldBinder(props.values, props.errors);
  return (
    <FormPage
      ctx={props.ctx}
      title={props.title}
      breadcrumbs={[{ href: paths.admin.agencies(), label: '机构' }, { label: props.title }]}
      errors={props.errors}
      action={props.action}
    >
      <h2>基本信息</h2>
      <TextInput {...f('name')} label="机构全称" hint="例如：长春市宽城区欣园街道办事处" />
      <TextInput {...f('shortName')} label="简称" optional width="half" />
      <AgencySelect
        {...f('parentId')}
        label="上级机构"
        placeholder="（无，顶级机构）"
        agencies={props.parents}
      />
      <Select
        {...f('level')}
        label="行政层级"
        placeholder="请选择"
        options={optionsOf(AGENCY_LEVELS, LEVEL_LABELS)}
      />
      <Select
        {...f('kind')}
        label="机构类型"
        placeholder="请选择"
        hint="街道办事处是区（县）人民政府的派出机关"
        options={optionsOf(AGENCY_KINDS, KIND_LABELS)}
      />
      <TextInput
        {...f('creditCode')}
        label="统一社会信用代码"
        optional
        hint="18 位，按 GB 32100-2015 校验。与组织机构代码至少填写一项"
        width="code"
        spellcheck={false}
      />
      <TextInput
        {...f('orgCode')}
        label="组织机构代码"
        optional
        hint="9 位，按 GB 11714 校验，可写作 12345678-9。索引号的前段码取自该代码"
        width="code"
        spellcheck={false}
      />
      <h2>政府信息公开工作机构</h2>
      <p class="gk-secondary">以下信息将显示在本机构的政府信息公开指南中（《条例》第十二条）。</p>
      <TextInput {...f('officeName')} label="工作机构名称" optional hint="例如：欣园街道党政综合办公室" />
      <TextInput {...f('officeAddress')} label="办公地址" optional />
      <TextInput
        {...f('officeHours')}
        label="办公时间"
        optional
        hint="例如：工作日 8:30—11:30，13:30—17:00"
      />
      <TextInput {...f('officePhone')} label="联系电话" optional type="tel" width="half" />
      <TextInput {...f('officeFax')} label="传真号码" optional type="tel" width="half" />
      <TextInput
        {...f('officeEmail')}
        label="电子邮箱"
        optional
        type="email"
        width="half"
        spellcheck={false}
      />
      <TextInput {...f('officePostcode')} label="邮政编码" optional width="code" inputmode="numeric" />
      <TextInput {...f('website')} label="网址" optional type="url" spellcheck={false} />
      <TextInput
        {...f('sortOrder')}
        label="排序"
        optional
        hint="数字越小越靠前"
        width="code"
        inputmode="numeric"
      />
      <Button>{props.submitLabel}</Button>
      <a href={props.back}>取消</a>
    </FormPage>
  );
}

export function AgencyShowPage(props: {
  ctx: AdminContext;
  agency: Agency;
  parent: Agency | null;
  places: readonly ReadingPlace[];
  canEdit: boolean;
  placeErrors?: FieldErrors | undefined;
  placeValues?: Record<string, string>;
  notice?: string | undefined;
  children?: Child;
}) {
  const a = props.agency;
  const pe = props.placeErrors ?? {};
  const place = fieldBinder(props.placeValues ?? {}, pe);
  return (
    <AdminPage
      ctx={props.ctx}
      title={a.name}
      breadcrumbs={[{ href: paths.admin.agencies(), label: '机构' }, { label: a.name }]}
      errors={pe}
      notice={props.notice}
      caption={`${KIND_LABELS[a.kind]} · ${LEVEL_LABELS[a.level]}`}
    >
      <div class="gk-actions">
        {props.canEdit ? (
          <LinkButton href={paths.admin.agencyEdit({ agencyId: a.id })}>修改机构信息</LinkButton>
        ) : null}
        <LinkButton href={paths.portal.agency({ agencyId: a.id })}>查看公开页面</LinkButton>
      </div>
      <h2>基本信息</h2>
      <SummaryList
        rows={[
          { key: '机构全称', value: a.name },
          { key: '简称', value: a.shortName },
          {
            key: '上级机构',
            value: props.parent ? (
              <a href={paths.admin.agency({ agencyId: props.parent.id })}>{props.parent.name}</a>
            ) : (
              '（顶级机构）'
            ),
          },
          { key: '统一社会信用代码', value: a.creditCode },
          { key: '组织机构代码', value: a.orgCode },
        ]}
      />
      <h2>政府信息公开工作机构</h2>
      <SummaryList
        rows={[
          { key: '名称', value: a.office.name },
          { key: '办公地址', value: a.office.address },
          { key: '办公时间', value: a.office.hours },
          { key: '联系电话', value: a.office.phone },
          { key: '传真号码', value: a.office.fax },
          { key: '电子邮箱', value: a.office.email },
          { key: '邮政编码', value: a.office.postcode },
          { key: '网址', value: a.website },
        ]}
      />
      <h2 id="reading-places">查阅场所</h2>
      <p class="gk-secondary">
        《条例》第二十五条：在国家档案馆、公共图书馆、政务服务场所设置政府信息查阅场所。
      </p>
      {props.places.length === 0 ? (
        <p>尚未登记查阅场所。</p>
      ) : (
        <ReadingPlacesTable
          places={props.places}
          action={
            props.canEdit
              ? (p) => (
                  <PostForm
                    action={paths.admin.readingPlaceDelete({ agencyId: a.id, placeId: p.id })}
                    csrf={props.ctx.csrf}
                    class="gk-inline-form"
                  >
                    <button
                      type="submit"
                      class="gk-link-button"
                      data-confirm={`确定删除查阅场所“${p.name}”吗？`}
                    >
                      删除<span class="gk-visually-hidden">{p.name}</span>
                    </button>
                  </PostForm>
                )
              : undefined
          }
        />
      )}
      {props.canEdit ? (
        <PostForm action={paths.admin.readingPlaces({ agencyId: a.id })} csrf={props.ctx.csrf}>
          <h3>添加查阅场所</h3>
          <TextInput
            {...place('placeName')}
            label="场所名称"
            hint="例如：宽城区政务服务中心政府信息公开查阅点"
          />
          <TextInput {...place('placeAddress')} label="地址" />
          <TextInput {...place('placeHours')} label="开放时间" optional />
          <Button variant="secondary">添加查阅场所</Button>
        </PostForm>
      ) : null}
      {props.children}
    </AdminPage>
  );
}

/** The 查阅场所 of an agency; `action` adds a last column (e.g. a delete button) in the back office. */
export function ReadingPlacesTable(props: {
  places: readonly ReadingPlace[];
  action?: ((p: ReadingPlace) => Child) | undefined;
}) {
  const actionColumn = props.action ? <span class="gk-visually-hidden">操作</span> : null;
  return (
    <Table columns={['名称', '地址', '开放时间', actionColumn]}>
      {props.places.map((p) => (
        <tr>
          <td>{p.name}</td>
          <td>{p.address}</td>
          <td>{p.hours ?? '—'}</td>
          {props.action ? <td>{props.action(p)}</td> : null}
        </tr>
      ))}
    </Table>
  );
}
