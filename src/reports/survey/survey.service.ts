import type { AuthedUser } from '../../accounts/auth.ts';
import type { AgencyLevel } from '../../agencies/agency.rules.ts';
import { actorOf } from '../../agencies/agency.service.ts';
import { appendAudit } from '../../audit/audit.repository.ts';
import type { Deps } from '../../shared/deps.ts';
import { FormError } from '../../shared/form-error.ts';
import { notFound } from '../../shared/http/errors.ts';
import { paths } from '../../shared/paths.ts';
import { checkText } from '../checker.ts';
import { renderReportHtml } from '../render/html.tsx';
import { findAnnualReport, publishedReportsUnder } from '../report.repository.ts';
import { surveyTarget } from './crawl.ts';
import { createFetcher, type Fetcher } from './fetcher.ts';
import { buildLeague, type League, type SurveyOutcome } from './league.rules.ts';
import {
  cancelSurvey,
  claimItem,
  countDone,
  findSurvey,
  finishItem,
  finishSurveyIfComplete,
  insertSurvey,
  listSurveys,
  type NewSurveyItem,
  recentOutcome,
  type Survey,
  type SurveyItem,
  surveyOutcomes,
  touchSurvey,
} from './survey.repository.ts';
import { parseTargetList } from './targets.rules.ts';

export type { Survey } from './survey.repository.ts';

/**
 * Surveys of published reports from the back office: a supervisor (or an administrator) gives a list of
 * addresses and/or asks for the published reports of the agencies under them on Gongkai itself; the
 * survey is stored item by item and run in the background by the app server that started it, four
 * addresses at a time. Progress is in the database, so any server shows it, and a survey whose runner
 * went quiet (the server stopped) is continued by the next server that shows it. An address surveyed
 * for the same year within a day is not fetched again.
 */

/** Items surveyed at once by one runner. */
const RUNNER_CONCURRENCY = 4;
/** A runner that has not shown a sign of life for this long is taken over. */
const STALE_MS = 2 * 60_000;
/** How long a surveyed address's result is reused (the survey's cache). */
const REUSE_MS = 24 * 3600_000;

export interface SurveyInput {
  readonly title: string;
  readonly urls: string;
  readonly year: string;
  readonly own: boolean;
}

/** Surveys running in this process (so one process never runs the same survey twice). */
const running = new Set<number>();

function scopePath(viewer: AuthedUser): string | null {
  return viewer.scope.kind === 'all' ? null : (viewer.agencyPath ?? '/none/');
}

/** Starts a survey from the form; returns its id. Bad input is a `FormError` naming the field. */
export async function startSurvey(
  deps: Deps,
  viewer: AuthedUser,
  ip: string | null,
  input: SurveyInput,
): Promise<number> {
  const errors: Record<string, string> = {};
  let year: number | null = null;
  if (input.year.trim() !== '') {
    if (!/^20\d\d$/.test(input.year.trim()))
      errors.year = '年度应为四位数字，如 2025；不填则取各机关最新的报告。';
    else year = Number(input.year.trim());
  }
  const items: NewSurveyItem[] = [];
  if (input.urls.trim() !== '') {
    const { targets, problems } = parseTargetList(input.urls);
    if (problems.length > 0)
      errors.urls =
        problems
          .slice(0, 5)
          .map((p) => p.message)
          .join('') + (problems.length > 5 ? `另有${problems.length - 5}处问题。` : '');
    else
      for (const t of targets)
        items.push({
          url: t.url,
          listedName: t.name,
          listedLevel: t.level,
          ownAgencyId: null,
          ownYear: null,
        });
  } else if (!input.own) errors.urls = '请填写网址清单，或选择检查本系统内各机构已发布的年度报告。';
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  if (input.own) {
    const base = deps.config.publicBaseUrl.replace(/\/$/, '');
    for (const r of await publishedReportsUnder(deps.db, scopePath(viewer), year))
      items.push({
        url: `${base}${paths.reports.published({ agencyId: r.agencyId, year: r.year })}`,
        listedName: r.agencyName,
        listedLevel: r.agencyLevel as AgencyLevel,
        ownAgencyId: r.agencyId,
        ownYear: r.year,
      });
    if (items.length === 0)
      throw new FormError({ own: '本系统内您所管理的机构还没有已发布的年度报告；请填写网址清单。' });
  }
  const now = deps.clock.now().toISOString();
  const title = input.title.trim() || `年度报告检查（${items.length}个）`;
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertSurvey(
      trx,
      { agencyId: viewer.agencyId, title, year, createdBy: viewer.id, items },
      now,
    );
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'report_survey',
      entityId: id,
      agencyId: viewer.agencyId,
      summary: `开始检查${items.length}个机关已发布的年度报告：${title}`,
      after: { title, year, items: items.length, own: input.own },
    });
    return id;
  });
  startRunner(deps, id);
  return id;
}

