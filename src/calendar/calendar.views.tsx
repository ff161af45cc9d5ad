import { paths } from '../shared/paths.ts';
import { AdminPage, FormPage } from '../shared/ui/admin-page.tsx';
import {
  Button,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  Tag,
  Textarea,
  TextInput,
  WarningList,
} from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { HolidayYearEntry } from './calendar.ts';
import type { StatutoryYearView } from './statutory-holidays.ts';

/**
 * The statutory holidays computed for a year without a notice, marked as computed (推算) and provisional.
 */
function ComputedHolidays({ view }: { view: StatutoryYearView }) {
  if (view.error !== undefined) {
    return <p>{`${view.year}年无法推算法定节假日：${view.error}期限按周一至周五暂定。`}</p>;
  }
  return (
    <section aria-label={`${view.year}年推算的法定节假日`}>
      <p>
        <Tag tone="yellow">推算·暂定</Tag>{' '}
        {`${view.year}年的期限暂按${view.rulesTitle}第二条推算的法定节假日计算（其中${view.weekdays}天为周一至周五）。推算结果不含调休和补假：节日适逢周末不另补假，调休上班日一律未知。录入国务院办公厅通知后，以通知为准。`}
      </p>
      <Table columns={['节日', '推算的放假日']}>
        {view.holidays.map((h) => (
          <tr>
            <td>{h.name}</td>
            <td>{h.days}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

export function CalendarListPage(props: {
  ctx: AdminContext;
  entries: readonly HolidayYearEntry[];
  nextYear: number;
  /** Years without a notice whose computed holidays are shown (the current and the next year). */
  computed: readonly StatutoryYearView[];
  notice?: string | undefined;
}) {
  const covered = new Set(props.entries.map((e) => e.year));
  return (
    <AdminPage ctx={props.ctx} title="节假日与调休安排" notice={props.notice}>
      <p>
        依申请公开的答复期限、补正期限等按工作日计算：周一至周五为工作日，国务院办公厅通知的放假日除外，调休上班的周末计为工作日。每年的安排以国务院办公厅当年发布的《关于XXXX年部分节假日安排的通知》为准（通常在前一年
        11 月发布）。
      </p>
      {!covered.has(props.nextYear) ? (
        <Notice tone="warning">
          尚未录入 {props.nextYear} 年的安排。落在 {props.nextYear}{' '}
          年的期限暂按法定节假日计算，调休以国务院办公厅通知为准，并在所有显示处标注“暂定”。
          <a href={paths.calendar.year({ year: props.nextYear })}>录入 {props.nextYear} 年安排</a>
        </Notice>
      ) : null}
      {props.computed.map((view) => (
        <ComputedHolidays view={view} />
      ))}
      <Table columns={['年份', '依据', '放假日', '调休上班日']}>
        {[...props.entries].reverse().map((e) => (
          <tr>
            <td>
              <a href={paths.calendar.year({ year: e.year })}>{e.year} 年</a>
            </td>
            <td>
              {e.notice.title}
              {e.notice.documentNumber ? `（${e.notice.documentNumber}）` : ''}
              {(e.amendments ?? []).length > 0 ? <Tag tone="grey">另有调整通知</Tag> : null}
            </td>
            <td>{e.off.length} 天</td>
            <td>{e.work.length} 天</td>
          </tr>
        ))}
      </Table>
      <LinkButton href={paths.calendar.year({ year: props.nextYear })}>录入或修改某年安排</LinkButton>
    </AdminPage>
  );
}

export function CalendarYearPage(props: {
  ctx: AdminContext;
  year: number;
  values: Readonly<Record<string, string | undefined>>;
  errors?: FieldErrors | undefined;
  warnings?: readonly string[] | undefined;
  isNew: boolean;
  /** For a year without a notice: the holidays computed until the notice is entered. */
  computed?: StatutoryYearView | undefined;
}) {
  const f = fieldBinder(props.values, props.errors);
  return (
    <FormPage
      ctx={props.ctx}
      title={`${props.year} 年节假日安排`}
      breadcrumbs={[
        { href: paths.calendar.list(), label: '节假日与调休安排' },
        { label: `${props.year} 年` },
      ]}
      errors={props.errors}
      intro={
        <>
          <WarningList items={props.warnings} />
          {props.computed ? <ComputedHolidays view={props.computed} /> : null}
          <p class="gk-secondary">
            保存后，所有未办结申请的答复期限将按新的安排重新计算（推算的法定节假日不再使用），修改记入审计日志。
          </p>
        </>
      }
      action={paths.calendar.year({ year: props.year })}
    >
      <TextInput
        {...f('title')}
        label="通知名称"
        hint={`例如：《国务院办公厅关于${props.year}年部分节假日安排的通知》`}
      />
      <TextInput
        {...f('documentNumber')}
        label="文号"
        optional
        width="half"
        hint="例如：国办发明电〔2024〕12号"
      />
      <TextInput {...f('publishedOn')} label="发布日期" optional type="date" width="code" />
      <TextInput {...f('source')} label="来源" optional hint="通知在中国政府网的地址" />
      <Textarea
        {...f('off')}
        label="放假日"
        rows={6}
        hint="通知列出的全部放假日期，包括假期中的周末。可写单个日期或范围，用空格、逗号或换行分隔，例如：2027-01-01~2027-01-03 2027-02-06~2027-02-14"
      />
      <Textarea
        {...f('work')}
        label="调休上班日"
        rows={3}
        hint="需要上班的周末，例如：2027-02-20 2027-02-21"
      />
      <Button>{props.isNew ? '保存安排' : '保存修改'}</Button>
    </FormPage>
  );
}
