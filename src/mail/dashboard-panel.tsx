import type { AuthedUser } from '../accounts/auth.ts';
import { can } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { paths } from '../shared/paths.ts';
import { Tag } from '../shared/ui/components.tsx';
import { countFailed } from './outbox.repository.ts';
import { outboxAgencyOf } from './outbox.service.ts';

/** The dashboard line pointing to the outbox when mail of the viewer's agency failed for good; else null. */
export async function mailPanel(deps: Deps, viewer: AuthedUser) {
  if (!can(viewer, 'applications.view')) return null;
  const agency = outboxAgencyOf(viewer);
  if (agency === 'none') return null;
  const failed = await countFailed(deps.db, agency);
  if (failed === 0) return null;
  return (
    <li>
      <a href={paths.mail.outbox(undefined, { status: 'failed' })}>
        <Tag tone="red">发送失败的邮件 {failed} 封</Tag>
      </a>{' '}
      请核实收件地址或邮件服务器后在发件箱中重新发送
    </li>
  );
}
