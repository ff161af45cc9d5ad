/**
 * The public progress lookup: the form, the check (查询码 + last 4), and for the browser that passed it
 * the case, its sent letters as a page and as PDF, and their attached documents. The check leaves a
 * signed cookie naming the application and the time (30 minutes, scoped to the lookup's URLs); every
 * letter and file is looked up within that application, and without the proof the visitor is sent back
 * to the form.
 */

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, sendDownload } from '../shared/http/download.ts';
import { parseForm } from '../shared/http/forms.ts';
import { sendHtml, sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { printHtmlToPdf } from '../shared/pdf.ts';
import { LOOKUP_FIELDS, lookupSchema } from './application.forms.ts';
import { applicationOfProof, LOOKUP_PROOF_MINUTES, lookupProofValue } from './letter-delivery.rules.ts';
import { letterHtml } from './letter-html.tsx';
import { renderOptionsOf } from './letter-layout.ts';
import type { LookupResult } from './lookup.model.ts';
import { checkLookup, lookupProgress, publicLetter, publicLetterAttachment } from './lookup.service.ts';
import { LookupPage } from './lookup.views.tsx';
import { publicLimit, type RouteKit } from './route-kit.ts';

const p = paths.applications;
/** Set after a successful lookup check: `applicationId.checkedAtMs`, signed. */
const LOOKUP_COOKIE = 'gk_lookup';

/**
 * On screen, the print document gets a page-wide margin (print and the PDF are untouched: the letter's own
 * `@page` rules apply there).
 */
const SCREEN_CSS = '@media screen { body { max-width: 156mm; margin: 2rem auto; padding: 0 1rem; } }';

/** The letter's print document, served as a page: the screen margin added to its head. */
function letterPage(html: string): string {
  return html.replace('</head>', `<style>${SCREEN_CSS}</style></head>`);
}

/**
 * The Content-Security-Policy of a letter page: its inline style sheets are allowed by their hashes;
 * nothing else loads, nothing runs, no form posts.
 */
function letterPagePolicy(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return `default-src 'none'; style-src ${hashes.join(' ')}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export async function lookupRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;
  const { config } = deps;
  const cookieOptions = {
    path: p.lookup(),
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: LOOKUP_PROOF_MINUTES * 60,
    secure: config.env === 'production',
  } as const;

  /** The application this browser proved it may see, or null. */
  const proven = (request: FastifyRequest): number | null => {
    const raw = request.cookies[LOOKUP_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    return applicationOfProof(unsigned?.valid ? unsigned.value : null, deps.clock.now().getTime());
  };

  /** Runs `work` for the proven application; without a proof, back to the form. */
  const withProof = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (applicationId: number) => Promise<unknown>,
  ) => {
    const id = proven(request);
    if (id === null) return reply.redirect(p.lookup({}, { expired: 1 }), 303);
    return work(id);
  };

  const resultPage = (reply: FastifyReply, result: LookupResult) =>
    sendPage(
      reply,
      <LookupPage
        csrf={reply.generateCsrf()}
        values={{}}
        result={{ ...result, filesMinutes: LOOKUP_PROOF_MINUTES }}
      />,
    );

  // The form; with a valid proof (back from a letter), the result again.
  app.get(p.lookup.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const id = proven(request);
    const result = id !== null ? await lookupProgress(deps, id) : null;
    if (result) return resultPage(reply, result);
    return sendPage(
      reply,
      <LookupPage
        csrf={reply.generateCsrf()}
        values={{}}
        expired={q.expired === '1'}
        ended={q.ended === '1'}
      />,
    );
  });

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
      const id = await checkLookup(deps, form.data.code, form.data.last4);
      if (id === null)
        return sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={form.values} notFound />, 404);
      // Post/redirect/get: the result is a GET page, so going back from a letter to it needs no re-post.
      reply.setCookie(LOOKUP_COOKIE, lookupProofValue(id, deps.clock.now().getTime()), cookieOptions);
      return reply.redirect(p.lookup(), 303);
    },
  );

  app.post(p.lookupEnd.pattern, { config: { access: 'public' } }, async (_request, reply) => {
    reply.clearCookie(LOOKUP_COOKIE, { path: cookieOptions.path });
    return reply.redirect(p.lookup({}, { ended: 1 }), 303);
  });

  type LetterParams = { Params: RouteParams<typeof p.lookupLetter> };
  const limits = { access: 'public', rateLimit: publicLimit(60) } as const;

  // A sent letter to the applicant as its print page (the same document the PDF is printed from).
  app.get<LetterParams>(p.lookupLetter.pattern, { config: limits }, (request, reply) =>
    withProof(request, reply, async (id) => {
      const x = await publicLetter(deps, id, idOf(request.params.letterId));
      const html = letterPage(
        await letterHtml(x.letter.title, x.letter.body, x.attachmentNames, renderOptionsOf(x.letter)),
      );
      reply.header('content-security-policy', letterPagePolicy(html));
      reply.header('x-robots-tag', 'noindex');
      return sendHtml(reply, html);
    }),
  );

  app.get<LetterParams>(p.lookupLetterPdf.pattern, { config: limits }, (request, reply) =>
    withProof(request, reply, async (id) => {
      const x = await publicLetter(deps, id, idOf(request.params.letterId));
      return sendDownload(reply, {
        type: CONTENT_TYPES.pdf,
        fileName: `${x.a.serial}-${x.letter.title}.pdf`,
        body: await printHtmlToPdf(
          await letterHtml(x.letter.title, x.letter.body, x.attachmentNames, renderOptionsOf(x.letter)),
          { pageNumbers: 'document' },
        ),
      });
    }),
  );

  // A disclosed document of a sent letter to the applicant of the proven application.
  app.get<{ Params: RouteParams<typeof p.lookupFile> }>(
    p.lookupFile.pattern,
    { config: limits },
    (request, reply) =>
      withProof(request, reply, async (id) =>
        sendDownload(reply, await publicLetterAttachment(deps, id, idOf(request.params.attachmentId))),
      ),
  );
}
