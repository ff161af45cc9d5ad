import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { recomputeOpenApplications } from '../applications/recompute.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { refreshDeadlines } from '../catalogue/catalogue.service.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, noticeFrom, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  Tag,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { findHolidayEntry, loadHolidayEntries, saveHolidayEntry } from './calendar.repository.ts';
import {
  buildCalendar,
  checkHolidayYearEntry,
  type HolidayYearEntry,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
} from './calendar.ts';
import { addCalendarDays, isIsoDate, yearOf } from './dates.ts';

/**
 * Parses a list of dates typed by an administrator: separated by spaces, commas, 、 or new lines;
 * `A~B`, `A至B` or `A—B` is a range. Returns the sorted dates or the problems found.
 */
export function parseDateList(text: string): { dates: string[]; problems: string[] } {
  const dates = new Set<string>();
  const problems: string[] = [];
  const tokens = text
    .replace(/[，、；;\n\r\t]/g, ' ')
    .replace(/\s*(~|～|至|—|–)\s*/g, '~')
    .split(/[\s,]+/)
    .filter(Boolean);
  for (const t of tokens) {
    const [a, b, extra] = t.split('~');
    if (extra !== undefined || !a || !isIsoDate(a) || (b !== undefined && !isIsoDate(b))) {
      problems.push(`“${t}”不是有效的日期或日期范围（格式如 2027-01-01 或 2027-02-06~2027-02-14）`);
      continue;
    }
    if (b === undefined) {
      dates.add(a);
      continue;
    }
    if (b < a) {
      problems.push(`日期范围“${t}”的结束日期早于开始日期`);
      continue;
    }
    let d = a;
    for (let i = 0; d <= b && i < 400; i++) {
      dates.add(d);
      d = addCalendarDays(d, 1);
    }
  }
  return { dates: [...dates].sort(), problems };
}

function CalendarListPage(props: {
  ctx: AdminContext;
  entries: readonly HolidayYearEntry[];
  nextYear: number;
  notice?: string;
}) {
  const covered = new Set(props.entries.map((e) => e.year));
  return (
    <Page title="节假日与调休安排" {...props.ctx}>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>节假日与调休安排</h1>
      <p>
        依申请公开的答复期限、补正期限等按工作日计算：周一至周五为工作日，国务院办公厅通知的放假日除外，调休上班的周末计为工作日。每年的安排以国务院办公厅当年发布的《关于XXXX年部分节假日安排的通知》为准（通常在前一年
        11 月发布）。
      </p>
      {!covered.has(props.nextYear) ? (
        <Notice tone="warning">
          尚未录入 {props.nextYear} 年的安排。落在 {props.nextYear}{' '}
          年的期限将按周一至周五暂定，并在所有显示处标注“暂定”。
          <a href={paths.calendar.year({ year: props.nextYear })}>录入 {props.nextYear} 年安排</a>
        </Notice>
      ) : null}
      <table class="gk-table">
        <thead>
          <tr>
            <th scope="col">年份</th>
            <th scope="col">依据</th>
            <th scope="col">放假日</th>
            <th scope="col">调休上班日</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
      <LinkButton href={paths.calendar.year({ year: props.nextYear })}>录入或修改某年安排</LinkButton>
    </Page>
  );
}

