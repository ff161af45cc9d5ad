/** Public routes: an agency's 依申请公开 column, the online form (form → check → send → receipt). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findAgency } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { notFound } from '../shared/http/errors.ts';
import { formBody, parseForm } from '../shared/http/forms.ts';
import { sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { discardReceived, registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { applicantSchema } from './application.forms.ts';
import { findApplication } from './application.repository.ts';
import { APPLICANT_FIELDS, applicantToValues } from './application.rules.ts';
import { actorOf, registerApplication } from './application.service.ts';
import { IDENTITY_MAX_BYTES } from './documents.rules.ts';
import { pendingUploads, updatePendingUploads, uploadTokenOf } from './documents.service.ts';
import { ApplyColumnPage, ApplyPage, CheckPage, ReceiptPage } from './public.views.tsx';
import { publicLimit, type RouteKit } from './route-kit.ts';
import { fileDirs } from './uploads.ts';

const p = paths.applications;
const RECEIPT_COOKIE = 'gk_apply_receipt';
type AgencyParams = { Params: RouteParams<typeof p.apply> };

/** Errors in form order, the upload's message right after the identity document number. */
function withUploadError(errors: Readonly<Record<string, string>>, uploadError: string | null) {
  if (!uploadError) return errors;
  const out: Record<string, string> = {};
  let placed = false;
  const before = ['applicantType', 'applicantName', 'idDocType', 'idDocName', 'idDocNumber'];
  for (const [k, v] of Object.entries(errors)) {
    if (!placed && !before.includes(k)) {
      out.idFiles = uploadError;
      placed = true;
    }
    out[k] = v;
  }
  if (!placed) out.idFiles = uploadError;
  return out;
}

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

  /** The form again, with the answers, the identity documents kept so far and any messages. */
  const applyPage = async (
    reply: FastifyReply,
    agency: Agency,
    values: Record<string, string>,
    token: string | null,
    errors?: Readonly<Record<string, string>>,
  ) =>
    sendPage(
      reply,
      <ApplyPage
        agency={agency}
        csrf={reply.generateCsrf()}
        values={values}
        errors={errors}
        uploadToken={token}
        uploads={await pendingUploads(db, token, kit.now())}
      />,
      errors ? 400 : 200,
    );

  app.get<AgencyParams>(p.column.pattern, { config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, <ApplyColumnPage agency={await publicAgency(request)} />),
  );

  app.get<AgencyParams>(p.apply.pattern, { config: { access: 'public' } }, async (request, reply) =>
    sendPage(
      reply,
      <ApplyPage agency={await publicAgency(request)} csrf={reply.generateCsrf()} values={{}} />,
    ),
  );

  // "修改申请内容" from the check page: the answers come back in hidden fields.
  app.post<AgencyParams>(
    p.apply.pattern,
    { config: { access: 'public', rateLimit: publicLimit(60) } },
    async (request, reply) => {
      const values = formBody(request.body);
      return applyPage(reply, await publicAgency(request), values, uploadTokenOf(values));
    },
  );

  // The form posts multipart (it may carry identity documents); multipart is registered in this scope only.
  await app.register(async (scope) => {
    await registerFileUploads(scope, fileDirs(config.uploadDir).tmp, {
      fileSize: IDENTITY_MAX_BYTES,
      maxFiles: 10,
    });
    scope.post<AgencyParams>(
      p.applyCheck.pattern,
      { config: { access: 'public', rateLimit: publicLimit(60) } },
      async (request, reply) => {
        const agency = await publicAgency(request);
        const values = formBody(request.body);
        const upload = await updatePendingUploads(deps, values, request.uploadedFiles ?? [], kit.now());
        await discardReceived(request);
        const r = parseForm(applicantSchema(kit.today()), values, APPLICANT_FIELDS);
        if (!r.ok || upload.error)
          return applyPage(
            reply,
            agency,
            values,
            upload.token,
            withUploadError(r.ok ? {} : r.errors, upload.error),
          );
        return sendPage(
          reply,
          <CheckPage
            agency={agency}
            csrf={reply.generateCsrf()}
            applicant={r.data}
            values={applicantToValues(r.data)}
            uploadToken={upload.token}
            uploads={await pendingUploads(db, upload.token, kit.now())}
          />,
        );
      },
    );
  });

  app.post<AgencyParams>(
    p.applySend.pattern,
    { config: { access: 'public', rateLimit: publicLimit(20) } },
    async (request, reply) => {
      const agency = await publicAgency(request);
      const t = kit.today();
      const r = parseForm(applicantSchema(t), request.body, APPLICANT_FIELDS);
      const token = uploadTokenOf(r.values);
      if (!r.ok) return applyPage(reply, agency, r.values, token, r.errors);
      const cal = await deps.calendar.get(db);
      // The system's receipt is the confirmation of both sides (Art. 31 (三)): received the day it is sent.
      const done = await registerApplication(
        db,
        cal,
        {
          agencyId: agency.id,
          source: 'online',
          applicant: r.data,
          receipt: { channel: 'online', submittedOn: t, confirmedOn: t, signedOn: null },
          uploadToken: token,
          agencyName: agency.name,
        },
        actorOf(null, request.ip),
        kit.now(),
        t,
        { publicBaseUrl: config.publicBaseUrl },
      );
      reply.setCookie(RECEIPT_COOKIE, String(done.id), cookieOptions('/', 30));
      return reply.redirect(p.applyDone({ agencyId: agency.id }), 303);
    },
  );

  app.get<AgencyParams>(p.applyDone.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await publicAgency(request);
    const id = signedCookie(request, RECEIPT_COOKIE);
    const a = id ? await findApplication(db, Number(id)) : null;
    if (!a || a.agencyId !== agency.id) return reply.redirect(p.column({ agencyId: agency.id }), 303);
    return sendPage(
      reply,
      <ReceiptPage
        agency={agency}
        serial={a.serial}
        lookupCode={a.lookupCode}
        receivedOn={a.receivedOn}
        replyDue={a.replyDue}
        provisional={a.replyDueProvisional}
      />,
    );
  });
}
