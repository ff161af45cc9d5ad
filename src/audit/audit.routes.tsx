import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { listUsers } from '../accounts/user.repository.ts';
import { listAgencies } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import { indentedName } from '../agencies/agency.views.tsx';
import { addCalendarDays, isIsoDate } from '../calendar/dates.ts';
import { formatDateTime, startOfLocalDay } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { Button, ErrorSummary, Pagination, Select, TextInput } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { type AuditRecord, findAudit } from './audit.repository.ts';

const PAGE_SIZE = 50;

const ACTION_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  login: '登录',
  logout: '退出',
  login_failed: '登录失败',
  password_changed: '修改密码',
  unlock: '解锁',
  view_personal: '查看个人信息',
};

function changedFields(before: unknown, after: unknown): string {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return '';
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).join('、');
}

export async function registerAuditRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  app.get(paths.admin.audit.pattern, { config: { access: 'audit.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const q = request.query as Record<string, string | undefined>;
    const errors: Record<string, string> = {};
    const agencyId = q.agency && /^\d+$/.test(q.agency) ? Number(q.agency) : undefined;
    const userId = q.user && /^\d+$/.test(q.user) ? Number(q.user) : undefined;
    const from = (q.from ?? '').trim();
    const to = (q.to ?? '').trim();
    if (from && !isIsoDate(from)) errors.from = '开始日期格式应为 2026-01-31';
    if (to && !isIsoDate(to)) errors.to = '结束日期格式应为 2026-01-31';
    if (!errors.from && !errors.to && from && to && from > to) errors.to = '结束日期不能早于开始日期';
    const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
    const scopePrefix =
      viewer.scope.kind === 'all' ? null : viewer.scope.kind === 'none' ? '/none/' : viewer.scope.path;
    const ok = Object.keys(errors).length === 0;
    const result = ok
      ? await findAudit(db, {
          agencyPathPrefix: scopePrefix,
          agencyId,
          userId,
          from: from ? startOfLocalDay(from, config.timeZone).toISOString() : undefined,
          to: to ? startOfLocalDay(addCalendarDays(to, 1), config.timeZone).toISOString() : undefined,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        })
      : { rows: [] as AuditRecord[], total: 0 };
    const agencies = sortTree(await listAgencies(db, viewer.scope));
    const users = await listUsers(db, viewer.scope);
    const ctx = adminContext(request, reply, 'audit');
    const pageCount = Math.ceil(result.total / PAGE_SIZE);
    const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
    return sendPage(
      reply,
      <Page title="审计日志" {...ctx} hasErrors={!ok}>
        <ErrorSummary errors={errors} />
        <h1>审计日志</h1>
        <p class="gk-secondary">
          记录每一次对数据的修改：谁、何时、哪条记录、修改前后的内容。日志只能追加，不能修改或删除。
        </p>
        <form method="get" action={paths.admin.audit()} class="gk-filters">
          <Select
            name="agency"
            label="机构"
            value={q.agency}
            placeholder="全部机构"
            options={agencies.map((a) => ({ value: String(a.id), label: indentedName(a) }))}
          />
          <Select
            name="user"
            label="操作人"
            value={q.user}
            placeholder="全部"
            options={users.map((u) => ({ value: String(u.id), label: `${u.displayName}（${u.login}）` }))}
          />
          <TextInput name="from" label="开始日期" type="date" value={from} error={errors.from} width="code" />
          <TextInput name="to" label="结束日期" type="date" value={to} error={errors.to} width="code" />
          <div class="gk-form-group">
            <Button variant="secondary">筛选</Button>
          </div>
        </form>
        <p>共 {result.total} 条记录</p>
        <Table columns={['时间', '操作人', '操作', '机构', '内容']}>
          {result.rows.map((r) => (
            <tr>
              <td>{formatDateTime(r.at, config.timeZone)}</td>
              <td>{r.userLogin ?? '系统'}</td>
              <td>{ACTION_LABELS[r.action] ?? r.action}</td>
              <td>{r.agencyId ? (agencyName.get(r.agencyId) ?? `#${r.agencyId}`) : '—'}</td>
              <td>
                {r.summary}
                {r.before !== null || r.after !== null ? (
                  <details>
                    <summary>
                      详情
                      {changedFields(r.before, r.after)
                        ? `（变更：${changedFields(r.before, r.after)}）`
                        : ''}
                    </summary>
                    {r.before !== null ? (
                      <>
                        <h4>修改前</h4>
                        <pre class="gk-pre">{JSON.stringify(r.before, null, 2)}</pre>
                      </>
                    ) : null}
                    {r.after !== null ? (
                      <>
                        <h4>修改后</h4>
                        <pre class="gk-pre">{JSON.stringify(r.after, null, 2)}</pre>
                      </>
                    ) : null}
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
        <Pagination
          page={page}
          pageCount={pageCount}
          href={(p) => paths.admin.audit(undefined, { agency: q.agency, user: q.user, from, to, page: p })}
        />
      </Page>,
      ok ? 200 : 400,
    );
  });
}