function CalendarYearPage(props: {
  ctx: AdminContext;
  year: number;
  values: Record<string, string>;
  errors?: FieldErrors;
  warnings?: readonly string[];
  isNew: boolean;
}) {
  const e = props.errors ?? {};
  const f = fieldBinder(props.values, e);
  return (
    <Page title={`${props.year} 年节假日安排`} {...props.ctx} hasErrors={Object.keys(e).length > 0}>
      <Breadcrumbs
        items={[{ href: paths.calendar.list(), label: '节假日与调休安排' }, { label: `${props.year} 年` }]}
      />
      <ErrorSummary errors={e} />
      <h1>{props.year} 年节假日安排</h1>
      {props.warnings && props.warnings.length > 0 ? (
        <Notice tone="warning">
          <ul>
            {props.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <p class="gk-secondary">保存后，所有未办结申请的答复期限将按新的安排重新计算，修改记入审计日志。</p>
      <PostForm action={paths.calendar.year({ year: props.year })} csrf={props.ctx.csrf}>
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
      </PostForm>
    </Page>
  );
}

function yearParam(request: FastifyRequest): number | null {
  const raw = (request.params as Record<string, string>).year ?? '';
  const y = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(y) && y >= MIN_CALENDAR_YEAR && y <= MAX_CALENDAR_YEAR ? y : null;
}

function entryValues(e: HolidayYearEntry): Record<string, string> {
  return {
    title: e.notice.title,
    documentNumber: e.notice.documentNumber ?? '',
    publishedOn: e.notice.publishedOn ?? '',
    source: e.notice.source ?? '',
    off: e.off.join(' '),
    work: e.work.join(' '),
  };
}

export async function registerCalendarRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  const today = todayIn(clock, deps.config.timeZone);

  app.get(paths.calendar.list.pattern, { config: { access: 'calendar.manage' } }, async (request, reply) => {
    const entries = await loadHolidayEntries(db);
    const nextYear = yearOf(today()) + 1;
    const notice = noticeFrom(request, { saved: '已保存，未办结申请的期限已重新计算。' });
    return sendPage(
      reply,
      <CalendarListPage
        ctx={adminContext(request, reply, 'calendar')}
        entries={entries}
        nextYear={nextYear}
        notice={notice}
      />,
    );
  });

  app.get(paths.calendar.year.pattern, { config: { access: 'calendar.manage' } }, async (request, reply) => {
    const year = yearParam(request);
    if (year === null) return reply.callNotFound();
    const entry = await findHolidayEntry(db, year);
    const values = entry
      ? entryValues(entry)
      : { title: `《国务院办公厅关于${year}年部分节假日安排的通知》` };
    return sendPage(
      reply,
      <CalendarYearPage
        ctx={adminContext(request, reply, 'calendar')}
        year={year}
        values={values}
        isNew={!entry}
      />,
    );
  });

  app.post(paths.calendar.year.pattern, { config: { access: 'calendar.manage' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const year = yearParam(request);
    if (year === null) return reply.callNotFound();
    const values = formBody(request.body);
    const errors: Record<string, string> = {};
    const title = (values.title ?? '').trim();
    if (!title) errors.title = '请填写通知名称';
    const publishedOn = (values.publishedOn ?? '').trim();
    if (publishedOn && !isIsoDate(publishedOn)) errors.publishedOn = '发布日期格式应为 2026-11-04';
    const off = parseDateList(values.off ?? '');
    const work = parseDateList(values.work ?? '');
    if (off.problems.length > 0) errors.off = off.problems[0]!;
    else if (off.dates.length === 0) errors.off = '请填写放假日';
    if (work.problems.length > 0) errors.work = work.problems[0]!;
    const existing = await findHolidayEntry(db, year);
    const entry: HolidayYearEntry = {
      year,
      notice: {
        title,
        documentNumber: (values.documentNumber ?? '').trim() || null,
        source: (values.source ?? '').trim() || null,
        publishedOn: publishedOn || null,
      },
      ...(existing?.amendments ? { amendments: existing.amendments } : {}),
      off: off.dates,
      work: work.dates,
    };
    let warnings: readonly string[] = [];
    if (Object.keys(errors).length === 0) {
      const check = checkHolidayYearEntry(entry);
      if (check.errors.length > 0) errors.off = check.errors.join('；');
      warnings = check.warnings;
    }
    const ctx = adminContext(request, reply, 'calendar');
    if (Object.keys(errors).length > 0) {
      return sendPage(
        reply,
        <CalendarYearPage
          ctx={ctx}
          year={year}
          values={values}
          errors={errors}
          warnings={warnings}
          isNew={!existing}
        />,
        400,
      );
    }
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await saveHolidayEntry(trx, entry, now, viewer.login);
      const calendar = buildCalendar(await loadHolidayEntries(trx));
      const changed = await recomputeOpenApplications(trx, calendar, now);
      await refreshDeadlines(trx, calendar);
      await appendAudit(trx, {
        actor: actorOf(viewer, request.ip),
        at: now,
        action: existing ? 'update' : 'create',
        entityType: 'holiday_year',
        entityId: year,
        agencyId: null,
        summary: `${existing ? '修改' : '录入'} ${year} 年节假日安排（${entry.notice.title}），重新计算了 ${changed} 件未办结申请的期限`,
        before: existing ?? undefined,
        after: entry,
      });
    });
    return reply.redirect(paths.calendar.list(undefined, { saved: '1' }), 303);
  });
}
