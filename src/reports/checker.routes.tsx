import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { sendPage } from '../shared/http/page.ts';
import { registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { CHECKER_MAX_FILE_BYTES, CHECKER_MAX_TEXT_BYTES, checkSubmission } from './checker.service.ts';
import { CheckerPage } from './checker.views.tsx';

/** Limits of the public checker: one uploaded file, a pasted report as a text field. */
export const CHECKER_LIMITS = {
  fileSize: CHECKER_MAX_FILE_BYTES,
  fieldSize: CHECKER_MAX_TEXT_BYTES,
  maxFiles: 1,
  fields: 4,
};
export const CHECKER_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

/** The public report checker (no login): paste or upload; multipart only in this plugin, with its limits. */
export async function registerCheckerRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await registerFileUploads(app, resolve(deps.config.uploadDir, 'tmp'), CHECKER_LIMITS);

  app.get(paths.reports.checker.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    sendPage(reply, <CheckerPage csrf={reply.generateCsrf()} />),
  );
  app.post(
    paths.reports.checker.pattern,
    { config: { access: 'public', rateLimit: CHECKER_RATE_LIMIT } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = typeof body.text === 'string' ? body.text : '';
      const outcome = await checkSubmission(text, request.uploadedFiles?.[0] ?? null);
      return sendPage(
        reply,
        <CheckerPage
          csrf={reply.generateCsrf()}
          values={{ text }}
          errors={outcome.ok ? undefined : outcome.errors}
          result={outcome.ok ? outcome.result : undefined}
        />,
        outcome.ok ? 200 : 400,
      );
    },
  );
}
