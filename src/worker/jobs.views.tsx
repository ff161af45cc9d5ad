/** The 后台任务 page (administrators): queue depth, the schedule, and recent runs with their errors. */
import { paths } from '../shared/paths.ts';
import { AdminPage } from '../shared/ui/admin-page.tsx';
import { Notice, Tag } from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { JobsOverview } from './jobs.service.ts';

export function JobsPage(props: { ctx: AdminContext; overview: JobsOverview }) {
  const o = props.overview;
  return (
    <AdminPage
      ctx={props.ctx}
      title="后台任务"
      breadcrumbs={[{ href: paths.admin.dashboard(), label: '工作台' }, { label: '后台任务' }]}
    >
      <p>
        后台任务由 <code>gongkai worker</code> 进程执行
        {o.runJobsInWeb
          ? '（本网站进程也在执行：RUN_JOBS_IN_WEB 未关闭）'
          : '（网站进程不执行：RUN_JOBS_IN_WEB=false）'}
        。每日任务每天只执行一次，无论运行几个任务进程；失败后按退避间隔自动重试。
      </p>
      {o.smtpConfigured ? null : (
        <Notice tone="warning">未配置邮件服务器（SMTP_URL），发件箱中的邮件暂不发送。</Notice>
      )}
      <h2>队列</h2>
      <Table caption="队列深度" columns={['队列', '等待', '进行中', '失败']}>
        <tr>
          <td>
            <a href={paths.mail.outbox()}>发件箱</a>
          </td>
          <td>{o.mail.pending}</td>
          <td>{o.mail.sending}</td>
          <td>{o.mail.failed}</td>
        </tr>
        <tr>
          <td>定时任务</td>
          <td>{o.jobs.pending}</td>
          <td>{o.jobs.running}</td>
          <td>{o.jobs.failed}</td>
        </tr>
      </Table>
      <h2>定时任务</h2>
      <Table caption="定时任务" columns={['任务', '执行时间']}>
        {o.schedule.map((s) => (
          <tr>
            <td>{s.label}</td>
            <td>{s.when}</td>
          </tr>
        ))}
      </Table>
      <h2>最近的执行</h2>
      {o.runs.length === 0 ? (
        <p>还没有执行记录。</p>
      ) : (
        <Table
          caption="最近的执行"
          columns={['任务', '状态', '尝试次数', '应执行时间', '开始', '结束', '执行进程', '结果或错误']}
        >
          {o.runs.map((r) => (
            <tr>
              <td>
                {r.label}
                <br />
                <span class="gk-secondary">{r.runKey}</span>
              </td>
              <td>
                <Tag tone={r.tone}>{r.statusLabel}</Tag>
                {r.nextAttempt ? <span class="gk-secondary">（将于 {r.nextAttempt} 重试）</span> : null}
              </td>
              <td>{r.attempts}</td>
              <td>{r.runAt}</td>
              <td>{r.startedAt}</td>
              <td>{r.finishedAt}</td>
              <td>{r.worker}</td>
              <td>{r.result ?? r.lastError ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
    </AdminPage>
  );
}
