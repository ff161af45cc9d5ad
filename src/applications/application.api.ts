/**
 * JSON API `/api/v1` for hotlines (12345) and provincial platforms: per-user bearer tokens (only the SHA-256
 * is stored; `npx gongkai token create --user LOGIN` prints one), register applications, add events,
 * record outcomes, read cases with their computed deadlines. Routes declare `csrf: false` because they are
 * authenticated by the token, not by a cookie. OpenAPI 3.1 document at `/api/v1/openapi.json`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { ROLE_LABELS, scopeOf } from '../accounts/roles.ts';
import { findUserById, findUserByLogin } from '../accounts/user.repository.ts';
import type { Executor } from '../db/database.ts';
import { localDate } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, forbidden } from '../shared/http/errors.ts';
import { paths } from '../shared/paths.ts';
import {
  type Application,
  findApiToken,
  findSameApplicant,
  insertApiToken,
  listQueue,
  touchApiToken,
} from './application.repository.ts';
import {
  APPLICANT_FIELDS,
  APPLICANT_TYPES,
  CHANNELS,
  DELIVERY_METHODS,
  FORMS_WANTED,
  maskIdNumber,
  maskPhone,
  validateApplicant,
  validateReceipt,
} from './application.rules.ts';
import {
  ApplicationRefused,
  actorOf,
  appendEvent,
  applicationInScope,
  auditPersonalView,
  dueSoonUntil,
  isHandlingStaff,
  loadCase,
  registerApplication,
} from './application.service.ts';
import { FORM_EVENT_TYPES, isFormEventType, parseEventForm } from './event-forms.ts';
import { computePieceFee, computeVolumeFee } from './rules/fees.ts';
import type { Deadlines } from './rules/timeline.ts';

export const API_TOKEN_PREFIX = 'gk_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token for a user; returns the token (shown once) or a Chinese error. */
export async function createApiToken(
  db: Executor,
  login: string,
  label: string | null,
  now: string,
): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
  const user = await findUserByLogin(db, login);
  if (!user) return { ok: false, message: `没有登录名为“${login}”的账号。` };
  if (!user.active) return { ok: false, message: `账号“${login}”已停用。` };
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await insertApiToken(db, user.id, hashToken(token), label, now);
  return { ok: true, token };
}

class ApiError extends AppError {}

function bad(message: string, errors?: Record<string, string>): never {
  const e = new ApiError('bad_request', message);
  (e as unknown as { errors?: Record<string, string> }).errors = errors;
  throw e;
}

function deadlinesJson(d: Deadlines) {
  return {
    status: d.status,
    statusLabel: d.statusLabel,
    receiptDate: d.receiptDate,
    receiptRule: d.receiptRule,
    replyDue: d.replyDue,
    provisional: d.provisional,
    correctionDue: d.correctionDue,
    feeDue: d.feeDue,
    extendedBy: d.extendedBy,
    excludedWorkingDays: d.excludedWorkingDays,
    outcome: d.outcome,
    closedOn: d.closedOn,
    warnings: d.warnings,
    steps: d.steps,
  };
}

function applicantJson(a: Application, full: boolean) {
  const p = a.applicant;
  return {
    type: p.applicantType,
    name: p.applicantName,
    idDocType: p.idDocType,
    idDocNumber: full ? p.idDocNumber : maskIdNumber(p.idDocNumber) || null,
    creditCode: p.creditCode,
    phone: full ? p.phone : maskPhone(p.phone) || null,
    email: p.email,
    request: p.request,
    formWanted: p.formWanted,
    delivery: p.delivery,
  };
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return '';
}

