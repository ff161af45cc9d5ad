import type { AgencyLevel } from '../../agencies/agency.rules.ts';
import type { Executor } from '../../db/database.ts';
import type { CheckResult } from '../check-result.ts';
import type { SurveyOutcome } from './league.rules.ts';

/** The `report_surveys` and `report_survey_items` tables (migration 0021). */

export type SurveyStatus = 'running' | 'done' | 'cancelled';

export interface Survey {
  readonly id: number;
  readonly agencyId: number | null;
  readonly agencyPath: string | null;
  readonly title: string;
  readonly year: number | null;
  readonly status: SurveyStatus;
  readonly total: number;
  readonly createdAt: string;
  readonly createdBy: number | null;
  readonly heartbeatAt: string | null;
  readonly finishedAt: string | null;
}

export interface NewSurveyItem {
  readonly url: string;
  readonly listedName: string | null;
  readonly listedLevel: AgencyLevel | null;
  readonly ownAgencyId: number | null;
  readonly ownYear: number | null;
}

export interface SurveyItem extends NewSurveyItem {
  readonly id: number;
  readonly position: number;
  readonly status: 'queued' | 'running' | 'done';
  readonly claimedAt: string | null;
}

const SURVEY_COLUMNS = [
  'report_surveys.id',
  'report_surveys.agency_id',
  'agencies.path',
  'report_surveys.title',
  'report_surveys.year',
  'report_surveys.status',
  'report_surveys.total',
  'report_surveys.created_at',
  'report_surveys.created_by',
  'report_surveys.heartbeat_at',
  'report_surveys.finished_at',
] as const;

function surveyQuery(db: Executor) {
  return db
    .selectFrom('report_surveys')
    .leftJoin('agencies', 'agencies.id', 'report_surveys.agency_id')
    .select(SURVEY_COLUMNS);
}

type SurveyRow = Awaited<ReturnType<ReturnType<typeof surveyQuery>['executeTakeFirstOrThrow']>>;

function toSurvey(r: SurveyRow): Survey {
  return {
    id: Number(r.id),
    agencyId: r.agency_id === null ? null : Number(r.agency_id),
    agencyPath: r.path ?? null,
    title: r.title,
    year: r.year === null ? null : Number(r.year),
    status: r.status as SurveyStatus,
    total: Number(r.total),
    createdAt: r.created_at,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    heartbeatAt: r.heartbeat_at,
    finishedAt: r.finished_at,
  };
}

export async function insertSurvey(
  db: Executor,
  s: {
    agencyId: number | null;
    title: string;
    year: number | null;
    createdBy: number;
    items: readonly NewSurveyItem[];
  },
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('report_surveys')
    .values({
      agency_id: s.agencyId,
      title: s.title,
      year: s.year,
      status: 'running',
      total: s.items.length,
      created_at: now,
      created_by: s.createdBy,
      heartbeat_at: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  // Batches keep each statement under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < s.items.length; i += 500) {
    await db
      .insertInto('report_survey_items')
      .values(
        s.items.slice(i, i + 500).map((it, j) => ({
          survey_id: id,
          position: i + j + 1,
          url: it.url,
          status: 'queued',
          listed_name: it.listedName,
          listed_level: it.listedLevel,
          own_agency_id: it.ownAgencyId,
          own_year: it.ownYear,
        })),
      )
      .execute();
  }
  return id;
}

export async function findSurvey(db: Executor, id: number): Promise<Survey | null> {
  const r = await surveyQuery(db).where('report_surveys.id', '=', id).executeTakeFirst();
  return r ? toSurvey(r) : null;
}

/** The latest surveys whose agency lies under `path` (null: all), newest first. */
export async function listSurveys(db: Executor, path: string | null, limit = 50): Promise<Survey[]> {
  let q = surveyQuery(db);
  if (path !== null) q = q.where('agencies.path', 'like', `${path}%`);
  const rows = await q.orderBy('report_surveys.id', 'desc').limit(limit).execute();
  return rows.map(toSurvey);
}

export async function countDone(db: Executor, surveyId: number): Promise<number> {
  const r = await db
    .selectFrom('report_survey_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', surveyId)
    .where('status', '=', 'done')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Claims the next item to survey: a queued one, or one claimed before `staleBefore` by a runner that
 * stopped. The claim is a conditional update, so two runners never take the same item.
 */
export async function claimItem(
  db: Executor,
  surveyId: number,
  now: string,
  staleBefore: string,
): Promise<SurveyItem | null> {
  for (let tries = 0; tries < 5; tries++) {
    const r = await db
      .selectFrom('report_survey_items')
      .selectAll()
      .where('survey_id', '=', surveyId)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', staleBefore)]),
        ]),
      )
      .orderBy('position')
      .limit(1)
      .executeTakeFirst();
    if (!r) return null;
    let update = db
      .updateTable('report_survey_items')
      .set({ status: 'running', claimed_at: now })
      .where('id', '=', r.id)
      .where('status', '=', r.status);
    update =
      r.claimed_at === null
        ? update.where('claimed_at', 'is', null)
        : update.where('claimed_at', '=', r.claimed_at);
    const done = await update.executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1)
      return {
        id: Number(r.id),
        position: Number(r.position),
        url: r.url,
        status: 'running',
        listedName: r.listed_name,
        listedLevel: r.listed_level as AgencyLevel | null,
        ownAgencyId: r.own_agency_id === null ? null : Number(r.own_agency_id),
        ownYear: r.own_year === null ? null : Number(r.own_year),
        claimedAt: now,
      };
  }
  return null;
}

