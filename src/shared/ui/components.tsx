import type { Child } from 'hono/jsx';
import { paths } from '../paths.ts';

/**
 * Small typed ports of the GOV.UK Frontend components we use, with their accessibility
 * contract: real labels, hints and errors wired through aria-describedby, an error summary
 * that links to each field. Text is Chinese; class names keep the gk- prefix.
 */
export type FieldErrors = Readonly<Record<string, string>>;

export function ErrorSummary({ errors }: { errors: FieldErrors | undefined }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div
      class="gk-error-summary"
      data-module="error-summary"
      aria-labelledby="error-summary-title"
      role="alert"
    >
      <h2 class="gk-error-summary__title" id="error-summary-title">
        存在以下问题
      </h2>
      <ul class="gk-error-summary__list">
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** id of the control; defaults to the name. */
  id?: string;
  optional?: boolean;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean | undefined }) {
  return (
    <label class="gk-label" for={id}>
      {label}
      {optional ? <span class="gk-optional">（选填）</span> : null}
    </label>
  );
}

function HintAndError({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <div class="gk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p class="gk-error-message" id={`${id}-error`}>
          <span class="gk-visually-hidden">错误：</span>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The wrapper every single-control field shares: group, label, hint and error message. */
function FormGroup(props: FieldBase & { id: string; children: Child }) {
  return (
    <div class={`gk-form-group${props.error ? ' gk-form-group--error' : ''}`}>
      <Label id={props.id} label={props.label} optional={props.optional} />
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

/** The attributes that tie a control to its hint and error. */
function ariaOf(id: string, props: FieldBase) {
  return {
    'aria-describedby': describedBy(id, props.hint, props.error),
    'aria-invalid': props.error ? ('true' as const) : undefined,
  };
}

export function TextInput(
  props: FieldBase & {
    value?: string | null | undefined;
    type?: 'text' | 'email' | 'tel' | 'password' | 'search' | 'date' | 'number' | 'url';
    autocomplete?: string;
    width?: 'full' | 'half' | 'third' | 'code';
    inputmode?: 'numeric' | 'text' | 'email' | 'tel';
    spellcheck?: boolean;
  },
) {
  const id = props.id ?? props.name;
  return (
    <FormGroup {...props} id={id}>
      <input
        class={`gk-input gk-input--${props.width ?? 'full'}${props.error ? ' gk-input--error' : ''}`}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        spellcheck={props.spellcheck === false ? false : undefined}
        {...ariaOf(id, props)}
      />
    </FormGroup>
  );
}

export function Textarea(props: FieldBase & { value?: string | null | undefined; rows?: number }) {
  const id = props.id ?? props.name;
  return (
    <FormGroup {...props} id={id}>
      <textarea
        class={`gk-textarea${props.error ? ' gk-input--error' : ''}`}
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        {...ariaOf(id, props)}
      >
        {props.value ?? ''}
      </textarea>
    </FormGroup>
  );
}

export interface Option {
  value: string;
  label: string;
}

/**
 * The options of a closed list of codes with their labels, in the list's order.
 *
 * @example optionsOf(AGENCY_LEVELS, LEVEL_LABELS)
 */
export function optionsOf<K extends string>(
  codes: readonly K[],
  labels: Readonly<Record<K, string>>,
): Option[] {
  return codes.map((value) => ({ value, label: labels[value] }));
}

export function Select(
  props: FieldBase & { value?: string | null | undefined; options: readonly Option[]; placeholder?: string },
) {
  const id = props.id ?? props.name;
  return (
    <FormGroup {...props} id={id}>
      <select
        class={`gk-select${props.error ? ' gk-input--error' : ''}`}
        id={id}
        name={props.name}
        {...ariaOf(id, props)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}

/** Radios in a fieldset; the error summary links to the first option (id = name). */
export function Radios(
  props: Omit<FieldBase, 'id'> & {
    value?: string | null | undefined;
    options: readonly Option[];
    inline?: boolean;
  },
) {
  const first = props.name;
  return (
    <div class={`gk-form-group${props.error ? ' gk-form-group--error' : ''}`}>
      <fieldset
        class="gk-fieldset"
        aria-describedby={describedBy(`${first}-fieldset`, props.hint, props.error)}
      >
        <legend class="gk-fieldset__legend">
          {props.label}
          {props.optional ? <span class="gk-optional">（选填）</span> : null}
        </legend>
        <HintAndError id={`${first}-fieldset`} hint={props.hint} error={props.error} />
        <div class={`gk-radios${props.inline ? ' gk-radios--inline' : ''}`}>
          {props.options.map((o, i) => {
            const id = i === 0 ? first : `${first}-${i + 1}`;
            return (
              <div class="gk-radios__item">
                <input
                  class="gk-radios__input"
                  id={id}
                  name={props.name}
                  type="radio"
                  value={o.value}
                  checked={o.value === (props.value ?? '')}
                />
                <label class="gk-radios__label" for={id}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox(props: {
  name: string;
  label: string;
  checked: boolean;
  hint?: string;
  id?: string;
}) {
  const id = props.id ?? props.name;
  return (
    <div class="gk-form-group">
      <div class="gk-checkboxes__item">
        <input
          class="gk-checkboxes__input"
          id={id}
          name={props.name}
          type="checkbox"
          value="1"
          checked={props.checked}
        />
        <label class="gk-checkboxes__label" for={id}>
          {props.label}
        </label>
        {props.hint ? (
          <div class="gk-hint" id={`${id}-hint`}>
            {props.hint}
          </div>
        ) : null}
      </div>
    </div>
  );
}

export function Button(props: {
  children: Child;
  variant?: 'primary' | 'secondary' | 'warning';
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      class={`gk-button gk-button--${props.variant ?? 'primary'}`}
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  );
}

export function LinkButton(props: { href: string; children: Child; variant?: 'primary' | 'secondary' }) {
  return (
    <a href={props.href} class={`gk-button gk-button--${props.variant ?? 'secondary'}`}>
      {props.children}
    </a>
  );
}

/** A POST form with the CSRF token; every state-changing form goes through this. */
export function PostForm(props: {
  action: string;
  csrf: string;
  children: Child;
  class?: string;
  multipart?: boolean;
}) {
  return (
    <form
      method="post"
      action={props.action}
      novalidate
      class={props.class}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/** Whether a summary row has nothing to show. */
function isEmptyValue(v: Child): boolean {
  return v === null || v === undefined || v === '';
}

/**
 * Key–value rows. An empty value shows as 未填写 (the back office must see what is missing); public
 * pages pass `hideEmpty`, so a row with nothing to say is left out.
 */
export function SummaryList({
  rows,
  hideEmpty,
}: {
  rows: readonly { key: string; value: Child; action?: { href: string; label: string } }[];
  hideEmpty?: boolean;
}) {
  return (
    <dl class="gk-summary-list">
      {(hideEmpty ? rows.filter((r) => !isEmptyValue(r.value)) : rows).map((r) => (
        <div class="gk-summary-list__row">
          <dt class="gk-summary-list__key">{r.key}</dt>
          <dd class="gk-summary-list__value">{isEmptyValue(r.value) ? '未填写' : r.value}</dd>
          {r.action ? (
            <dd class="gk-summary-list__actions">
              <a href={r.action.href}>
                {r.action.label}
                <span class="gk-visually-hidden">{r.key}</span>
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

export function Tag({
  children,
  tone,
}: {
  children: Child;
  tone?: 'grey' | 'green' | 'red' | 'yellow' | 'blue';
}) {
  return <strong class={`gk-tag gk-tag--${tone ?? 'blue'}`}>{children}</strong>;
}

export function Breadcrumbs({ items }: { items: readonly { href?: string; label: string }[] }) {
  return (
    <nav class="gk-breadcrumbs" aria-label="当前位置">
      <ol>
        {items.map((i) =>
          i.href ? (
            <li>
              <a href={i.href}>{i.label}</a>
            </li>
          ) : (
            <li aria-current="page">{i.label}</li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** Where a public page sits: 首页 › {agency} › {column} › {item}; every part after 首页 is optional. */
export interface PortalTrail {
  /** The agency whose pages these are (none on site-wide pages such as the search or the checker). */
  readonly agency?: { readonly id: number; readonly name: string } | undefined;
  /** The column of the agency's site (法定主动公开内容, 政府信息公开年报, 依申请公开, 指南 …). */
  readonly column?: { readonly label: string; readonly href?: string } | undefined;
  /** The page inside the column (an item, a year's report, a step of a form). */
  readonly item?: string | undefined;
}

/** The steps of a public page's trail; the last one is the page itself and has no link. */
export function portalTrail(t: PortalTrail): { href?: string; label: string }[] {
  const steps: { href?: string | undefined; label: string }[] = [
    { href: paths.portal.home(), label: '首页' },
  ];
  if (t.agency) steps.push({ href: paths.portal.agency({ agencyId: t.agency.id }), label: t.agency.name });
  if (t.column) steps.push({ href: t.column.href, label: t.column.label });
  if (t.item) steps.push({ label: t.item });
  return steps.map((s, i) =>
    i === steps.length - 1 || !s.href ? { label: s.label } : { href: s.href, label: s.label },
  );
}

/**
 * The one breadcrumb trail of public pages: 首页 › {agency name} › {column} › {item}.
 *
 * @example <PortalBreadcrumbs agency={a} column={{ label: '政府信息公开年报', href: yearsHref }} item="2025年度" />
 */
export function PortalBreadcrumbs(props: PortalTrail) {
  return <Breadcrumbs items={portalTrail(props)} />;
}

export function Notice({ children, tone }: { children: Child; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`gk-notice gk-notice--${tone ?? 'info'}`} role={tone === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}

/** Warnings as a list in a warning notice; nothing when there are none. */
export function WarningList({ items }: { items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <Notice tone="warning">
      <ul>
        {items.map((w) => (
          <li>{w}</li>
        ))}
      </ul>
    </Notice>
  );
}

export function Pagination(props: { page: number; pageCount: number; href: (page: number) => string }) {
  if (props.pageCount <= 1) return null;
  return (
    <nav class="gk-pagination" aria-label="分页">
      {props.page > 1 ? (
        <a href={props.href(props.page - 1)} rel="prev">
          上一页
        </a>
      ) : null}
      <span>
        第 {props.page} 页，共 {props.pageCount} 页
      </span>
      {props.page < props.pageCount ? (
        <a href={props.href(props.page + 1)} rel="next">
          下一页
        </a>
      ) : null}
    </nav>
  );
}

/**
 * Binds a form's values and errors once, so each field is written as `<TextInput {...f('name')} label="…" />`.
 */
export function fieldBinder(
  values: Readonly<Record<string, string | undefined>>,
  errors: FieldErrors | undefined,
) {
  return (name: string) => ({ name, value: values[name], error: errors?.[name] });
}
