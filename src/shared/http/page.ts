import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { type AuthedUser, can } from '../../accounts/auth.ts';
import type { Permission } from '../../accounts/roles.ts';
import { paths } from '../paths.ts';
import type { AdminContext, NavItem, Viewer } from '../ui/layout.tsx';
import { renderContextOf, renderDocument } from '../ui/render.ts';

export async function sendPage(reply: FastifyReply, node: JSX.Element | Promise<JSX.Element>, status = 200) {
  // The token is for the layout's own form (the 长者模式 switch).
  return sendHtml(
    reply,
    await renderDocument(node, renderContextOf(reply.request, reply.generateCsrf())),
    status,
  );
}

/** Sends an already rendered document (see `renderDocument`). */
export function sendHtml(reply: FastifyReply, html: string, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function toViewer(u: AuthedUser | null): Viewer | null {
  return u
    ? { login: u.login, displayName: u.displayName, roleLabel: u.roleLabel, agencyName: u.agencyName }
    : null;
}

/** The admin navigation: section key, link, label, and the permission it needs (null: every user). */
const ADMIN_NAV: readonly (readonly [string, () => string, string, Permission | null])[] = [
  ['dashboard', () => paths.admin.dashboard(), '工作台', null],
  ['review', () => paths.review.queue(), '待我审核', 'applications.approve'],
  ['agencies', () => paths.admin.agencies(), '机构', 'agencies.view'],
  ['applications', () => paths.applications.queue(), '依申请公开', 'applications.view'],
  ['catalogue', () => paths.catalogue.list(), '主动公开', 'catalogue.view'],
  ['reports', () => paths.reports.list(), '年度报告', 'reports.view'],
  ['assessment', () => paths.assessment.overview(), '政务公开体检', 'assessment.view'],
  ['statistics', () => paths.statistics.supervision(), '统计图表', 'applications.view'],
  ['mail', () => paths.mail.outbox(), '发件箱', 'applications.view'],
  ['users', () => paths.admin.users(), '账号', 'users.view'],
  ['calendar', () => paths.calendar.list(), '节假日', 'calendar.manage'],
  ['audit', () => paths.admin.audit(), '审计日志', 'audit.view'],
  ['jobs', () => paths.worker.jobs(), '后台任务', 'jobs.view'],
];

/** Admin navigation entries the viewer may use; `current` marks the section. */
export function adminNav(viewer: AuthedUser | null, current: string): NavItem[] {
  if (!viewer) return [];
  return ADMIN_NAV.filter(([, , , permission]) => permission === null || can(viewer, permission)).map(
    ([key, href, label]) => ({ href: href(), label, current: key === current }),
  );
}

/** Everything an admin page needs from the request: viewer, CSRF token, navigation. */
export function adminContext(request: FastifyRequest, reply: FastifyReply, section: string): AdminContext {
  return {
    viewer: toViewer(request.viewer),
    csrf: reply.generateCsrf(),
    adminNav: adminNav(request.viewer, section),
    area: 'admin' as const,
  };
}

/**
 * Renders a back-office page component with the admin context of `section` (viewer, CSRF token,
 * navigation) as its `ctx`; `status` 400 when it shows a form again with its errors.
 *
 * @example return sendAdminPage(request, reply, 'agencies', AgencyListPage, { agencies, q, canCreate });
 */
export function sendAdminPage<P extends { ctx: AdminContext }>(
  request: FastifyRequest,
  reply: FastifyReply,
  section: string,
  Component: (props: P) => JSX.Element,
  props: Omit<P, 'ctx'>,
  status = 200,
) {
  const ctx = adminContext(request, reply, section);
  return sendPage(reply, Component({ ...props, ctx } as P), status);
}

/** 400 for a form shown again with its errors, else 200. */
export function formStatus(errors: object | undefined): 200 | 400 {
  return errors && Object.keys(errors).length > 0 ? 400 : 200;
}

/**
 * The confirmation shown after a redirect, from the query flag set by the action (`?saved=1`): the
 * message of the first flag present, else undefined.
 *
 * @example noticeFrom(request, { created: '机构已创建。', saved: '修改已保存。' })
 */
export function noticeFrom(
  request: FastifyRequest,
  messages: Readonly<Record<string, string>>,
): string | undefined {
  const q = (request.query ?? {}) as Record<string, unknown>;
  for (const [flag, message] of Object.entries(messages)) if (q[flag] === '1') return message;
  return undefined;
}

export function clientIp(request: FastifyRequest): string {
  return request.ip;
}