/** The stored part of a check result: what the league and the findings list need. */
type StoredResult = Omit<CheckResult, 'tables' | 'reading'>;

function storeResult(r: CheckResult): string {
  const { tables: _t, reading: _r, ...rest } = r;
  return JSON.stringify(rest satisfies StoredResult);
}

function loadResult(json: string): CheckResult {
  return { ...(JSON.parse(json) as StoredResult), tables: null, reading: null };
}

export async function finishItem(
  db: Executor,
  itemId: number,
  outcome: SurveyOutcome,
  now: string,
): Promise<void> {
  await db
    .updateTable('report_survey_items')
    .set({
      status: 'done',
      report_url: outcome.reportUrl,
      fetch_error: outcome.fetchError,
      result_json: outcome.result ? storeResult(outcome.result) : null,
      finished_at: now,
    })
    .where('id', '=', itemId)
    .execute();
}

/** A result for the same address and year finished after `since`, reused instead of fetching again. */
export async function recentOutcome(
  db: Executor,
  url: string,
  year: number | null,
  since: string,
): Promise<{ reportUrl: string | null; fetchError: string | null; result: CheckResult | null } | null> {
  let q = db
    .selectFrom('report_survey_items')
    .innerJoin('report_surveys', 'report_surveys.id', 'report_survey_items.survey_id')
    .select([
      'report_survey_items.report_url',
      'report_survey_items.fetch_error',
      'report_survey_items.result_json',
    ])
    .where('report_survey_items.url', '=', url)
    .where('report_survey_items.status', '=', 'done')
    .where('report_survey_items.own_agency_id', 'is', null)
    .where('report_survey_items.finished_at', '>=', since)
    .where('report_survey_items.fetch_error', 'is', null);
  q = year === null ? q.where('report_surveys.year', 'is', null) : q.where('report_surveys.year', '=', year);
  const r = await q.orderBy('report_survey_items.id', 'desc').limit(1).executeTakeFirst();
  if (!r) return null;
  return {
    reportUrl: r.report_url,
    fetchError: r.fetch_error,
    result: r.result_json ? loadResult(r.result_json) : null,
  };
}

/** The finished items of a survey as outcomes, in list order. */
export async function surveyOutcomes(db: Executor, surveyId: number): Promise<SurveyOutcome[]> {
  const rows = await db
    .selectFrom('report_survey_items')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('status', '=', 'done')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    url: r.url,
    listedName: r.listed_name,
    listedLevel: r.listed_level as AgencyLevel | null,
    reportUrl: r.report_url,
    fetchError: r.fetch_error,
    result: r.result_json ? loadResult(r.result_json) : null,
  }));
}

export async function touchSurvey(db: Executor, id: number, now: string): Promise<void> {
  await db.updateTable('report_surveys').set({ heartbeat_at: now }).where('id', '=', id).execute();
}

/** Marks a running survey done when no item is left to do; true when this call did it. */
export async function finishSurveyIfComplete(db: Executor, id: number, now: string): Promise<boolean> {
  const left = await db
    .selectFrom('report_survey_items')
    .select('id')
    .where('survey_id', '=', id)
    .where('status', '!=', 'done')
    .limit(1)
    .executeTakeFirst();
  if (left) return false;
  const r = await db
    .updateTable('report_surveys')
    .set({ status: 'done', finished_at: now, heartbeat_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function cancelSurvey(db: Executor, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('report_surveys')
    .set({ status: 'cancelled', finished_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
