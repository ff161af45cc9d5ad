import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { formBody } from '../shared/http/forms.ts';
import { noticeFrom, sendAdminPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { findHolidayEntry, loadHolidayEntries } from './calendar.repository.ts';
import { saveHolidayYear } from './calendar.service.ts';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from './calendar.ts';
import { CalendarListPage, CalendarYearPage } from './calendar.views.tsx';
import { entryValues, readHolidayYearForm } from './calendar-form.ts';
import { yearOf } from './dates.ts';
import { statutoryYearView } from './statutory-holidays.ts';

function yearParam(request: FastifyRequest): number | null {
  const raw = (request.params as Record<string, string>).year ?? '';
  const y = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(y) && y >= MIN_CALENDAR_YEAR && y <= MAX_CALENDAR_YEAR ? y : null;
}

export async function registerCalendarRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  const today = todayIn(clock, deps.config.timeZone);
  const access = { config: { access: 'calendar.manage' as const } };

  app.get(paths.calendar.list.pattern, access, async (request, reply) => {
    const entries = await loadHolidayEntries(db);
    const thisYear = yearOf(today());
    const covered = new Set(entries.map((e) => e.year));
    return sendAdminPage(request, reply, 'calendar', CalendarListPage, {
      entries,
      nextYear: thisYear + 1,
      computed: [thisYear, thisYear + 1].filter((y) => !covered.has(y)).map(statutoryYearView),
      notice: noticeFrom(request, { saved: '已保存，未办结申请的期限已重新计算。' }),
    });
  });

  app.get(paths.calendar.year.pattern, access, async (request, reply) => {
    const year = yearParam(request);
    if (year === null) return reply.callNotFound();
    const entry = await findHolidayEntry(db, year);
    const values = entry
      ? entryValues(entry)
      : { title: `《国务院办公厅关于${year}年部分节假日安排的通知》` };
    const computed = entry ? undefined : statutoryYearView(year);
    return sendAdminPage(request, reply, 'calendar', CalendarYearPage, {
      year,
      values,
      isNew: !entry,
      computed,
    });
  });

  app.post(paths.calendar.year.pattern, access, async (request, reply) => {
    const viewer = requireViewer(request);
    const year = yearParam(request);
    if (year === null) return reply.callNotFound();
    const values = formBody(request.body);
    const existing = await findHolidayEntry(db, year);
    const { entry, errors, warnings } = readHolidayYearForm(year, values, existing);
    if (Object.keys(errors).length > 0) {
      const computed = existing ? undefined : statutoryYearView(year);
      const page = { year, values, errors, warnings, isNew: !existing, computed };
      return sendAdminPage(request, reply, 'calendar', CalendarYearPage, page, 400);
    }
    await saveHolidayYear(db, viewer, request.ip, entry, existing, clock.now().toISOString());
    return reply.redirect(paths.calendar.list(undefined, { saved: '1' }), 303);
  });
}
