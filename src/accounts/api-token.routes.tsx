import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../shared/deps.ts';
import { parseForm } from '../shared/http/forms.ts';
import { formStatus, noticeFrom, sendAdminPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import type { FieldErrors } from '../shared/ui/components.tsx';
import {
  API_TOKEN_DAYS,
  API_TOKEN_MAX_DAYS,
  createOwnApiToken,
  revokeApiTokenAs,
  tokensVisibleTo,
  visibleToken,
} from './api-token.service.ts';
import { TokenCreatedPage, TokenListPage, TokenRevokePage } from './api-token.views.tsx';
import { requireViewer } from './auth.ts';

const tokenSchema = z.object({
  label: z.string().trim().min(1, '请填写令牌的说明（用途）').max(60, '说明不能超过 60 个字符'),
  days: z
    .string()
    .trim()
    .transform((v) => (v === '' ? String(API_TOKEN_DAYS) : v))
    .pipe(
      z
        .string()
        .regex(/^\d{1,4}$/, `有效天数应为 1 至 ${API_TOKEN_MAX_DAYS} 的整数`)
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .min(1, `有效天数应为 1 至 ${API_TOKEN_MAX_DAYS} 的整数`)
            .max(API_TOKEN_MAX_DAYS, `有效天数应为 1 至 ${API_TOKEN_MAX_DAYS} 的整数`),
        ),
    ),
});

/**
 * The API tokens of the signed-in user (V3 in the back office): list, create (shown once, on the answer
 * to the POST, never again), revoke after a confirmation. Administrators and supervisors also see and
 * revoke the tokens of the accounts of their scope.
 */
export async function registerApiTokenRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const now = () => clock.now().toISOString();
  const signedIn = { config: { access: 'dashboard.view' as const } };

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: FieldErrors,
  ) => {
    const visible = await tokensVisibleTo(db, requireViewer(request));
    return sendAdminPage(
      request,
      reply,
      'account',
      TokenListPage,
      {
        ...visible,
        values,
        errors,
        notice: noticeFrom(request, { revoked: '令牌已吊销。' }),
        now: now(),
        tz: config.timeZone,
      },
      formStatus(errors),
    );
  };

  app.get(paths.admin.tokens.pattern, signedIn, (request, reply) => listPage(request, reply));

  app.post(paths.admin.tokens.pattern, signedIn, async (request, reply) => {
    const viewer = requireViewer(request);
    const form = parseForm(tokenSchema, request.body, ['label', 'days']);
    if (!form.ok) return listPage(request, reply, form.values, form.errors);
    const r = await createOwnApiToken(db, viewer, form.data, now(), request.ip);
    if (!r.ok) return listPage(request, reply, form.values, { days: r.message });
    return sendAdminPage(request, reply, 'account', TokenCreatedPage, {
      token: r.token,
      id: r.id,
      label: form.data.label,
      expiresAt: r.expiresAt,
      tz: config.timeZone,
    });
  });

  app.get<On<typeof paths.admin.tokenRevoke>>(
    paths.admin.tokenRevoke.pattern,
    signedIn,
    async (request, reply) => {
      const viewer = requireViewer(request);
      const token = await visibleToken(db, viewer, idOf(request.params.tokenId));
      return sendAdminPage(request, reply, 'account', TokenRevokePage, {
        token,
        own: token.userId === viewer.id,
        tz: config.timeZone,
      });
    },
  );

  app.post<On<typeof paths.admin.tokenRevoke>>(
    paths.admin.tokenRevoke.pattern,
    signedIn,
    async (request, reply) => {
      const viewer = requireViewer(request);
      await revokeApiTokenAs(db, viewer, idOf(request.params.tokenId), now(), request.ip);
      return reply.redirect(paths.admin.tokens(undefined, { revoked: '1' }), 303);
    },
  );
}
