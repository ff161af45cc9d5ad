/** Routes of the ledger (台账): the year's export, and the import of a historical ledger. */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { CONTENT_TYPES, sendDownload } from '../shared/http/download.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { ImportPage } from './application.views.tsx';
import { registeringAgency } from './case.routes.tsx';
import { exportLedger, importLedger } from './ledger.service.ts';
import type { RouteKit } from './route-kit.ts';
import { fileDirs } from './uploads.ts';

const p = paths.applications;
const LEDGER_MAX_BYTES = 10 * 1024 * 1024;

export async function ledgerRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;

  app.get(p.ledger.pattern, { config: { access: 'applications.view' } }, async (request, reply) => {
    const by = kit.acting(request);
    const q = request.query as Record<string, string | undefined>;
    const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : Number(by.today.slice(0, 4));
    const agencyId = q.agency && /^\d+$/.test(q.agency) ? Number(q.agency) : by.viewer.agencyId;
    const { fileName, body } = await exportLedger(deps, by, agencyId, year);
    return sendDownload(reply, { type: CONTENT_TYPES.xlsx, fileName, body });
  });

  await app.register(async (scope) => {
    await registerFileUploads(scope, fileDirs(deps.config.uploadDir).tmp, {
      fileSize: LEDGER_MAX_BYTES,
      maxFiles: 1,
      accessBeforeBody: true,
    });

    scope.get(
      p.ledgerImport.pattern,
      { config: { access: 'applications.handle' } },
      async (request, reply) => {
        registeringAgency(kit.acting(request).viewer);
        return sendPage(reply, <ImportPage ctx={adminContext(request, reply, 'applications')} />);
      },
    );

    scope.post(
      p.ledgerImport.pattern,
      { config: { access: 'applications.handle' } },
      async (request, reply) => {
        const by = kit.acting(request);
        const agencyId = registeringAgency(by.viewer);
        const ctx = adminContext(request, reply, 'applications');
        const file = request.uploadedFiles?.find((f) => f.field === 'file');
        const refuse = (error: string) => sendPage(reply, <ImportPage ctx={ctx} error={error} />, 400);
        if (!file?.tempPath || file.size === 0) return refuse('请选择要上传的 XLSX 台账文件。');
        if (file.truncated) return refuse(`台账文件不能超过 ${LEDGER_MAX_BYTES / 1024 / 1024} MB。`);
        const write = formBody(request.body).mode === 'write';
        const report = await importLedger(deps, by, agencyId, await readFile(file.tempPath), write);
        return sendPage(reply, <ImportPage ctx={ctx} report={report} />, report.ok ? 200 : 400);
      },
    );
  });
}