export async function registerApplicationApi(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const today = () => localDate(clock.now(), config.timeZone);

  await app.register(async (api) => {
    // Bearer-token authentication for this scope; the global preHandler then checks each route's permission.
    api.addHook('onRequest', async (request: FastifyRequest) => {
      const h = request.headers.authorization;
      if (!h) return;
      const m = /^Bearer\s+(\S+)$/.exec(h);
      if (!m?.[1]) throw new AppError('unauthenticated', '授权头格式应为 “Authorization: Bearer 令牌”。');
      const t = await findApiToken(db, hashToken(m[1]));
      const user = t ? await findUserById(db, t.userId) : null;
      if (!t || !user?.active) throw new AppError('unauthenticated', '令牌无效、已撤销或账号已停用。');
      const now = clock.now().toISOString();
      if (!t.lastUsedAt || Date.parse(now) - Date.parse(t.lastUsedAt) > 5 * 60_000)
        await touchApiToken(db, t.id, now);
      request.viewer = {
        id: user.id,
        login: user.login,
        displayName: user.displayName,
        role: user.role,
        roleLabel: ROLE_LABELS[user.role],
        agencyId: user.agencyId,
        agencyName: user.agencyName,
        agencyPath: user.agencyPath,
        scope: scopeOf({ role: user.role, agencyId: user.agencyId, agencyPath: user.agencyPath }),
        sessionIdHash: '',
      };
    });

    api.setErrorHandler(async (error: Error & { statusCode?: number }, _request, reply: FastifyReply) => {
      const status =
        error instanceof AppError
          ? error.status
          : error.statusCode && error.statusCode < 500
            ? error.statusCode
            : 500;
      const message =
        error instanceof AppError
          ? error.message
          : status === 400
            ? '请求体不是有效的 JSON。'
            : status === 429
              ? error.message
              : '系统出现问题。';
      const errors = (error as { errors?: Record<string, string> }).errors;
      return reply.code(status).send({ error: { status, message, ...(errors ? { fields: errors } : {}) } });
    });

    api.get(paths.applications.apiOpenApi.pattern, { config: { access: 'public' } }, async () =>
      openApiDocument(),
    );

    api.get(
      paths.applications.apiApplications.pattern,
      { config: { access: 'applications.view', csrf: false } },
      async (request) => {
        const viewer = requireViewer(request);
        const q = request.query as Record<string, string | undefined>;
        const cal = await deps.calendar.get(db);
        const t = today();
        const limit = Math.min(500, Math.max(1, Number(q.limit) || 100));
        const offset = Math.max(0, Number(q.offset) || 0);
        const { rows, total } = await listQueue(db, {
          scope: viewer.scope,
          status: q.status ?? 'open',
          overdue: q.overdue === '1' || q.overdue === 'true',
          dueSoon: q.dueSoon === '1' || q.dueSoon === 'true',
          q: '',
          today: t,
          dueSoonUntil: dueSoonUntil(cal, t),
          limit,
          offset,
        });
        return {
          total,
          items: rows.map((r) => ({
            id: r.id,
            serial: r.serial,
            agency: r.agencyName,
            applicantType: r.applicantType,
            receivedOn: r.receivedOn,
            replyDue: r.replyDue,
            provisional: r.provisional,
            status: r.status,
            outcome: r.outcome,
            closedOn: r.closedOn,
            repeatOf: r.repeatOfId,
          })),
        };
      },
    );

    api.post(
      paths.applications.apiApplications.pattern,
      { config: { access: 'applications.handle', csrf: false } },
      async (request, reply) => {
        const viewer = requireViewer(request);
        if (viewer.scope.kind !== 'agency') throw forbidden('请使用办理机关经办人或审核人的令牌登记申请。');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const applicant = (body.applicant ?? {}) as Record<string, unknown>;
        const values: Record<string, string> = {};
        for (const f of APPLICANT_FIELDS) values[f] = str(applicant[f]);
        for (const f of ['channel', 'submittedOn', 'signedOn', 'confirmedOn']) values[f] = str(body[f]);
        const t = today();
        const receipt = validateReceipt(values, t);
        const a = validateApplicant(values, t);
        if (!receipt.ok || !a.ok)
          bad('申请内容有误。', { ...(receipt.ok ? {} : receipt.errors), ...(a.ok ? {} : a.errors) });
        const cal = await deps.calendar.get(db);
        try {
          const r = await registerApplication(
            db,
            cal,
            { agencyId: viewer.scope.agencyId, source: 'api', applicant: a.data, receipt: receipt.data },
            actorOf(viewer, request.ip),
            clock.now().toISOString(),
            t,
            { publicBaseUrl: config.publicBaseUrl },
          );
          return reply.code(201).send({
            id: r.id,
            serial: r.serial,
            lookupCode: r.lookupCode,
            repeatOf: r.repeatOfId,
            deadlines: deadlinesJson(r.deadlines),
          });
        } catch (err) {
          if (err instanceof ApplicationRefused) bad(err.message);
          throw err;
        }
      },
    );

    api.get(
      paths.applications.apiApplication.pattern,
      { config: { access: 'applications.view', csrf: false } },
      async (request) => {
        const viewer = requireViewer(request);
        const id = Number((request.params as Record<string, string>).applicationId);
        const a = await applicationInScope(db, viewer, id);
        const cal = await deps.calendar.get(db);
        const c = await loadCase(db, cal, a);
        const full =
          (request.query as Record<string, string | undefined>).personal === '1' &&
          isHandlingStaff(viewer, a);
        if (full) await auditPersonalView(db, a, actorOf(viewer, request.ip), clock.now().toISOString());
        return {
          id: a.id,
          serial: a.serial,
          agency: a.agencyName,
          channel: a.channel,
          source: a.source,
          applicant: applicantJson(a, full),
          repeatOf: a.repeatOfId,
          events: c.events.map((e) => ({ seq: e.seq, ...e.event, note: e.note, recordedAt: e.createdAt })),
          deadlines: deadlinesJson(c.deadlines),
        };
      },
    );

    api.post(
      paths.applications.apiEvents.pattern,
      { config: { access: 'applications.handle', csrf: false } },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const id = Number((request.params as Record<string, string>).applicationId);
        const a = await applicationInScope(db, viewer, id);
        if (!isHandlingStaff(viewer, a)) throw forbidden('只有办理机关的工作人员可以办理该申请。');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const type = str(body.type);
        if (!isFormEventType(type)) bad(`事项类型“${type}”无效，可用：${FORM_EVENT_TYPES.join(', ')}`);
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(body)) values[k] = str(v);
        if (body.agency !== undefined) values.party = str(body.agency);
        for (const k of ['onTheSpot', 'consents', 'reasonable'])
          if (values[k] === undefined) values[k] = 'no';
        const cal = await deps.calendar.get(db);
        const c = await loadCase(db, cal, a);
        const pending = c.deadlines.consultations.filter((x) => x.repliedOn === null).map((x) => x.party);
        const parsed = parseEventForm(type, values, Number(today().slice(0, 4)), pending);
        if (!parsed.ok) bad('事项内容有误。', parsed.errors);
        let { event, note } = parsed.data;
        if (event.type === 'feeNoticeSent' && parsed.data.fee) {
          const f = parsed.data.fee;
          const fee =
            f.method === 'per_volume'
              ? computeVolumeFee(f.pages)
              : computePieceFee(
                  { ref: a.serial, receivedOn: c.deadlines.receiptDate ?? a.submittedOn, pieces: f.pieces },
                  (await findSameApplicant(db, a.agencyId, a.applicant, a.id))
                    .filter((o) => o.receivedOn)
                    .map((o) => ({ ref: o.serial, receivedOn: o.receivedOn as string, pieces: 1 })),
                );
          if (fee.amount <= 0) bad('按此计算信息处理费为 0 元，无需发出收费通知。');
          event = { ...event, amount: fee.amount };
          note = [fee.lines.map((l) => l.text).join('\n'), note].filter(Boolean).join('\n');
        }
        try {
          const d = await appendEvent(
            db,
            cal,
            a,
            event,
            note,
            actorOf(viewer, request.ip),
            clock.now().toISOString(),
            today(),
            { publicBaseUrl: config.publicBaseUrl },
          );
          return reply.code(201).send({ id: a.id, serial: a.serial, event, deadlines: deadlinesJson(d) });
        } catch (err) {
          if (err instanceof ApplicationRefused) {
            const e = new ApiError('conflict', err.message);
            throw e;
          }
          throw err;
        }
      },
    );
  });
}

