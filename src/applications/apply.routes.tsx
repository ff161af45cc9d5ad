/**
 * The public online form, one thing at a time: type → applicant → request → files → check → send → receipt.
 * Each page posts to the page it leads to, with the answers so far in one signed hidden field and its own
 * fields; the page's answers are merged in and, going forward, every earlier step is checked with the one
 * application schema (the first step with a problem is shown again, with the answers kept). No state on the
 * server but the pending identity documents (under the unguessable token the signed answers carry).
 */
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
import { APPLICANT_FIELDS } from './application.rules.ts';
import { actorOf, registerApplication } from './application.service.ts';
import {
  APPLY_STEPS,
  type ApplyStep,
  firstStepWithErrors,
  isApplyStep,
  mergeStep,
  openAnswers,
  sealAnswers,
  stepIndex,
} from './apply.steps.ts';
import {
  ApplyApplicantPage,
  ApplyCheckPage,
  ApplyFilesPage,
  ApplyRequestPage,
  ApplyStartAgainPage,
  ApplyTypePage,
  ReceiptPage,
  type StepView,
} from './apply.views.tsx';
import { IDENTITY_MAX_BYTES } from './documents.rules.ts';
import { pendingUploads, updatePendingUploads, uploadTokenOf } from './documents.service.ts';
import { publicLimit, type RouteKit } from './route-kit.ts';
import { fileDirs } from './uploads.ts';

const p = paths.applications;
const RECEIPT_COOKIE = 'gk_apply_receipt';
type AgencyParams = { Params: RouteParams<typeof p.apply> };

/** The route of each step (step 1 is the form's own address). */
const STEP_PATHS: Readonly<Record<ApplyStep, { pattern: string }>> = {
  type: p.apply,
  applicant: p.applyApplicant,
  request: p.applyRequest,
  files: p.applyFiles,
  check: p.applyCheck,
};

