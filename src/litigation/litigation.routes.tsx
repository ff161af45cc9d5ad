import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { agencyInScope } from '../agencies/agency.service.ts';
import { LitigationFormPage, LitigationListPage } from '../reports/report.views.tsx';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { notFound } from '../shared/http/errors.ts';
import { parseForm } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { applicationSerial, findCase, listCases } from './litigation.repository.ts';
import {
  caseToValues,
  LITIGATION_FIELDS,
  LITIGATION_KIND_LABELS,
  LITIGATION_KINDS,
  LITIGATION_RESULT_LABELS,
  LITIGATION_RESULTS,
  litigationFormSchema,
} from './litigation.rules.ts';
import { createCase, editCase, removeCase } from './litigation.service.ts';
import { documentCounts } from './litigation-documents.repository.ts';
import { registerLitigationDocumentRoutes } from './litigation-documents.routes.tsx';

const KINDS = LITIGATION_KINDS.map((k) => ({ value: k, label: LITIGATION_KIND_LABELS[k] }));
const RESULTS = LITIGATION_RESULTS.map((r) => ({ value: r, label: LITIGATION_RESULT_LABELS[r] }));

function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

/** Back-office CRUD of reconsideration and litigation cases (every write with its audit entry). */
export async function registerLitigationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  app.get(
    paths.reports.litigation.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const cases = await listCases(db, agency.id);
      const counts = await documentCounts(db, agency.id);
      const rows = await Promise.all(
        cases.map(async (c) => ({
          id: c.id,
          kindLabel: LITIGATION_KIND_LABELS[c.kind] ?? c.kind,
          resultLabel: LITIGATION_RESULT_LABELS[c.result] ?? c.result,
          filedOn: c.filedOn,
          decidedOn: c.decidedOn,
          caseNumber: c.caseNumber,
          serial: c.applicationId ? await applicationSerial(db, c.applicationId) : null,
          documentCount: counts.get(c.id) ?? 0,
        })),
      );
      const q = request.query as Record<string, unknown>;
      return sendPage(
        reply,
        <LitigationListPage
          ctx={adminContext(request, reply, 'reports')}
          agency={agency}
          cases={rows}
          canEdit={can(viewer, 'reports.edit')}
          notice={q.saved === '1' ? '案件已保存。' : q.deleted === '1' ? '案件已删除。' : undefined}
        />,
      );
    },
  );

  const form = (
    request: FastifyRequest,
    reply: FastifyReply,
    agency: Agency,
    caseId: number | null,
    values: Record<string, string>,
    errors?: Record<string, string>,
  ) =>
    sendPage(
      reply,
      <LitigationFormPage
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        title={caseId ? '修改案件' : '登记行政复议、行政诉讼案件'}
        action={
          caseId
            ? paths.reports.litigationEdit({ agencyId: agency.id, caseId })
            : paths.reports.litigationNew({ agencyId: agency.id })
        }
        deleteAction={caseId ? paths.reports.litigationDelete({ agencyId: agency.id, caseId }) : undefined}
        values={values}
        errors={errors}
        kinds={KINDS}
        results={RESULTS}
      />,
      errors ? 400 : 200,
    );

  app.get(
    paths.reports.litigationNew.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      return form(request, reply, agency, null, { result: 'pending' });
    },
  );

  app.post(
    paths.reports.litigationNew.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const parsed = parseForm(litigationFormSchema, request.body, LITIGATION_FIELDS);
      if (!parsed.ok) return form(request, reply, agency, null, parsed.values, parsed.errors);
      try {
        await createCase(db, viewer, request.ip, agency, parsed.data, now());
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return form(request, reply, agency, null, parsed.values, err.errors);
      }
      return reply.redirect(paths.reports.litigation({ agencyId: agency.id }, { saved: '1' }), 303);
    },
  );

  app.get(
    paths.reports.litigationEdit.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const c = await findCase(db, agency.id, idParam(request, 'caseId'));
      if (!c) throw notFound('案件');
      const serial = c.applicationId ? await applicationSerial(db, c.applicationId) : null;
      return form(request, reply, agency, c.id, caseToValues(c, serial));
    },
  );

  app.post(
    paths.reports.litigationEdit.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      const caseId = idParam(request, 'caseId');
      const parsed = parseForm(litigationFormSchema, request.body, LITIGATION_FIELDS);
      if (!parsed.ok) return form(request, reply, agency, caseId, parsed.values, parsed.errors);
      try {
        await editCase(db, viewer, request.ip, agency, caseId, parsed.data, now());
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return form(request, reply, agency, caseId, parsed.values, err.errors);
      }
      return reply.redirect(paths.reports.litigation({ agencyId: agency.id }, { saved: '1' }), 303);
    },
  );

  app.post(
    paths.reports.litigationDelete.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
      await removeCase(db, viewer, request.ip, agency, idParam(request, 'caseId'), now());
      return reply.redirect(paths.reports.litigation({ agencyId: agency.id }, { deleted: '1' }), 303);
    },
  );

  await registerLitigationDocumentRoutes(app, deps);
}
