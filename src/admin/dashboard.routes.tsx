import type { FastifyInstance } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import { listUsers } from '../accounts/user.repository.ts';
import { listAgencies } from '../agencies/agency.repository.ts';
import { applicationsPanel } from '../applications/dashboard-panel.tsx';
import { cataloguePanel } from '../catalogue/dashboard-panel.tsx';
import { mailPanel } from '../mail/dashboard-panel.tsx';
import { reportsPanel } from '../reports/dashboard-panel.tsx';
import { reviewPanel } from '../review/dashboard-panel.tsx';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { Notice } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';

export async function registerAdminRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  app.get(paths.admin.dashboard.pattern, { config: { access: 'dashboard.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const agencies = await listAgencies(db, viewer.scope);
    const users = can(viewer, 'users.view') ? await listUsers(db, viewer.scope) : [];
    const ctx = adminContext(request, reply, 'dashboard');
    const today = todayIn(deps.clock, deps.config.timeZone)();
    const scopeText =
      viewer.scope.kind === 'all'
        ? '全部机构'
        : viewer.scope.kind === 'subtree'
          ? `${viewer.agencyName} 及其下属机构`
          : (viewer.agencyName ?? '（未分配机构）');
    return sendPage(
      reply,
      <Page title="工作台" {...ctx}>
        <span class="gk-caption">
          {viewer.roleLabel} · 工作范围：{scopeText}
        </span>
        <h1>工作台</h1>
        {viewer.scope.kind === 'none' ? (
          <Notice tone="warning">您的账号尚未分配所属机构，请联系系统管理员。</Notice>
        ) : null}
        <div class="gk-cards">
          <div class="gk-card">
            <span class="gk-card__figure">{agencies.length}</span>
            <a href={paths.admin.agencies()}>{viewer.scope.kind === 'agency' ? '本机构' : '范围内的机构'}</a>
          </div>
          {can(viewer, 'users.view') ? (
            <div class="gk-card">
              <span class="gk-card__figure">{users.length}</span>
              <a href={paths.admin.users()}>账号</a>
            </div>
          ) : null}
        </div>
        <h2>待办事项</h2>
        <ul>
          {await reviewPanel(deps, viewer, today)}
          {await applicationsPanel(deps, viewer, today)}
          {await mailPanel(deps, viewer)}
          {await reportsPanel(deps, viewer, today)}
          {await cataloguePanel(deps, viewer, today)}
          {can(viewer, 'assessment.view') ? (
            <li>
              <a href={paths.assessment.overview()}>政务公开体检：查看本年度得分、否决项和优先整改事项</a>
            </li>
          ) : null}
        </ul>
        {viewer.agencyId ? (
          <p>
            <a href={paths.admin.agency({ agencyId: viewer.agencyId })}>查看和维护本机构信息与查阅场所</a>
          </p>
        ) : null}
      </Page>,
    );
  });
}
