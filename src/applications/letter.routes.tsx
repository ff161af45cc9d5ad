/** Routes of a case's letters: draft, edit, attach documents, submit for review, return or approve, send, download (docx, PDF, files). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, sendDownload } from '../shared/http/download.ts';
import { formBody, orFormError } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { discardReceived, registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { printHtmlToPdf } from '../shared/pdf.ts';
import { SEND_FIELDS } from './application.forms.ts';
import { applicationInScope } from './application.service.ts';
import { LetterPage } from './application.views.tsx';
import { isApplicantLetter, LETTER_MAX_ATTACHMENTS } from './documents.rules.ts';
import {
  approveLetter,
  attachToLetter,
  detachFromLetter,
  editLetter,
  LETTER_ATTACHMENT_MAX_BYTES,
  type LetterOfCase,
  letterAttachmentDownload,
  letterDelivery,
  letterInScope,
  letterReviewOf,
  letterRights,
  listAttachments,
  recordDelivery,
  returnLetter,
  sendLetter,
  startLetter,
  submitLetter,
} from './letter.service.ts';
import { DELIVERY_FIELDS } from './letter-delivery.rules.ts';
import { letterDocx } from './letter-docx.ts';
import { letterHtml } from './letter-html.tsx';
import { type LetterRenderOptions, letterLayout, renderOptionsOf } from './letter-layout.ts';
import { isRedactable, redactionsOf } from './redaction.service.ts';
import type { RouteKit } from './route-kit.ts';
import { fileDirs } from './uploads.ts';

const p = paths.applications;
type LetterParams = { Params: RouteParams<typeof p.letter> };
type AttachmentParams = { Params: RouteParams<typeof p.letterAttachment> };

export async function letterRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;
  const { db } = deps;

  const letterOf = (request: FastifyRequest<LetterParams>) =>
    letterInScope(
      db,
      kit.acting(request).viewer,
      idOf(request.params.applicationId),
      idOf(request.params.letterId),
    );

  const letterPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    x: LetterOfCase,
    extra: { values?: Record<string, string>; errors?: Readonly<Record<string, string>> } = {},
  ) => {
    const attachments = await listAttachments(deps, x);
    const redactions = await redactionsOf(deps, x);
    const sheet = letterLayout(
      x.letter.title,
      x.letter.body,
      attachments.map((f) => f.fileName),
      renderOptionsOf(x.letter),
    );
    return sendPage(
      reply,
      <LetterPage
        ctx={adminContext(request, reply, 'applications')}
        app={x.a}
        letter={x.letter}
        sheet={sheet}
        attachments={attachments}
        redaction={{
          redactable: new Set(attachments.filter(isRedactable).map((a) => a.id)),
          redacted: new Map([...redactions].map(([id, r]) => [id, r.boxes.length])),
        }}
        delivery={x.letter.status === 'sent' ? await letterDelivery(deps, x) : null}
        sendDefaults={
          isApplicantLetter(x.letter.kind)
            ? { chosen: x.a.applicant.delivery, hasEmail: Boolean(x.a.applicant.email) }
            : undefined
        }
        review={letterReviewOf(x.letter, attachments)}
        timeZone={deps.config.timeZone}
        {...letterRights(kit.acting(request).viewer, x.a)}
        today={kit.today()}
        values={extra.values}
        errors={extra.errors}
      />,
      extra.errors ? 400 : 200,
    );
  };

  /** Runs a step of the workflow, then shows the letter (at `anchor`), or the page with the step's messages. */
  const step = async (
    request: FastifyRequest<LetterParams>,
    reply: FastifyReply,
    work: (x: LetterOfCase) => Promise<unknown>,
    options: {
      anchor?: string;
      values?: (errors: Readonly<Record<string, string>>) => Record<string, string>;
    } = {},
  ) => {
    const x = await letterOf(request);
    return orFormError(
      async () => {
        await work(x);
        return reply.redirect(
          `${p.letter({ applicationId: x.a.id, letterId: x.letter.id })}${options.anchor ?? ''}`,
          303,
        );
      },
      async (errors) => {
        await discardReceived(request);
        return letterPage(request, reply, x, { errors, values: options.values?.(errors) });
      },
    );
  };

  app.post<{ Params: RouteParams<typeof p.letterNew> }>(
    p.letterNew.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const by = kit.acting(request);
      const a = await applicationInScope(db, by.viewer, idOf(request.params.applicationId));
      const id = await startLetter(deps, by, a, formBody(request.body).kind ?? '');
      return reply.redirect(p.letter({ applicationId: a.id, letterId: id }), 303);
    },
  );

  app.get<LetterParams>(
    p.letter.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => letterPage(request, reply, await letterOf(request)),
  );

  app.post<LetterParams>(p.letter.pattern, { config: { access: 'applications.handle' } }, (request, reply) =>
    step(request, reply, (x) => editLetter(deps, kit.acting(request), x, request.body), {
      values: () => formBody(request.body),
    }),
  );

  // The later record of a sent letter's delivery: the 快递单号 corrected, the day a held letter was collected.
  app.post<LetterParams>(
    p.letterDelivery.pattern,
    { config: { access: 'applications.handle' } },
    (request, reply) =>
      step(request, reply, (x) => recordDelivery(deps, kit.acting(request), x, request.body), {
        anchor: '#delivery',
        values: () => formBody(request.body),
      }),
  );

  app.post<LetterParams>(
    p.letterApprove.pattern,
    { config: { access: 'applications.approve' } },
    (request, reply) =>
      step(request, reply, (x) => approveLetter(deps, kit.acting(request), x, request.body), {
        anchor: '#review',
      }),
  );

  app.post<LetterParams>(
    p.letterSubmit.pattern,
    { config: { access: 'applications.handle' } },
    (request, reply) =>
      step(request, reply, (x) => submitLetter(deps, kit.acting(request), x), { anchor: '#review' }),
  );

  app.post<LetterParams>(
    p.letterReturn.pattern,
    { config: { access: 'applications.approve' } },
    (request, reply) =>
      step(request, reply, (x) => returnLetter(deps, kit.acting(request), x, request.body), {
        anchor: '#review',
        values: () => ({ returnReason: formBody(request.body).returnReason ?? '' }),
      }),
  );

  app.post<LetterParams>(
    p.letterSend.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await letterOf(request);
      const form = formBody(request.body);
      return orFormError(
        async () => {
          const sent = await sendLetter(deps, kit.acting(request), x, form);
          const notice = !sent.mailQueued ? 'sent' : deps.config.smtpUrl ? 'sentMailed' : 'sentMailWaiting';
          return reply.redirect(p.show({ applicationId: x.a.id }, { [notice]: '1' }), 303);
        },
        (errors) =>
          letterPage(request, reply, x, {
            errors,
            values: Object.fromEntries([...SEND_FIELDS, ...DELIVERY_FIELDS].map((k) => [k, form[k] ?? ''])),
          }),
      );
    },
  );

  // The letter as a document to print or archive: Word (docx) or PDF, its attachments listed in 附件说明.
  const formats = [
    { path: p.letterDocx, ext: 'docx', render: letterDocx },
    {
      path: p.letterPdf,
      ext: 'pdf',
      render: async (title: string, body: string, names: string[], options: LetterRenderOptions) =>
        printHtmlToPdf(await letterHtml(title, body, names, options), { pageNumbers: 'document' }),
    },
  ] as const;
  for (const f of formats)
    app.get<LetterParams>(
      f.path.pattern,
      { config: { access: 'applications.view' } },
      async (request, reply) => {
        const x = await letterOf(request);
        const names = (await listAttachments(deps, x)).map((a) => a.fileName);
        return sendDownload(reply, {
          type: CONTENT_TYPES[f.ext],
          fileName: `${x.a.serial}-${x.letter.title}.${f.ext}`,
          body: await f.render(x.letter.title, x.letter.body, names, renderOptionsOf(x.letter)),
        });
      },
    );

  app.get<AttachmentParams>(
    p.letterAttachment.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) =>
      sendDownload(
        reply,
        await letterAttachmentDownload(deps, await letterOf(request), idOf(request.params.attachmentId)),
      ),
  );

  app.post<AttachmentParams>(
    p.letterAttachmentDelete.pattern,
    { config: { access: 'applications.handle' } },
    (request, reply) =>
      step(
        request,
        reply,
        (x) => detachFromLetter(deps, kit.acting(request), x, idOf(request.params.attachmentId)),
        {
          anchor: '#attachments',
        },
      ),
  );

  // Disclosed documents attached to a draft letter (multipart only in this scope); once the letter is
  // approved its attachments are fixed, like its text.
  await app.register(async (scope) => {
    await registerFileUploads(scope, fileDirs(deps.config.uploadDir).tmp, {
      fileSize: LETTER_ATTACHMENT_MAX_BYTES,
      maxFiles: LETTER_MAX_ATTACHMENTS,
      accessBeforeBody: true,
    });
    scope.post<LetterParams>(
      p.letterAttachments.pattern,
      { config: { access: 'applications.handle' } },
      (request, reply) =>
        step(
          request,
          reply,
          (x) => attachToLetter(deps, kit.acting(request), x, request.uploadedFiles ?? []),
          {
            anchor: '#attachments',
          },
        ),
    );
  });
}
