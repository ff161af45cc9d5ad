import type { Child } from 'hono/jsx';
import { Breadcrumbs, ErrorSummary, type FieldErrors, Notice, PostForm } from './components.tsx';
import { type AdminContext, Page } from './layout.tsx';

/**
 * A back-office page around one form: breadcrumbs, the error summary, a success notice, the heading,
 * an introduction, then the form (POST with the CSRF token) holding `children`. The title is marked
 * 错误： while there are errors.
 */
export function FormPage(props: {
  ctx: AdminContext;
  title: string;
  /** The `<h1>`, when it is not the title. */
  heading?: Child;
  breadcrumbs?: readonly { href?: string; label: string }[];
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
  /** Between the heading and the form: notes, warnings. */
  intro?: Child;
  action: string;
  children: Child;
}) {
  const hasErrors = Object.keys(props.errors ?? {}).length > 0;
  return (
    <Page title={props.title} {...props.ctx} hasErrors={hasErrors}>
      {props.breadcrumbs ? <Breadcrumbs items={props.breadcrumbs} /> : null}
      <ErrorSummary errors={props.errors} />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>{props.heading ?? props.title}</h1>
      {props.intro}
      <PostForm action={props.action} csrf={props.ctx.csrf}>
        {props.children}
      </PostForm>
    </Page>
  );
}
