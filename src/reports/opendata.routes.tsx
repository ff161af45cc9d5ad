import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { etagMatches } from './opendata.rules.ts';
import { openDataCsv, openDataJson, openDataQuery, openDataTag } from './opendata.service.ts';
import { OpenDataPage } from './opendata.views.tsx';

/** Public open data (issue 15): the documentation page and the CSV and JSON files, streamed. */
export async function registerOpenDataRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const base = deps.config.publicBaseUrl;

  app.get(paths.reports.openData.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    sendPage(reply, <OpenDataPage />),
  );

  const send = async (request: FastifyRequest, reply: FastifyReply, kind: 'csv' | 'json') => {
    const q = await openDataQuery(db, request.query as Record<string, unknown>);
    const etag = await openDataTag(db, q, kind, base);
    reply.header('etag', etag).header('cache-control', 'public, no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    const name = q.agency ? `reports-${q.agency.id}${q.subtree ? '-subtree' : ''}` : 'reports';
    reply
      .type(kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `inline; filename="${name}.${kind}"`);
    const chunks = kind === 'csv' ? openDataCsv(db, q.selection, base) : openDataJson(db, q.selection, base);
    return reply.send(Readable.from(chunks, { objectMode: false }));
  };
  app.get(paths.reports.openDataCsv.pattern, { config: { access: 'public' } }, (request, reply) =>
    send(request, reply, 'csv'),
  );
  app.get(paths.reports.openDataJson.pattern, { config: { access: 'public' } }, (request, reply) =>
    send(request, reply, 'json'),
  );
}
