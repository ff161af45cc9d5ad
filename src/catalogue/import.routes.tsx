import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { sendDownload } from '../shared/http/download.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { importForm } from './catalogue.forms.ts';
import type { CatalogueRouteContext } from './catalogue.http.ts';
import { formData } from './catalogue.http.ts';
import { listTopics } from './catalogue.repository.ts';
import { requireAgency } from './catalogue.service.ts';
import { importTemplate, MAX_IMPORT_FILE_BYTES, receiveImport } from './import.service.ts';
import { ImportPage } from './import.views.tsx';

const cat = paths.catalogue;

/** The import of items published in a former system (XLSX or CSV): the page and its template. */
export const importRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  app.get(cat.import.pattern, { config: { access: 'catalogue.edit' } }, async (request, reply) => {
    requireAgency(requireViewer(request));
    return sendPage(reply, <ImportPage ctx={adminContext(request, reply, 'catalogue')} />);
  });

  app.get(cat.importTemplate.pattern, { config: { access: 'catalogue.edit' } }, async (_request, reply) =>
    sendDownload(reply, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: '主动公开信息导入模板.xlsx',
      body: await importTemplate(await listTopics(ctx.deps.db)),
    }),
  );
};

/** The upload of an import (registered in the multipart scope): check, then commit. */
export function importUploadRoute(scope: FastifyInstance, ctx: CatalogueRouteContext): void {
  const { db } = ctx.deps;
  scope.post(
    cat.import.pattern,
    { config: { access: 'catalogue.edit' }, bodyLimit: 3 * MAX_IMPORT_FILE_BYTES },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { mode } = formData(importForm, request.body);
      const outcome = await receiveImport(
        db,
        await ctx.deps.calendar.get(db),
        viewer,
        request.ip,
        request.uploadedFiles?.[0],
        mode,
        ctx.now(),
      );
      const refused = 'error' in outcome || 'problems' in outcome;
      return sendPage(
        reply,
        <ImportPage ctx={adminContext(request, reply, 'catalogue')} {...outcome} />,
        refused ? 400 : 200,
      );
    },
  );
}
