import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../audit/audit.repository.ts';
import { formatDateTime } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { parseForm } from '../shared/http/forms.ts';
import { adminContext, noticeFrom, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  Notice,
  PostForm,
  TextInput,
} from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { revokeApiTokensOfUser } from './api-token.repository.ts';
import { registerApiTokenRoutes } from './api-token.routes.tsx';
import { endSession, requireViewer, SESSION_COOKIE } from './auth.ts';
import { clearThrottle, findThrottle, saveThrottle, throttleKey } from './login-throttle.repository.ts';
import { afterFailure, blockedUntil } from './login-throttle.rules.ts';
import { checkNewPassword, dummyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { createSession, deleteSessionsOfUser, newSessionToken } from './session.repository.ts';
import { findUserByLogin, recordFailedLogin, recordSuccessfulLogin, setPassword } from './user.repository.ts';

/** Login attempts one client address may make per minute (the same in tests as in production). */
export const LOGIN_ATTEMPTS_PER_MINUTE = 20;

const loginSchema = z.object({
  login: z.string().trim().min(1, '请输入用户名').max(64, '用户名不能超过 64 个字符'),
  password: z.string().min(1, '请输入密码').max(200, '密码不能超过 200 个字符'),
});

/** Only same-site admin paths are allowed after login, never an absolute URL. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return paths.admin.dashboard();
  if (!next.startsWith('/admin') || next.startsWith('//') || next.includes('\\'))
    return paths.admin.dashboard();
  if (next.startsWith(paths.admin.login()) || next.startsWith(paths.admin.logout()))
    return paths.admin.dashboard();
  return next;
}

function LoginPage(props: {
  csrf: string;
  values: Record<string, string>;
  errors?: FieldErrors;
  next: string;
  notice?: string;
}) {
  const f = fieldBinder(props.values, props.errors);
  return (
    <Page
      title="工作人员登录"
      area="admin"
      hasErrors={Boolean(props.errors && Object.keys(props.errors).length)}
    >
      <div class="gk-narrow">
        <ErrorSummary errors={props.errors} />
        {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
        <h1>工作人员登录</h1>
        <p>
          本后台供政府信息公开工作机构的经办人、审核人和主管人员使用。公众请访问
          <a href={paths.portal.home()}>政府信息公开平台</a>。
        </p>
        <PostForm action={paths.admin.login(undefined, { next: props.next })} csrf={props.csrf}>
          <TextInput {...f('login')} label="用户名" autocomplete="username" spellcheck={false} width="half" />
          <TextInput
            {...f('password')}
            value=""
            label="密码"
            type="password"
            autocomplete="current-password"
            width="half"
          />
          <Button>登录</Button>
        </PostForm>
      </div>
    </Page>
  );
}

const PASSWORD_FIELDS = [
  { name: 'current', label: '当前密码', autocomplete: 'current-password', hint: undefined },
  {
    name: 'password',
    label: '新密码',
    autocomplete: 'new-password',
    hint: '至少 12 个字符，可以是几个词组成的短句；不能包含用户名，不能是常见密码或只有数字',
  },
  { name: 'confirm', label: '再次输入新密码', autocomplete: 'new-password', hint: undefined },
] as const;

function PasswordPage(props: { ctx: ReturnType<typeof adminContext>; errors?: FieldErrors; done?: boolean }) {
  const hasErrors = Boolean(props.errors && Object.keys(props.errors).length);
  return (
    <Page title="修改密码" {...props.ctx} hasErrors={hasErrors}>
      <ErrorSummary errors={props.errors} />
      {props.done ? <Notice tone="success">密码已修改。其他设备上的登录已全部退出。</Notice> : null}
      <h1>修改密码</h1>
      <PostForm action={paths.admin.password()} csrf={props.ctx.csrf}>
        {PASSWORD_FIELDS.map((f) => (
          <TextInput
            name={f.name}
            label={f.label}
            type="password"
            hint={f.hint}
            error={props.errors?.[f.name]}
            autocomplete={f.autocomplete}
            width="half"
          />
        ))}
        <Button>修改密码</Button>
      </PostForm>
    </Page>
  );
}

export async function registerAccountRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;

  app.get(paths.admin.login.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (request.viewer) return reply.redirect(next, 303);
    const notice = noticeFrom(request, { out: '您已安全退出。' });
    return sendPage(reply, <LoginPage csrf={reply.generateCsrf()} values={{}} next={next} notice={notice} />);
  });

  app.post(
    paths.admin.login.pattern,
    {
      config: {
        access: 'public',
        rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const next = safeNext((request.query as Record<string, unknown>).next);
      const form = parseForm(loginSchema, request.body, ['login', 'password']);
      const again = (errors: FieldErrors, status = 400) =>
        sendPage(
          reply,
          <LoginPage
            csrf={reply.generateCsrf()}
            values={{ login: form.values.login ?? '' }}
            errors={errors}
            next={next}
          />,
          status,
        );
      if (!form.ok) return again(form.errors);
      const now = clock.now();
      const nowIso = now.toISOString();
      const pair = throttleKey(form.data.login, request.ip);
      // Held back: this address guessed this login name too often — said alike for names that exist
      // and names that do not, and only to this address (the owner signs in from their own).
      const throttle = await findThrottle(db, pair);
      const held = blockedUntil(throttle, now);
      if (held) {
        return again(
          {
            login: `在本设备上多次输入了错误的密码，请于 ${formatDateTime(held, config.timeZone)} 后重试。忘记密码请联系系统管理员。`,
          },
          429,
        );
      }
      const user = await findUserByLogin(db, form.data.login);
      const actor = { userId: user?.id ?? null, login: form.data.login, ip: request.ip };
      const ok = user
        ? await verifyPassword(form.data.password, user.passwordHash)
        : await verifyPassword(form.data.password, await dummyPasswordHash());
      if (!user || !ok || !user.active) {
        const state = afterFailure(throttle, now, {
          maxFailures: config.loginMaxAttempts,
          windowMinutes: config.loginLockMinutes,
        });
        await db.transaction().execute(async (trx) => {
          await saveThrottle(trx, pair, form.data.login, state);
          if (!user) return;
          const attempts = await recordFailedLogin(trx, user.id, null);
          await appendAudit(trx, {
            actor,
            at: nowIso,
            action: 'login_failed',
            entityType: 'user',
            entityId: user.id,
            agencyId: user.agencyId,
            summary: state.blockedUntil
              ? `登录失败（第 ${attempts} 次）；来自 ${request.ip} 的尝试暂停至 ${state.blockedUntil}`
              : `登录失败（第 ${attempts} 次）`,
          });
        });
        // A deactivated account is told so only with its right password.
        return again(
          { login: user && ok && !user.active ? '该账号已停用，请联系系统管理员' : '用户名或密码不正确' },
          401,
        );
      }
      if (throttle) await clearThrottle(db, pair);
      const token = newSessionToken();
      await db.transaction().execute(async (trx) => {
        await recordSuccessfulLogin(trx, user.id, nowIso);
        await createSession(trx, token, {
          userId: user.id,
          now: nowIso,
          expiresAt: new Date(now.getTime() + config.sessionTtlHours * 3_600_000).toISOString(),
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        await appendAudit(trx, {
          actor,
          at: nowIso,
          action: 'login',
          entityType: 'user',
          entityId: user.id,
          agencyId: user.agencyId,
          summary: '登录',
        });
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.env === 'production',
        maxAge: config.sessionTtlHours * 3600,
      });
      return reply.redirect(next, 303);
    },
  );

  app.post(paths.admin.logout.pattern, { config: { access: 'public' } }, async (request, reply) => {
    if (request.viewer) {
      const v = request.viewer;
      await appendAudit(db, {
        actor: { userId: v.id, login: v.login, ip: request.ip },
        at: clock.now().toISOString(),
        action: 'logout',
        entityType: 'user',
        entityId: v.id,
        agencyId: v.agencyId,
        summary: '退出登录',
      });
    }
    await endSession(db, request, reply);
    return reply.redirect(paths.admin.login(undefined, { out: '1' }), 303);
  });

  app.get(paths.admin.password.pattern, { config: { access: 'dashboard.view' } }, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done === '1';
    return sendPage(reply, <PasswordPage ctx={adminContext(request, reply, 'account')} done={done} />);
  });

  app.post(paths.admin.password.pattern, { config: { access: 'dashboard.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const schema = z
      .object({ current: z.string().min(1, '请输入当前密码'), password: z.string(), confirm: z.string() })
      .superRefine((v, ctx) => {
        const msg = checkNewPassword(v.password, viewer.login);
        if (msg) ctx.addIssue({ code: 'custom', path: ['password'], message: msg });
        else if (v.password !== v.confirm)
          ctx.addIssue({ code: 'custom', path: ['confirm'], message: '两次输入的新密码不一致' });
      });
    const form = parseForm(schema, request.body, ['current', 'password', 'confirm']);
    const ctx = adminContext(request, reply, 'account');
    if (!form.ok) return sendPage(reply, <PasswordPage ctx={ctx} errors={form.errors} />, 400);
    const user = await findUserByLogin(db, viewer.login);
    if (!user || !(await verifyPassword(form.data.current, user.passwordHash))) {
      return sendPage(reply, <PasswordPage ctx={ctx} errors={{ current: '当前密码不正确' }} />, 400);
    }
    const hash = await hashPassword(form.data.password);
    const nowIso = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await setPassword(trx, viewer.id, hash, nowIso);
      await deleteSessionsOfUser(trx, viewer.id, viewer.sessionIdHash ?? undefined);
      await revokeApiTokensOfUser(trx, viewer.id, nowIso);
      await appendAudit(trx, {
        actor: { userId: viewer.id, login: viewer.login, ip: request.ip },
        at: nowIso,
        action: 'password_changed',
        entityType: 'user',
        entityId: viewer.id,
        agencyId: viewer.agencyId,
        summary: '修改了自己的密码',
      });
    });
    return reply.redirect(paths.admin.password(undefined, { done: '1' }), 303);
  });

  await registerApiTokenRoutes(app, deps);
}