/** The OpenAPI 3.1 description of `/api/v1`. */
export function openApiDocument() {
  const date = { type: 'string', format: 'date', example: '2026-11-25' };
  const error = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          status: { type: 'integer' },
          message: { type: 'string' },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gongkai 依申请公开 API',
      version: '1.0.0',
      description:
        '政府信息公开申请的登记、办理事项与办理结果；期限按含调休的法定工作日计算。令牌：npx gongkai token create --user 登录名。错误信息为中文。',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: error,
        Applicant: {
          type: 'object',
          required: ['applicantType', 'applicantName', 'phone', 'request', 'formWanted', 'delivery'],
          properties: {
            applicantType: { enum: [...APPLICANT_TYPES] },
            applicantName: { type: 'string' },
            idDocType: { enum: ['resident_id', 'other'] },
            idDocName: { type: 'string' },
            idDocNumber: { type: 'string', description: '居民身份证号码按 GB 11643 校验' },
            creditCode: {
              type: 'string',
              description: '统一社会信用代码（GB 32100 校验），法人或其他组织必填',
            },
            contactPerson: { type: 'string' },
            phone: { type: 'string' },
            email: { type: 'string' },
            address: { type: 'string' },
            postcode: { type: 'string' },
            request: { type: 'string' },
            purpose: { type: 'string' },
            formWanted: { enum: [...FORMS_WANTED] },
            delivery: { enum: [...DELIVERY_METHODS] },
          },
        },
        NewApplication: {
          type: 'object',
          required: ['channel', 'submittedOn', 'applicant'],
          properties: {
            channel: { enum: CHANNELS.filter((c) => c !== 'online') },
            submittedOn: date,
            signedOn: { ...date, description: '邮寄需签收的：签收日期（第三十一条第（二）项）' },
            confirmedOn: { ...date, description: '平常信函、传真、电子邮件：确认日期' },
            applicant: { $ref: '#/components/schemas/Applicant' },
          },
        },
        NewEvent: {
          type: 'object',
          required: ['type', 'on'],
          properties: {
            type: { enum: [...FORM_EVENT_TYPES] },
            on: date,
            dueOn: date,
            party: { type: 'string', description: '第三方或被征求意见机关' },
            deliveredOn: date,
            consents: { type: 'boolean' },
            workingDays: { type: 'integer', minimum: 1, maximum: 20 },
            approvedBy: { type: 'string' },
            method: { enum: ['per_piece', 'per_volume'] },
            pieces: { type: 'integer' },
            pages: { type: 'integer' },
            reasonable: { type: 'boolean' },
            delayedReplyDue: date,
            outcome: {
              type: 'string',
              description: '年度报告的行，例如 granted、denied.thirdParty、unable.notHeld',
            },
            basis: { type: 'string' },
            onTheSpot: { type: 'boolean' },
            note: { type: 'string' },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/applications': {
        get: {
          summary: '列出可见范围内的申请（按答复期限排序）',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', default: 'open' } },
            { name: 'overdue', in: 'query', schema: { type: 'boolean' } },
            { name: 'dueSoon', in: 'query', schema: { type: 'boolean' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 500 } },
            { name: 'offset', in: 'query', schema: { type: 'integer' } },
          ],
          responses: {
            '200': { description: '申请列表' },
            '401': { description: '未授权', content: { 'application/json': { schema: error } } },
          },
        },
        post: {
          summary: '登记申请',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewApplication' } } },
          },
          responses: {
            '201': { description: '已登记：编号、查询码与期限' },
            '400': {
              description: '字段错误（fields 按字段给出中文说明）',
              content: { 'application/json': { schema: error } },
            },
          },
        },
      },
      '/api/v1/applications/{id}': {
        get: {
          summary:
            '读取申请：事项与计算出的全部期限（personal=1 时办理机关可取得完整个人信息，记入审计日志）',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'personal', in: 'query', schema: { enum: ['1'] } },
          ],
          responses: { '200': { description: '申请' }, '404': { description: '不存在或不在可见范围' } },
        },
      },
      '/api/v1/applications/{id}/events': {
        post: {
          summary: '登记办理事项（补正、征求意见、延期、收费、答复等）；答复时 outcome 为年度报告的行',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewEvent' } } },
          },
          responses: {
            '201': { description: '已登记，返回重新计算的期限' },
            '400': { description: '字段错误' },
            '409': { description: '与办理过程矛盾（例如已办结、日期早于收到申请之日），中文说明原因' },
          },
        },
      },
    },
  };
}
