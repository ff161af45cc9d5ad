import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Access, can, hasAccess, requireViewer } from '../accounts/auth.ts';
import { listAgencies } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import { agencyInScope } from '../agencies/agency.service.ts';
import { type IsoDate, isIsoDate } from '../calendar/dates.ts';
import { localDate, todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { CONTENT_TYPES, sendDownload } from '../shared/http/download.ts';
import { AppError } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, noticeFrom, sendPage } from '../shared/http/page.ts';
import { idOf } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { PdfUnavailableError, printHtmlToPdf } from '../shared/pdf.ts';
import { renderDocument } from '../shared/ui/render.ts';
import { findOverrides, insertAttestation, saveOverrides } from './assessment.repository.ts';
import { type AgencyAssessment, assessAgencies, assessAgency, assessmentXlsx } from './assessment.service.ts';
import {
  AssessmentPage,
  OverviewPage,
  PrintPage,
  type SubtreeRow,
  WeightsPage,
} from './assessment.views.tsx';
import { AREA_KEYS, INDICATORS_BY_ID } from './indicators.ts';
import type { Period } from './input.ts';
import { defaultPeriod } from './load.ts';
import {
  checkOverrides,
  PROFILE_IDS,
  type ProfileId,
  type RowConfig,
  type ScoringOverrides,
} from './score.ts';

/** The app stylesheet, inlined into the page printed to PDF (read once). */
const APP_CSS = new URL('../../public/app.css', import.meta.url);
let appCss: Promise<string> | null = null;

/** Agencies assessed on the subtree table at most (larger scopes: pick an agency). */
export const SUBTREE_TABLE_LIMIT = 200;

function profileOf(raw: unknown): ProfileId {
  return (PROFILE_IDS as readonly string[]).includes(String(raw)) ? (raw as ProfileId) : 'cass-like';
}

function periodOf(q: Record<string, unknown>, today: IsoDate): Period {
  const from = String(q.from ?? '');
  const to = String(q.to ?? '');
  if (isIsoDate(from) && isIsoDate(to) && from <= to) return { from, to };
  return defaultPeriod(today);
}

/** The file name of an exported assessment: 政务公开体检-机构-起-止.ext */
function downloadName(a: AgencyAssessment, ext: 'xlsx' | 'pdf'): string {
  return `政务公开体检-${a.agency.name}-${a.assessment.period.from}-${a.assessment.period.to}.${ext}`;
}

/** Routes of the 政务公开体检 (docs/domain/README.md#assessment). */
/** Who may record the result of a manual check: reviewers and administrators. */
const ATTEST_ACCESS = ['applications.approve', 'users.manage'] as const satisfies Access;

