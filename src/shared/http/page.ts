import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { type AuthedUser, can } from '../../accounts/auth.ts';
import { paths } from '../paths.ts';
import type { AdminContext, NavItem, Viewer } from '../ui/layout.tsx';
import { renderContextOf, renderDocument } from '../ui/render.ts';

export async function sendPage(reply: FastifyReply, node: JSX.Element | Promise<JSX.Element>, status = 200) {
  return sendHtml(reply, await renderDocument(node, renderContextOf(reply.request)), status);
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

/** Admin navigation entries the viewer may use; `current` marks the section. */
export function adminNav(viewer: AuthedUser | null, current: string): NavItem[] {
  if (!viewer) return [];
  const items = [
    { key: 'dashboard', href: paths.admin.dashboard(), label: '工作台', ok: true },
    { key: 'agencies', href: paths.admin.agencies(), label: '机构', ok: can(viewer, 'agencies.view') },
    {
      key: 'applications',
      href: paths.applications.queue(),
      label: '依申请公开',
      ok: can(viewer, 'applications.view'),
    },
    { key: 'catalogue', href: paths.catalogue.list(), label: '主动公开', ok: can(viewer, 'catalogue.view') },
    { key: 'reports', href: paths.reports.list(), label: '年度报告', ok: can(viewer, 'reports.view') },
    {
      key: 'assessment',
      href: paths.assessment.overview(),
      label: '政务公开体检',
      ok: can(viewer, 'assessment.view'),
    },
    { key: 'mail', href: paths.mail.outbox(), label: '发件箱', ok: can(viewer, 'applications.view') },
    { key: 'users', href: paths.admin.users(), label: '账号', ok: can(viewer, 'users.view') },
    { key: 'calendar', href: paths.calendar.list(), label: '节假日', ok: can(viewer, 'calendar.manage') },
    { key: 'audit', href: paths.admin.audit(), label: '审计日志', ok: can(viewer, 'audit.view') },
  ];
  return items.filter((i) => i.ok).map((i) => ({ href: i.href, label: i.label, current: i.key === current }));
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

export function clientIp(request: FastifyRequest): string {
  return request.ip;
}
