/**
 * Public pages: the 依申请公开 column. The online form's pages are `apply.views.tsx`; the lookup's are
 * `lookup.views.tsx`.
 */
import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import { PortalBreadcrumbs } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { ART33_EXTENSION_MAX_WORKING_DAYS, ART33_REPLY_WORKING_DAYS } from './rules/statute.ts';

export function ApplyColumnPage(props: { agency: Agency }) {
  const a = props.agency;
  return (
    <Page title={`依申请公开 - ${a.name}`} area="portal">
      <PortalBreadcrumbs agency={a} column={{ label: '依申请公开' }} />
      <span class="gk-caption">{a.name}</span>
      <h1>依申请公开</h1>
      <p>
        公民、法人或者其他组织可以向本机关申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。
        {`本机关自收到申请之日起 ${ART33_REPLY_WORKING_DAYS} 个工作日内答复；需要延长的，延长期限最长不超过 ${ART33_EXTENSION_MAX_WORKING_DAYS} 个工作日。`}
      </p>
      <p>
        <a class="gk-button" href={paths.applications.apply({ agencyId: a.id })}>
          在线提出申请
        </a>
      </p>
      <p>
        <a href={paths.applications.lookup()}>用查询码查询办理进度</a>
      </p>
      <p>
        也可以按<a href={paths.portal.guide({ agencyId: a.id })}>政府信息公开指南</a>
        所列的地址以信函、传真或当面提出申请。
      </p>
    </Page>
  );
}
