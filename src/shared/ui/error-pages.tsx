import { paths } from '../paths.ts';
import { Page } from './layout.tsx';

export function ErrorPage(props: {
  status: number;
  title: string;
  message: string;
  area: 'portal' | 'admin';
}) {
  return (
    <Page title={props.title} area={props.area}>
      <h1>{props.title}</h1>
      <p class="gk-lead">{props.message}</p>
      {props.status === 404 ? (
        <>
          <p>如果您是输入的网址，请检查是否有误；如果您是从链接进入的，该内容可能已被移动或删除。</p>
          <p>
            您可以返回<a href={paths.portal.home()}>网站首页</a>，按机构浏览政府信息公开内容。
          </p>
        </>
      ) : props.status >= 500 ? (
        <p>
          系统已记录该问题。您填写的内容不会丢失已保存的部分；请稍后重试。如问题持续存在，请联系本机构政府信息公开工作机构。
        </p>
      ) : (
        <p>
          返回<a href={props.area === 'admin' ? paths.admin.dashboard() : paths.portal.home()}>首页</a>。
        </p>
      )}
    </Page>
  );
}