/** The surveys the viewer may see, newest first. */
export async function surveysOf(deps: Deps, viewer: AuthedUser): Promise<Survey[]> {
  return listSurveys(deps.db, scopePath(viewer));
}

/** A survey the viewer may see, or 404. */
export async function surveyInScope(deps: Deps, viewer: AuthedUser, id: number): Promise<Survey> {
  const s = await findSurvey(deps.db, id);
  const path = scopePath(viewer);
  const visible = s && (path === null || (s.agencyPath !== null && s.agencyPath.startsWith(path)));
  if (!s || !visible) throw notFound('检查任务');
  return s;
}

export interface SurveyProgress {
  readonly survey: Survey;
  readonly done: number;
  readonly league: League;
}

/** Progress and the league so far; continues the survey when its runner has gone quiet. */
export async function surveyProgress(deps: Deps, survey: Survey): Promise<SurveyProgress> {
  if (survey.status === 'running') {
    const quietSince = Date.parse(survey.heartbeatAt ?? survey.createdAt);
    if (deps.clock.now().getTime() - quietSince > STALE_MS) startRunner(deps, survey.id);
  }
  const [done, outcomes] = await Promise.all([
    countDone(deps.db, survey.id),
    surveyOutcomes(deps.db, survey.id),
  ]);
  return { survey, done, league: buildLeague(outcomes) };
}

export async function stopSurvey(
  deps: Deps,
  viewer: AuthedUser,
  ip: string | null,
  survey: Survey,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await cancelSurvey(trx, survey.id, now))) return;
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'report_survey',
      entityId: survey.id,
      agencyId: survey.agencyId,
      summary: `停止年度报告检查：${survey.title}`,
    });
  });
}

/** Runs a survey in the background of this process; errors end up in the items, never in the server. */
export function startRunner(deps: Deps, id: number): void {
  if (running.has(id)) return;
  running.add(id);
  runSurvey(deps, id)
    .catch(() => {
      // The items keep their state; the next view of the survey continues it.
    })
    .finally(() => running.delete(id));
}

/** Resolves when every survey running in this process has stopped (tests, shutdown). */
export async function surveysIdle(timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (running.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

async function surveyOwnReport(deps: Deps, item: SurveyItem): Promise<SurveyOutcome> {
  const base = { url: item.url, listedName: item.listedName, listedLevel: item.listedLevel };
  const report = await findAnnualReport(deps.db, item.ownAgencyId!, item.ownYear!);
  if (!report?.published)
    return { ...base, reportUrl: null, fetchError: '这份年度报告已不再发布。', result: null };
  const html = await renderReportHtml(report.published);
  return { ...base, reportUrl: item.url, fetchError: null, result: checkText(html, { fileName: item.url }) };
}

async function surveyItem(
  deps: Deps,
  survey: Survey,
  item: SurveyItem,
  fetcher: Fetcher,
): Promise<SurveyOutcome> {
  if (item.ownAgencyId !== null) return surveyOwnReport(deps, item);
  const since = new Date(deps.clock.now().getTime() - REUSE_MS).toISOString();
  const reused = await recentOutcome(deps.db, item.url, survey.year, since);
  const target = { line: item.position, url: item.url, name: item.listedName, level: item.listedLevel };
  if (reused) return { url: item.url, listedName: item.listedName, listedLevel: item.listedLevel, ...reused };
  return surveyTarget(target, fetcher, survey.year);
}

async function runSurvey(deps: Deps, id: number): Promise<void> {
  const fetcher = createFetcher({ hostDelayMs: deps.config.surveyHostDelayMs });
  const nowIso = () => deps.clock.now().toISOString();
  const loop = async () => {
    for (;;) {
      const survey = await findSurvey(deps.db, id);
      if (!survey || survey.status !== 'running') return;
      const now = deps.clock.now();
      await touchSurvey(deps.db, id, now.toISOString());
      const item = await claimItem(
        deps.db,
        id,
        now.toISOString(),
        new Date(now.getTime() - STALE_MS).toISOString(),
      );
      if (!item) return;
      let outcome: SurveyOutcome;
      try {
        outcome = await surveyItem(deps, survey, item, fetcher);
      } catch (e) {
        outcome = {
          url: item.url,
          listedName: item.listedName,
          listedLevel: item.listedLevel,
          reportUrl: null,
          fetchError: `检查时出现意外问题（${e instanceof Error ? e.message : String(e)}）。`,
          result: null,
        };
      }
      await finishItem(deps.db, item.id, outcome, nowIso());
    }
  };
  await Promise.all(Array.from({ length: RUNNER_CONCURRENCY }, loop));
  await finishSurveyIfComplete(deps.db, id, nowIso());
}