export async function applyRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;
  const { db, config } = deps;
  const nowMs = () => Date.parse(kit.now());
  const seal = (agency: Agency, values: Readonly<Record<string, string>>) =>
    sealAnswers(values, agency.id, nowMs(), config.sessionSecret);

  async function publicAgency(request: FastifyRequest<AgencyParams>): Promise<Agency> {
    const a = await findAgency(db, idOf(request.params.agencyId));
    if (!a) throw notFound('机构');
    return a;
  }

  /** Shows `step` with the answers (and messages); the check page only with answers that pass. */
  async function showStep(
    reply: FastifyReply,
    agency: Agency,
    step: ApplyStep,
    values: Readonly<Record<string, string>>,
    options: { errors?: Record<string, string> | undefined; returnToCheck: boolean },
  ) {
    const errors = options.errors && Object.keys(options.errors).length > 0 ? options.errors : undefined;
    const view: StepView = {
      agency,
      csrf: reply.generateCsrf(),
      values,
      state: seal(agency, values),
      errors,
      returnToCheck: options.returnToCheck && step !== 'check',
    };
    const status = errors ? 400 : 200;
    const uploads = () => pendingUploads(db, uploadTokenOf(values), kit.now());
    switch (step) {
      case 'type':
        return sendPage(reply, <ApplyTypePage view={view} />, status);
      case 'applicant':
        return sendPage(reply, <ApplyApplicantPage view={view} />, status);
      case 'request':
        return sendPage(reply, <ApplyRequestPage view={view} />, status);
      case 'files':
        return sendPage(reply, <ApplyFilesPage view={view} uploads={await uploads()} />, status);
      case 'check': {
        const r = parseForm(applicantSchema(kit.today()), values, APPLICANT_FIELDS);
        const bad = r.ok ? null : firstStepWithErrors(r.errors, 'check');
        if (!r.ok)
          return showStep(reply, agency, bad?.step ?? 'type', values, {
            errors: bad?.errors ?? r.errors,
            returnToCheck: true,
          });
        return sendPage(reply, <ApplyCheckPage view={view} applicant={r.data} uploads={await uploads()} />);
      }
    }
  }

  // Step 1 from the column's link: a fresh form.
  app.get<AgencyParams>(p.apply.pattern, { config: { access: 'public' } }, async (request, reply) =>
    showStep(reply, await publicAgency(request), 'type', {}, { returnToCheck: false }),
  );

  // The later steps need the answers that only a posted page carries: opened directly, they start over.
  for (const step of APPLY_STEPS.slice(1))
    app.get<AgencyParams>(
      STEP_PATHS[step].pattern,
      { config: { access: 'public' } },
      async (request, reply) => reply.redirect(p.apply({ agencyId: (await publicAgency(request)).id }), 303),
    );

  // Every step is posted in one scope that also takes the identity documents (multipart, step 4).
  await app.register(async (scope) => {
    await registerFileUploads(scope, fileDirs(config.uploadDir).tmp, {
      fileSize: IDENTITY_MAX_BYTES,
      maxFiles: 10,
      // The signed answers: a description of up to 2,000 characters and the rest, in base64.
      fieldSize: 64_000,
    });
    for (const target of APPLY_STEPS)
      scope.post<AgencyParams>(
        STEP_PATHS[target].pattern,
        { config: { access: 'public', rateLimit: publicLimit(60) } },
        async (request, reply) => {
          const agency = await publicAgency(request);
          const body = formBody(request.body);
          const returnToCheck = body.returnTo === 'check';
          const opened = body.state
            ? openAnswers(body.state, agency.id, nowMs(), config.sessionSecret)
            : ({ ok: true, values: {} } as const);
          if (!opened.ok) {
            await discardReceived(request);
            return sendPage(reply, <ApplyStartAgainPage agency={agency} problem={opened.problem} />, 400);
          }
          const state = opened.values;
          const from = isApplyStep(body.from ?? '') ? (body.from as ApplyStep) : null;
          const values = from ? mergeStep(state, from, body) : mergeStep(state, 'check', {});
          if (from === 'files') {
            const upload = await updatePendingUploads(
              deps,
              { uploadToken: values.uploadToken ?? '', removeUpload: body.removeUpload ?? '' },
              request.uploadedFiles ?? [],
              kit.now(),
              request.ip,
            );
            await discardReceived(request);
            values.uploadToken = upload.token ?? '';
            if (upload.error)
              return showStep(reply, agency, 'files', values, {
                errors: { idFiles: upload.error },
                returnToCheck,
              });
          }
          await discardReceived(request);
          // Forward: every step before the target must pass; back or 修改: shown as they are.
          if (from && stepIndex(target) > stepIndex(from)) {
            const r = parseForm(applicantSchema(kit.today()), values, APPLICANT_FIELDS);
            const bad = r.ok ? null : firstStepWithErrors(r.errors, target);
            if (bad) return showStep(reply, agency, bad.step, values, { errors: bad.errors, returnToCheck });
          }
          return showStep(reply, agency, target, values, { returnToCheck });
        },
      );
  });

  app.post<AgencyParams>(
    p.applySend.pattern,
    { config: { access: 'public', rateLimit: publicLimit(20) } },
    async (request, reply) => {
      const agency = await publicAgency(request);
      const body = formBody(request.body);
      // Sent without answers, or with answers we did not sign: nothing is registered.
      const opened = openAnswers(body.state ?? '', agency.id, nowMs(), config.sessionSecret);
      if (!opened.ok)
        return sendPage(reply, <ApplyStartAgainPage agency={agency} problem={opened.problem} />, 400);
      const state = opened.values;
      const t = kit.today();
      const r = parseForm(applicantSchema(t), state, APPLICANT_FIELDS);
      if (!r.ok) {
        const bad = firstStepWithErrors(r.errors, 'check');
        return showStep(reply, agency, bad?.step ?? 'type', state, {
          errors: bad?.errors ?? r.errors,
          returnToCheck: true,
        });
      }
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
          uploadToken: uploadTokenOf(state),
          agencyName: agency.name,
        },
        actorOf(null, request.ip),
        kit.now(),
        t,
        { publicBaseUrl: config.publicBaseUrl },
      );
      reply.setCookie(RECEIPT_COOKIE, String(done.id), {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        signed: true,
        maxAge: 30 * 60,
        secure: config.env === 'production',
      });
      return reply.redirect(p.applyDone({ agencyId: agency.id }), 303);
    },
  );

  app.get<AgencyParams>(p.applyDone.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await publicAgency(request);
    const raw = request.cookies[RECEIPT_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    const id = unsigned?.valid && unsigned.value ? unsigned.value : null;
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
