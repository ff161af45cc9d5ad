import type { Child } from 'hono/jsx';
import { paths } from '../paths.ts';
import { useRenderContext } from './render.ts';

export interface Viewer {
  readonly login: string;
  readonly displayName: string;
  readonly roleLabel: string;
  readonly agencyName: string | null;
}

export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly current?: boolean;
}

/** What every back-office page gets from its request: who is signed in, the CSRF token, the navigation. */
export interface AdminContext {
  readonly viewer: Viewer | null;
  readonly csrf: string;
  readonly adminNav: readonly NavItem[];
  readonly area: 'admin';
}

/** A feed the page advertises to feed readers (`<link rel="alternate">` in the head). */
export interface FeedLink {
  readonly title: string;
  readonly href: string;
  readonly type: 'rss' | 'atom';
}

const FEED_TYPES: Readonly<Record<FeedLink['type'], string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
};

export interface PageProps {
  title: string;
  /** When the page shows validation errors the title is prefixed with 错误：. */
  hasErrors?: boolean;
  area: 'portal' | 'admin';
  viewer?: Viewer | null;
  csrf?: string;
  children: Child;
  /** Navigation entries of the admin area the viewer may use. */
  adminNav?: readonly NavItem[];
  /** Feeds of what the page lists, advertised in the head for feed readers. */
  feeds?: readonly FeedLink[];
  /** Reload the page after this many seconds (progress of work running in the background, without JavaScript). */
  refreshSeconds?: number | undefined;
}

const SITE_NAME = '政府信息公开平台';

export function Page(props: PageProps) {
  const title = `${props.hasErrors ? '错误：' : ''}${props.title} - ${props.area === 'admin' ? '公开办理后台' : SITE_NAME}`;
  // 长者模式 (a cookie): switched by a POST form, so following links never flips it; works without
  // JavaScript and returns to the page it was sent from.
  const request = useRenderContext();
  return (
    <html lang="zh-CN" class={request.elderMode ? 'gk-elder' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
        <link rel="stylesheet" href={paths.static({ file: 'app.css' })} />
        {(props.feeds ?? []).map((f) => (
          <link rel="alternate" type={FEED_TYPES[f.type]} title={f.title} href={f.href} />
        ))}
        <script type="module" src={paths.static({ file: 'app.js' })} />
      </head>
      <body class={`gk-body gk-area-${props.area}`}>
        <a href="#main" class="gk-skip-link">
          跳到主要内容
        </a>
        <header class="gk-header">
          <div class="gk-width-container gk-header__inner">
            <a
              class="gk-header__brand"
              href={props.area === 'admin' ? paths.admin.dashboard() : paths.portal.home()}
            >
              <span class="gk-header__emblem" aria-hidden="true">
                公
              </span>
              <span>{props.area === 'admin' ? '政府信息公开 · 办理后台' : SITE_NAME}</span>
            </a>
            {props.area === 'admin' && props.viewer ? (
              <div class="gk-header__account">
                <span>
                  {props.viewer.displayName}（{props.viewer.roleLabel}
                  {props.viewer.agencyName ? ` · ${props.viewer.agencyName}` : ''}）
                </span>
                <a href={paths.admin.password()}>修改密码</a>
                <a href={paths.admin.tokens()}>API 令牌</a>
                <form method="post" action={paths.admin.logout()} class="gk-inline-form">
                  <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
                  <button type="submit" class="gk-link-button">
                    退出登录
                  </button>
                </form>
              </div>
            ) : props.area === 'portal' ? (
              <nav class="gk-header__nav" aria-label="网站导航">
                <a href={paths.portal.home()}>首页</a>
                <form method="get" action={paths.catalogue.portal.search()} class="gk-header__search">
                  <label for="site-search" class="gk-visually-hidden">
                    检索政府信息
                  </label>
                  <input
                    id="site-search"
                    name="q"
                    type="search"
                    class="gk-input"
                    placeholder="检索政府信息"
                  />
                  <button type="submit" class="gk-button gk-button--secondary">
                    检索
                  </button>
                </form>
                {request.csrf !== null ? (
                  <form
                    method="post"
                    action={paths.catalogue.portal.elder()}
                    class="gk-inline-form gk-elder-toggle"
                  >
                    <input type="hidden" name="_csrf" value={request.csrf} />
                    {request.returnTo ? <input type="hidden" name="back" value={request.returnTo} /> : null}
                    <button type="submit" class="gk-link-button">
                      <span class="gk-elder-toggle__off">长者模式</span>
                      <span class="gk-elder-toggle__on">退出长者模式</span>
                    </button>
                  </form>
                ) : null}
                <a href={paths.admin.login()}>工作人员登录</a>
              </nav>
            ) : null}
          </div>
        </header>
        {props.adminNav && props.adminNav.length > 0 ? (
          <nav class="gk-admin-nav" aria-label="后台导航">
            <ul class="gk-width-container">
              {props.adminNav.map((n) => (
                <li>
                  <a href={n.href} aria-current={n.current ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="gk-width-container">
          <main id="main" class="gk-main" tabindex={-1}>
            {props.children}
          </main>
        </div>
        <footer class="gk-footer">
          <div class="gk-width-container">
            <p>
              依据《中华人民共和国政府信息公开条例》（国务院令第711号）建设 · 坚持以公开为常态、不公开为例外
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
