import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerAccountRoutes } from './accounts/account.routes.tsx';
import { registerAuth, SESSION_COOKIE } from './accounts/auth.ts';
import { registerUserRoutes } from './accounts/user.routes.tsx';
import { registerAdminRoutes } from './admin/dashboard.routes.tsx';
import { registerAgencyRoutes } from './agencies/agency.routes.tsx';
import { registerApplicationRoutes } from './applications/application.routes.tsx';
import { registerAssessmentRoutes } from './assessment/assessment.routes.tsx';
import { registerAuditRoutes } from './audit/audit.routes.tsx';
import { registerCalendarRoutes } from './calendar/calendar.routes.tsx';
import { registerCatalogueRoutes } from './catalogue/catalogue.routes.tsx';
import type { Config } from './config.ts';
import { isUniqueViolation } from './db/errors.ts';
import { registerLitigationRoutes } from './litigation/litigation.routes.tsx';
import { registerMailRoutes } from './mail/mail.routes.tsx';
import { registerPortalRoutes } from './portal/portal.routes.tsx';
import { registerReportRoutes } from './reports/report.routes.tsx';
import { registerReviewRoutes } from './review/review.routes.tsx';
import type { Deps } from './shared/deps.ts';
import { AppError } from './shared/http/errors.ts';
import { registerHealthRoutes } from './shared/http/health.routes.ts';
import { requestLogFields } from './shared/http/log-fields.ts';
import { sendPage } from './shared/http/page.ts';
import { databaseRateLimitStore, redisRateLimitStore } from './shared/http/rate-limit-store.ts';
import { parseRedisUrl, RedisConnection } from './shared/http/redis-counter.ts';
import { requestIdOf } from './shared/http/request-id.ts';
import { isMalformedUpload } from './shared/http/uploads.ts';
import { paths } from './shared/paths.ts';
import { closePdfBrowser } from './shared/pdf.ts';
import { ErrorPage } from './shared/ui/error-pages.tsx';
import { registerStatisticsRoutes } from './statistics/statistics.routes.tsx';
import { registerWorkerRoutes } from './worker/jobs.routes.tsx';
import { registerMetrics } from './worker/metrics.plugin.ts';
import { registerEmbeddedWorker } from './worker/worker.plugin.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/**
 * The headers @fastify/helmet sets with our options, computed once. The plugin itself rebuilds the
 * whole helmet middleware (and re-parses the CSP) on every request, which was the largest single
 * cost of a request (decision 005); the headers do not depend on the request.
 */
async function helmetHeaders(config: Config): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.env === 'production' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.env === 'production',
    crossOriginEmbedderPolicy: false,
  });
  probe.get('/', async () => '');
  const res = await probe.inject({ url: '/' });
  await probe.close();
  const skip = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (!skip.has(name) && value !== undefined) headers[name] = String(value);
  }
  if (!headers['content-security-policy']) throw new Error('helmet set no Content-Security-Policy');
  return headers;
}

