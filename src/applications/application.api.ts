/**
 * JSON API `/api/v1` for hotlines (12345) and provincial platforms: per-user bearer tokens (only the SHA-256
 * is stored; `npx gongkai token create --user LOGIN` prints one), register applications, add events,
 * record outcomes, read cases with their computed deadlines. Routes declare `csrf: false` because they are
 * authenticated by the token, not by a cookie. OpenAPI 3.1 document at `/api/v1/openapi.json`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { registerBearerAuth } from '../accounts/bearer-auth.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { AppError } from '../shared/http/errors.ts';
import { parseForm } from '../shared/http/forms.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { REGISTER_FIELDS, registerSchema } from './application.forms.ts';
import type { Application } from './application.model.ts';
import { listQueue } from './application.repository.ts';
import {
  APPLICANT_FIELDS,
  APPLICANT_TYPES,
  CHANNELS,
  DELIVERY_METHODS,
  FORMS_WANTED,
  maskIdNumber,
  maskPhone,
  RECEIPT_FIELDS,
} from './application.rules.ts';
import {
  ApplicationRefused,
  applicationInScope,
  dueSoonUntil,
  isHandlingStaff,
  loadCase,
  recordEvent,
  registerApplication,
  viewPersonal,
} from './application.service.ts';
import { FORM_EVENT_TYPES, isFormEventType } from './event-forms.ts';
import { routeKit } from './route-kit.ts';
import { ART33_EXTENSION_MAX_WORKING_DAYS } from './rules/statute.ts';
import type { Deadlines } from './rules/timeline.ts';

/** Kept for `npx gongkai token create` (src/cli/commands.ts); tokens belong to accounts. */

/** The largest offset the list accepts: far beyond any agency's cases, well inside every database's integers. */
export const MAX_LIST_OFFSET = 1_000_000;

const flag = z
  .enum(['1', '0', 'true', 'false'], { message: '应为 true、false、1 或 0' })
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** The query of GET /api/v1/applications: every parameter checked (400 with the field's message). */
const listQuerySchema = z.object({
  limit: z.coerce
    .number({ message: 'limit 应为整数' })
    .int('limit 应为整数')
    .min(1, 'limit 至少为 1')
    .max(500, 'limit 最多为 500')
    .default(100),
  offset: z.coerce
    .number({ message: 'offset 应为整数' })
    .int('offset 应为整数')
    .min(0, 'offset 不能为负数')
    .max(MAX_LIST_OFFSET, `offset 最多为 ${MAX_LIST_OFFSET}`)
    .default(0),
  status: z
    .string()
    .max(40, 'status 过长')
    .regex(/^[a-z_]*$/, 'status 只能是 open、closed、all 或某个办理状态')
    .default('open'),
  overdue: flag,
  dueSoon: flag,
});

/** An API error, with the field messages of a refused body. */
function apiError(
  code: 'bad_request' | 'conflict',
  message: string,
  errors?: Readonly<Record<string, string>>,
): AppError {
  return Object.assign(new AppError(code, message), errors ? { errors } : {});
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
  const { db, config } = deps;
  const kit = routeKit(deps);

  await app.register(async (api) => {
    registerBearerAuth(api, deps);

    api.setErrorHandler(async (error: Error & { statusCode?: number }, _request, reply: FastifyReply) => {
      if (error instanceof FormError) error = apiError('bad_request', '内容有误。', error.errors);
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
        const by = kit.acting(request);
        const parsed = listQuerySchema.safeParse(request.query ?? {});
        if (!parsed.success) {
          const fields: Record<string, string> = {};
          for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'query')] ??= issue.message;
          throw apiError('bad_request', '查询参数有误。', fields);
        }
        const q = parsed.data;
        const cal = await deps.calendar.get(db);
        const { limit, offset } = q;
        const { rows, total } = await listQueue(db, {
          scope: by.viewer.scope,
          status: q.status,
          overdue: q.overdue,
          dueSoon: q.dueSoon,
          q: '',
          today: by.today,
          dueSoonUntil: dueSoonUntil(cal, by.today),
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
        const by = kit.acting(request);
        if (by.viewer.scope.kind !== 'agency')
          throw new AppError('forbidden', '请使用办理机关经办人或审核人的令牌登记申请。');
        const agencyId = by.viewer.scope.agencyId;
        const body = (request.body ?? {}) as Record<string, unknown>;
        const applicant = (body.applicant ?? {}) as Record<string, unknown>;
        const values: Record<string, string> = {};
        for (const f of APPLICANT_FIELDS) values[f] = str(applicant[f]);
        for (const f of RECEIPT_FIELDS) values[f] = str(body[f]);
        const form = parseForm(registerSchema(by.today), values, REGISTER_FIELDS);
        if (!form.ok) throw apiError('bad_request', '申请内容有误。', form.errors);
        const cal = await deps.calendar.get(db);
        try {
          const r = await registerApplication(
            db,
            cal,
            { agencyId, source: 'api', ...form.data },
            by.actor,
            by.now,
            by.today,
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
          if (err instanceof ApplicationRefused) throw apiError('bad_request', err.message);
          throw err;
        }
      },
    );

    api.get<{ Params: RouteParams<typeof paths.applications.apiApplication> }>(
      paths.applications.apiApplication.pattern,
      { config: { access: 'applications.view', csrf: false } },
      async (request) => {
        const by = kit.acting(request);
        const a = await applicationInScope(db, by.viewer, idOf(request.params.applicationId));
        const cal = await deps.calendar.get(db);
        const c = await loadCase(db, cal, a);
        const full =
          (request.query as Record<string, string | undefined>).personal === '1' &&
          isHandlingStaff(by.viewer, a);
        if (full) await viewPersonal(db, by, a);
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

    api.post<{ Params: RouteParams<typeof paths.applications.apiEvents> }>(
      paths.applications.apiEvents.pattern,
      { config: { access: 'applications.handle', csrf: false } },
      async (request, reply) => {
        const by = kit.acting(request);
        const a = await applicationInScope(db, by.viewer, idOf(request.params.applicationId));
        const body = (request.body ?? {}) as Record<string, unknown>;
        const type = str(body.type);
        if (!isFormEventType(type))
          throw apiError('bad_request', `事项类型“${type}”无效，可用：${FORM_EVENT_TYPES.join(', ')}`);
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(body)) values[k] = str(v);
        if (body.agency !== undefined) values.party = str(body.agency);
        for (const k of ['onTheSpot', 'consents', 'reasonable']) values[k] ??= 'no';
        try {
          const { event, deadlines } = await recordEvent(deps, by, a, type, values);
          return reply
            .code(201)
            .send({ id: a.id, serial: a.serial, event, deadlines: deadlinesJson(deadlines) });
        } catch (err) {
          if (err instanceof FormError) throw apiError('bad_request', '事项内容有误。', err.errors);
          if (err instanceof ApplicationRefused) throw apiError('conflict', err.message);
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
            workingDays: { type: 'integer', minimum: 1, maximum: ART33_EXTENSION_MAX_WORKING_DAYS },
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
