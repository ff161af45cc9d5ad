/** Public routes: an agency's 依申请公开 column and the lookup (the online form: `apply.routes.tsx`). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findAgency } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { sendDownload } from '../shared/http/download.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { parseForm } from '../shared/http/forms.ts';
import { sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { LOOKUP_FIELDS, lookupSchema } from './application.forms.ts';
import { lookupProgress, publicLetterAttachment } from './lookup.service.ts';
import { ApplyColumnPage, LookupPage } from './public.views.tsx';
import { publicLimit, type RouteKit } from './route-kit.ts';

const p = paths.applications;
/** Set after a successful progress lookup: the attachments of that application's sent letters may be downloaded. */
const LOOKUP_COOKIE = 'gk_lookup';
const LOOKUP_COOKIE_MINUTES = 30;
type AgencyParams = { Params: RouteParams<typeof p.apply> };

export async function publicRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;
  const { db, config } = deps;
  const cookieOptions = (path: string, minutes: number) =>
    ({
      path,
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      maxAge: minutes * 60,
      secure: config.env === 'production',
    }) as const;
  const signedCookie = (request: FastifyRequest, name: string): string | null => {
    const raw = request.cookies[name];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    return unsigned?.valid && unsigned.value ? unsigned.value : null;
  };

  async function publicAgency(request: FastifyRequest<AgencyParams>): Promise<Agency> {
    const a = await findAgency(db, idOf(request.params.agencyId));
    if (!a) throw notFound('机构');
    return a;
  }

  app.get<AgencyParams>(p.column.pattern, { config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, <ApplyColumnPage agency={await publicAgency(request)} />),
  );

  app.get(p.lookup.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={{}} />),
  );

  app.post(
    p.lookup.pattern,
    { config: { access: 'public', rateLimit: publicLimit(10) } },
    async (request, reply) => {
      const form = parseForm(lookupSchema, request.body, LOOKUP_FIELDS);
      if (!form.ok)
        return sendPage(
          reply,
          <LookupPage csrf={reply.generateCsrf()} values={form.values} errors={form.errors} />,
          400,
        );
      const found = await lookupProgress(deps, form.data.code, form.data.last4);
      if (!found)
        return sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={form.values} notFound />, 404);
      if (found.hasFiles)
        reply.setCookie(
          LOOKUP_COOKIE,
          String(found.applicationId),
          cookieOptions(p.lookup(), LOOKUP_COOKIE_MINUTES),
        );
      const result = { ...found.result, filesMinutes: LOOKUP_COOKIE_MINUTES };
      return sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={{}} result={result} />);
    },
  );

  // A disclosed document of a sent letter, for the browser that just passed the lookup check (signed cookie
  // naming the application, 30 minutes). Nothing else of the case is reachable this way.
  app.get<{ Params: RouteParams<typeof p.lookupFile> }>(
    p.lookupFile.pattern,
    { config: { access: 'public', rateLimit: publicLimit(60) } },
    async (request, reply) => {
      const applicationId = Number(signedCookie(request, LOOKUP_COOKIE) ?? Number.NaN);
      if (!Number.isInteger(applicationId))
        throw new AppError(
          'forbidden',
          '请先用查询码和后 4 位查询办理进度，再下载文书附件（查询后 30 分钟内有效）。',
        );
      return sendDownload(
        reply,
        await publicLetterAttachment(deps, applicationId, idOf(request.params.attachmentId)),
      );
    },
  );
}