export async function registerAssessmentRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const today = todayIn(clock, config.timeZone);
  const localDateOf = (iso: string) => localDate(new Date(iso), config.timeZone);

  /** The agency of the `:agencyId` param, if the viewer may see it (404 otherwise). */
  const agencyOf = (request: FastifyRequest) =>
    agencyInScope(db, requireViewer(request), idOf((request.params as Record<string, string>).agencyId));

  const load = async (
    request: FastifyRequest,
    trend = true,
  ): Promise<AgencyAssessment & { profile: ProfileId }> => {
    const agency = await agencyOf(request);
    const q = request.query as Record<string, unknown>;
    const profile = profileOf(q.profile);
    const a = await assessAgency(db, agency, {
      today: today(),
      calendar: await deps.calendar.get(db),
      period: periodOf(q, today()),
      profile,
      localDateOf,
      trend,
    });
    return { ...a, profile };
  };

  app.get(
    paths.assessment.overview.pattern,
    { config: { access: 'assessment.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      if (viewer.scope.kind === 'agency') {
        return reply.redirect(paths.assessment.agency({ agencyId: viewer.scope.agencyId }), 303);
      }
      const agencies = sortTree(await listAgencies(db, viewer.scope)).slice(0, SUBTREE_TABLE_LIMIT);
      const cal = await deps.calendar.get(db);
      const period = defaultPeriod(today());
      const rows: SubtreeRow[] = [];
      // One bulk read for the whole table (the province path), not ten queries per agency.
      const opts = { today: today(), calendar: cal, period, profile: 'cass-like', localDateOf } as const;
      await assessAgencies(db, agencies, opts, (agency, s) => {
        rows.push({
          id: agency.id,
          name: agency.name,
          depth: agency.depth,
          percent: s.percent,
          total: s.total,
          maxTotal: s.maxTotal,
          vetoes: s.failing.filter((i) => i.vetoFailed).map((i) => i.id),
          failing: s.failing.length,
        });
      });
      return sendPage(
        reply,
        <OverviewPage ctx={adminContext(request, reply, 'assessment')} rows={rows} period={period} />,
      );
    },
  );

  app.get(
    paths.assessment.agency.pattern,
    { config: { access: 'assessment.view' } },
    async (request, reply) => {
      const a = await load(request);
      const viewer = requireViewer(request);
      return sendPage(
        reply,
        <AssessmentPage
          ctx={adminContext(request, reply, 'assessment')}
          a={a}
          profile={a.profile}
          canAttest={hasAccess(viewer, ATTEST_ACCESS)}
          canWeights={can(viewer, 'users.manage')}
          notice={noticeFrom(request, { saved: '核验记录已保存。' })}
        />,
      );
    },
  );

  app.get(
    paths.assessment.print.pattern,
    { config: { access: 'assessment.view' } },
    async (request, reply) => {
      const a = await load(request);
      return sendPage(reply, <PrintPage a={a} />);
    },
  );

  app.get(
    paths.assessment.xlsx.pattern,
    { config: { access: 'assessment.view' } },
    async (request, reply) => {
      const a = await load(request);
      const buf = await assessmentXlsx(a);
      return sendDownload(reply, {
        type: CONTENT_TYPES.xlsx,
        fileName: downloadName(a, 'xlsx'),
        body: buf,
      });
    },
  );

  app.get(paths.assessment.pdf.pattern, { config: { access: 'assessment.view' } }, async (request, reply) => {
    const a = await load(request);
    appCss ??= readFile(APP_CSS, 'utf8');
    let body: Buffer;
    try {
      body = await printHtmlToPdf(await renderDocument(<PrintPage a={a} inlineCss={await appCss} />));
    } catch (err) {
      if (!(err instanceof PdfUnavailableError)) throw err;
      throw new AppError('conflict', '暂时无法生成 PDF 文件，请使用打印版或导出 Excel。');
    }
    return sendDownload(reply, {
      type: CONTENT_TYPES.pdf,
      fileName: downloadName(a, 'pdf'),
      body,
    });
  });

  app.post(
    paths.assessment.attest.pattern,
    {
      config: {
        access: ATTEST_ACCESS,
        denied: '只有审核人和系统管理员可以录入人工核验结果。',
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyOf(request);
      const f = formBody(request.body);
      const ind = INDICATORS_BY_ID.get(f.indicatorId ?? '');
      const on = f.on ?? '';
      if (
        ind?.kind !== 'manual' ||
        !isIsoDate(on) ||
        on > today() ||
        (f.passed !== 'yes' && f.passed !== 'no')
      ) {
        throw new AppError('bad_request', '请选择人工核验指标、不晚于今天的核验日期和核验结果。');
      }
      await insertAttestation(db, {
        agencyId: agency.id,
        indicatorId: ind.id,
        on,
        passed: f.passed === 'yes',
        by: viewer.displayName,
        ...(f.note?.trim() ? { note: f.note.trim().slice(0, 500) } : {}),
        now: clock.now().toISOString(),
        userId: viewer.id,
      });
      return reply.redirect(paths.assessment.agency({ agencyId: agency.id }, { saved: '1' }), 303);
    },
  );

  app.get(
    paths.assessment.weights.pattern,
    { config: { access: 'users.manage' } },
    async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const profile = profileOf(q.profile);
      return sendPage(
        reply,
        <WeightsPage
          ctx={adminContext(request, reply, 'assessment')}
          profile={profile}
          overrides={await findOverrides(db, profile)}
          notice={noticeFrom(request, { saved: '权重已保存，所有机构的体检结果按新权重计算。' })}
        />,
      );
    },
  );

  app.post(
    paths.assessment.weights.pattern,
    { config: { access: 'users.manage' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const profile = profileOf((request.query as Record<string, unknown>).profile);
      const f = formBody(request.body);
      const areaWeights: Record<string, number> = {};
      const rows: Record<string, Partial<RowConfig>> = {};
      const problems: string[] = [];
      const num = (v: string | undefined, label: string): number | undefined => {
        const t = (v ?? '').trim();
        if (t === '') return undefined;
        const x = Number(t);
        if (!Number.isFinite(x) || x < 0 || x > 1000) {
          problems.push(`${label}应为0到1000之间的数。`);
          return undefined;
        }
        return x;
      };
      for (const k of AREA_KEYS) {
        const v = num(f[`area.${k}`], `领域权重“${k}”`);
        if (v !== undefined) areaWeights[k] = v;
      }
      for (const id of INDICATORS_BY_ID.keys()) {
        const v = num(f[`row.${id}`], `指标${id}的分值`);
        if (v !== undefined) rows[id] = { points: v };
      }
      const overrides: ScoringOverrides = { areaWeights, rows };
      problems.push(...checkOverrides(overrides));
      if (problems.length > 0) {
        return sendPage(
          reply,
          <WeightsPage
            ctx={adminContext(request, reply, 'assessment')}
            profile={profile}
            overrides={overrides}
            errors={problems}
          />,
          400,
        );
      }
      await saveOverrides(db, profile, overrides, clock.now().toISOString(), viewer.id);
      return reply.redirect(paths.assessment.weights(undefined, { profile, saved: '1' }), 303);
    },
  );
}
