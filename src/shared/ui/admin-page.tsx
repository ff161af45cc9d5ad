import type { Child } from 'hono/jsx';
import { Breadcrumbs, ErrorSummary, type FieldErrors, Notice, PostForm } from './components.tsx';
import { type AdminContext, Page } from './layout.tsx';

export interface AdminPageProps {
  ctx: AdminContext;
  title: string;
  /** The `<h1>`, when it is not the title. */
  heading?: Child;
  /** A line above the heading (`gk-caption`), e.g. the kind of thing or the scope shown. */
  caption?: Child;
  breadcrumbs?: readonly { href?: string; label: string }[];
  errors?: FieldErrors | undefined;
  /** A confirmation after a redirect (see `noticeFrom`). */
  notice?: string | undefined;
  /** Reload after this many seconds (see `Page`). */
  refreshSeconds?: number | undefined;
  children?: Child;
}

/**
 * The frame of a back-office page: breadcrumbs, the error summary, a success notice, the caption and
 * the heading, then `children`. The title is marked 错误： while there are errors.
 */
export function AdminPage(props: AdminPageProps) {
  const hasErrors = Object.keys(props.errors ?? {}).length > 0;
  return (
    <Page title={props.title} {...props.ctx} hasErrors={hasErrors} refreshSeconds={props.refreshSeconds}>
      {props.breadcrumbs ? <Breadcrumbs items={props.breadcrumbs} /> : null}
      <ErrorSummary errors={props.errors} />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      {props.caption ? <span class="gk-caption">{props.caption}</span> : null}
      <h1>{props.heading ?? props.title}</h1>
      {props.children}
    </Page>
  );
}

/**
 * A back-office page around one form: the `AdminPage` frame, an introduction, then the form (POST with
 * the CSRF token) holding `children`.
 */
export function FormPage(
  props: AdminPageProps & {
    /** Between the heading and the form: notes, warnings. */
    intro?: Child;
    action: string;
    children: Child;
  },
) {
  const { intro, action, children, ...frame } = props;
  return (
    <AdminPage {...frame}>
      {intro}
      <PostForm action={action} csrf={props.ctx.csrf}>
        {children}
      </PostForm>
    </AdminPage>
  );
}