/** Builds the application without listening. */
export async function createApp(deps: Deps): Promise<FastifyInstance> {
  const { config } = deps;
  if (!config.sessionSecret)
    throw new Error('createApp: no cookie-signing secret (startUp makes one when none is set)');
  const trustProxy = config.env === 'production';
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
            // Query strings carry personal data (an ID number searched for): log the path only.
            serializers: { req: requestLogFields },
          },
    trustProxy,
    // Every log line of a request carries its id (reqId); a trusted proxy's X-Request-Id is kept.
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers, trustProxy),
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // While closing (SIGTERM), a request already on an open keep-alive connection is served, not refused
    // with 503: the database stays open until every request has finished (decision 012).
    return503OnClosing: false,
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const metrics = registerMetrics(app, deps);
  const securityHeaders = await helmetHeaders(config);
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  // Security headers (CSP without inline scripts or styles, etc.) are the same on every response.
  const lifecycle = deps.lifecycle;
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    // Shutting down: each response closes its connection, so proxies stop reusing them (decision 012).
    if (lifecycle?.shuttingDown) reply.header('connection', 'close');
    done();
  });
  // CSRF tokens are bound to the login session (its cookie's value; 'anonymous' before login): a token an attacker
  // got with their own cookies does not pass with the victim's session, even with a planted gk_csrf cookie.
  const sessionOf = (request: FastifyRequest) => {
    const session = request.cookies[SESSION_COOKIE];
    return session ? `session:${session}` : 'anonymous';
  };
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    getUserInfo: sessionOf,
    csrfOpts: { hmacKey: config.sessionSecret },
    cookieKey: 'gk_csrf',
    cookieOpts: {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      signed: true,
      secure: config.env === 'production',
    },
  });
  // One CSRF token per response, bound to the login session: on a first visit (no secret cookie yet)
  // every generateCsrf() would make a new secret, and the last Set-Cookie would void the tokens already
  // put in the page (the layout's 长者模式 form takes one beside the page's own forms).
  app.addHook('onRequest', (request, reply, done) => {
    const generate = reply.generateCsrf;
    let token: string | undefined;
    reply.generateCsrf = function once(this: typeof reply, opts?: Parameters<typeof generate>[0]) {
      token ??= generate.call(this, { ...opts, userInfo: sessionOf(request) });
      return token;
    };
    done();
  });
  // Counters shared by every app server (decision 012): in Redis when REDIS_URL is set, else in the
  // database on PostgreSQL, else (SQLite, one process) in memory. A failing count lets the request through.
  const redisTarget = config.redisUrl ? parseRedisUrl(config.redisUrl) : null;
  const redis = redisTarget && typeof redisTarget !== 'string' ? new RedisConnection(redisTarget) : null;
  if (redis) app.addHook('onClose', async () => redis.close());
  const sharedStore = redis
    ? redisRateLimitStore(redis)
    : deps.dialect === 'postgres'
      ? databaseRateLimitStore(deps.db)
      : null;
  await app.register(fastifyRateLimit, {
    ...(sharedStore ? { store: sharedStore, skipOnError: true } : {}),
    global: true,
    max: config.requestsPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `请求过于频繁，请在 ${Math.ceil(ctx.ttl / 1000)} 秒后重试。`,
    }),
  });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    maxAge: config.env === 'production' ? '1h' : 0,
    index: false,
  });

  registerAuth(app, deps);
  app.addHook('onClose', async () => closePdfBrowser());

  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    const area = request.url.startsWith('/admin') ? 'admin' : 'portal';
    let status = 500;
    let title = '系统出现问题';
    let message = '很抱歉，系统暂时无法处理您的请求。';
    if (error instanceof AppError) {
      status = error.status;
      message = error.message;
      title =
        status === 404
          ? '页面不存在'
          : status === 403
            ? '无权访问'
            : status === 401
              ? '请先登录'
              : status === 409
                ? '操作冲突'
                : '请求有误';
    } else if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      status = 403;
      title = '表单已过期';
      message = '为保护您的账号安全，该表单已失效。请返回上一页，刷新后重新提交。';
    } else if (error.statusCode === 429) {
      status = 429;
      title = '请求过于频繁';
      message = error.message;
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      title = '提交的内容过大';
      message = '提交的内容超过了大小限制，请删减后重试。';
    } else if (isUniqueViolation(error)) {
      // Two requests wrote the same unique value at once and the other one won: nothing of this one
      // was kept (its transaction rolled back). Said as a conflict the user can retry, not as a fault.
      status = 409;
      title = '操作冲突';
      message = '其他人刚刚同时提交了相同的内容，您的这次提交没有保存。请刷新页面查看最新情况后再试。';
    } else if (isMalformedUpload(error)) {
      status = 400;
      title = '上传的数据不完整';
      message = '上传的数据不完整或格式有误（可能是网络中断）。请返回上一页，重新选择文件后提交。';
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      title = '请求有误';
      message = '请求的格式不正确，请返回后重试。';
    }
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (request.url.startsWith('/api/')) {
      return reply.code(status).send({ error: { status, title, message } });
    }
    if (status === 401) return reply.redirect(paths.admin.login(undefined, { next: request.url }), 303);
    return sendPage(reply, <ErrorPage status={status} title={title} message={message} area={area} />, status);
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { status: 404, title: '不存在', message: '没有这个接口。' } });
    }
    const area = request.url.startsWith('/admin') ? 'admin' : 'portal';
    return sendPage(
      reply,
      <ErrorPage status={404} title="页面不存在" message="没有找到您要访问的页面。" area={area} />,
      404,
    );
  });

  registerHealthRoutes(app, deps);

  // The routes of each capability, in this order (the portal's fixed paths before the back office's).
  const capabilities = [
    registerPortalRoutes,
    registerAccountRoutes,
    registerAdminRoutes,
    registerAgencyRoutes,
    registerUserRoutes,
    registerAuditRoutes,
    registerCalendarRoutes,
    registerApplicationRoutes,
    registerReportRoutes,
    registerLitigationRoutes,
    registerCatalogueRoutes,
    registerAssessmentRoutes,
    registerStatisticsRoutes,
    registerMailRoutes,
    registerReviewRoutes,
    registerWorkerRoutes,
  ];
  for (const register of capabilities) await register(app, deps);
  registerEmbeddedWorker(app, deps, metrics);

  return app;
}
