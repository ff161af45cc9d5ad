/** The back-office outbox page: outgoing mail with its status, attempts and last error; 重新发送 for failed mail. */
import { paths } from '../shared/paths.ts';
import { AdminPage } from '../shared/ui/admin-page.tsx';
import { Button, Notice, Pagination, PostForm, Tag } from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { OutboxLine, OutboxStatusFilter } from './outbox.model.ts';

export const STATUS_FILTERS: readonly { value: OutboxStatusFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'pending', label: '待发送' },
  { value: 'sent', label: '已发送' },
  { value: 'failed', label: '失败' },
];

export function OutboxPage(props: {
  ctx: AdminContext;
  lines: readonly OutboxLine[];
  total: number;
  page: number;
  pageSize: number;
  status: OutboxStatusFilter;
  scopeLabel: string;
  smtpConfigured: boolean;
  notice?: string | undefined;
}) {
  const pageCount = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <AdminPage
      ctx={props.ctx}
      title="发件箱"
      breadcrumbs={[{ href: paths.admin.dashboard(), label: '工作台' }, { label: '发件箱' }]}
      notice={props.notice}
      caption={props.scopeLabel}
    >
      <p>
        系统发给申请人的通知和发给工作人员的每日提醒。发送失败的邮件会按退避间隔自动重试；多次失败后标为“失败”，可在核实邮件服务器或收件地址后重新发送。
      </p>
      {props.smtpConfigured ? null : (
        <Notice tone="warning">未配置邮件服务器（SMTP_URL），邮件保留在发件箱中，暂不发送。</Notice>
      )}
      <nav aria-label="按状态筛选" class="gk-filter-links">
        <ul class="gk-actions-list">
          {STATUS_FILTERS.map((f) => (
            <li>
              {f.value === props.status ? (
                <strong aria-current="page">{f.label}</strong>
              ) : (
                <a href={paths.mail.outbox(undefined, { status: f.value === 'all' ? undefined : f.value })}>
                  {f.label}
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <p>共 {props.total} 封</p>
      {props.lines.length === 0 ? (
        <p>没有邮件。</p>
      ) : (
        <Table
          caption="发件箱"
          columns={['生成时间', '收件人', '主题', '状态', '尝试次数', '最后一次错误', '操作']}
        >
          {props.lines.map((l) => (
            <tr>
              <td>{l.createdAt}</td>
              <td>
                {l.to}
                <br />
                <span class="gk-secondary">{l.kindLabel}</span>
              </td>
              <td>
                {l.subject}
                {l.attachments > 0 ? <span class="gk-secondary">（附件 {l.attachments} 个）</span> : null}
              </td>
              <td>
                <Tag tone={l.tone}>{l.statusLabel}</Tag>
                {l.detail ? (
                  <>
                    <br />
                    <span class="gk-secondary">{l.detail}</span>
                  </>
                ) : null}
              </td>
              <td>{l.attempts}</td>
              <td>{l.lastError ?? '—'}</td>
              <td>
                {l.canResend ? (
                  <PostForm action={paths.mail.resend({ mailId: l.id })} csrf={props.ctx.csrf}>
                    <Button variant="secondary">
                      重新发送<span class="gk-visually-hidden">：{l.subject}</span>
                    </Button>
                  </PostForm>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Pagination
        page={props.page}
        pageCount={pageCount}
        href={(p) =>
          paths.mail.outbox(undefined, { status: props.status === 'all' ? undefined : props.status, page: p })
        }
      />
    </AdminPage>
  );
}
