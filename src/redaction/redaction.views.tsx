/**
 * The parts of a redaction page shared by the workflows that redact (a letter attachment, a catalogue
 * attachment): the original and the redacted copy side by side with the list of what was removed, and
 * the form — suggestions to accept or reject with their grounds, exact texts to look for, boxes drawn on
 * the page images (with `public/redact.js`; without JavaScript, choose by text).
 */
import type { Child } from 'hono/jsx';
import { Button, type FieldErrors, Notice, PostForm, Textarea } from '../shared/ui/components.tsx';
import type { RedactionRecord, RedactionView } from './document.ts';
import { PATTERN_IDS, PATTERN_LABELS } from './finders.rules.ts';
import { GROUND_IDS, GROUNDS } from './grounds.rules.ts';

const groundOptions = GROUND_IDS.map((g) => ({ value: g, label: GROUNDS[g].label }));

export type PageUrl = (version: 'original' | 'redacted', page: number) => string;

function GroundSelect(props: { name: string; value: string; label: string; id: string }) {
  return (
    <>
      <label class="gk-visually-hidden" for={props.id}>
        {props.label}
      </label>
      <select class="gk-select" id={props.id} name={props.name}>
        {groundOptions.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The notice "已作删除处理", the list of what was removed, the pages side by side, and the undo button. */
export function RedactionCompare(props: {
  redaction: RedactionRecord;
  pageCount: number;
  pageUrl: PageUrl;
  /** Who receives the redacted copy (a sentence). */
  receiver: Child;
  download: { href: string; label: string };
  /** The undo form's action, when the document may still change. */
  undo: string | null;
  csrf: string;
  /** The level of the heading (2 on its own page, 3 inside an item's page). */
  level?: 2 | 3;
  /** The id of the heading (a fragment to link to). */
  id?: string;
}) {
  const r = props.redaction;
  const H = props.level === 3 ? 'h3' : 'h2';
  const id = props.id ?? 'compare';
  return (
    <section aria-labelledby={id}>
      <Notice tone="success">
        <p>
          已作删除处理：共 {r.boxes.length} 处。{props.receiver}
        </p>
        {r.rasterPages.length > 0 ? (
          <p>
            第{r.rasterPages.map((p) => p + 1).join('、')}
            页的字体使逐字删除会连带相邻文字，这些页已改为图像（外观不变，文字不能再复制）。
          </p>
        ) : null}
      </Notice>
      <H id={id}>原件与删除处理后对照</H>
      <p>
        <a href={props.download.href}>{props.download.label}</a>
      </p>
      <ul class="gk-redact-removed">
        {r.boxes.map((b, i) => (
          <li>
            [{i + 1}] 第{b.page + 1}页 · {GROUNDS[b.ground].label}
            {b.kind === 'box'
              ? ' · 框选'
              : ` · ${PATTERN_LABELS[b.kind as keyof typeof PATTERN_LABELS] ?? ''}`}
          </li>
        ))}
      </ul>
      {Array.from({ length: props.pageCount }, (_, i) => (
        <div class="gk-redact-compare">
          <figure>
            <img src={props.pageUrl('original', i)} alt={`原件第${i + 1}页`} loading="lazy" />
            <figcaption>原件第{i + 1}页（不发出）</figcaption>
          </figure>
          <figure>
            <img src={props.pageUrl('redacted', i)} alt={`删除处理后第${i + 1}页`} loading="lazy" />
            <figcaption>删除处理后第{i + 1}页</figcaption>
          </figure>
        </div>
      ))}
      {props.undo ? (
        <PostForm action={props.undo} csrf={props.csrf}>
          <Button variant="warning">撤销删除处理，恢复原件</Button>
        </PostForm>
      ) : null}
    </section>
  );
}

/** The form that finds, chooses and applies (posting `intent` find or apply to `action`). */
export function RedactionForm(props: {
  action: string;
  csrf: string;
  view: RedactionView;
  redacted: boolean;
  pageUrl: PageUrl;
  /** The form as posted (a search or a refused apply), or null on first view. */
  values: Readonly<Record<string, string>> | null;
  errors?: FieldErrors | undefined;
}) {
  const { view } = props;
  // A suggestion already shown keeps the clerk's tick; a new one (after 查找) starts ticked.
  const accepted = props.values ? new Set((props.values.accept ?? '').split('\n')) : null;
  const shown = new Set((props.values?.shown ?? '').split(','));
  const ticked = (key: string) => (accepted && shown.has(key) ? accepted.has(key) : true);
  return (
    <PostForm action={props.action} csrf={props.csrf}>
      <h2 id="redact">{props.redacted ? '重新作删除处理（从原件开始）' : '选择要删除的内容'}</h2>
      {props.errors?.redact ? (
        <p class="gk-error-message" id="redact-error">
          <span class="gk-visually-hidden">错误：</span>
          {props.errors.redact}
        </p>
      ) : null}
      <fieldset class="gk-fieldset">
        <legend class="gk-fieldset__legend">查找个人信息等内容</legend>
        <div class="gk-checkboxes gk-redact-patterns">
          {PATTERN_IDS.map((p) => (
            <div class="gk-checkboxes__item">
              <input
                class="gk-checkboxes__input"
                id={`pattern-${p}`}
                name="pattern"
                type="checkbox"
                value={p}
                checked={view.query.patterns.includes(p)}
              />
              <label class="gk-checkboxes__label" for={`pattern-${p}`}>
                {PATTERN_LABELS[p]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <Textarea
        name="find"
        label="指定文字"
        hint="每行一段，文件中的每一处都会列出（例如第三方的姓名、单位名称）。不使用 JavaScript 时，请用这里选择要删除的内容。"
        value={props.values?.find ?? ''}
        rows={3}
      />
      <Button variant="secondary" name="intent" value="find">
        查找
      </Button>
      <h3 id="suggestions">找到的内容（{view.suggestions.length} 处）</h3>
      <input type="hidden" name="shown" value={view.suggestions.map((x) => x.key).join(',')} />
      {view.suggestions.length === 0 ? (
        <p>没有找到。可以填写指定文字后查找，或在下方页面上框选。</p>
      ) : (
        <table class="gk-table">
          <caption class="gk-visually-hidden">勾选的内容将被删除</caption>
          <thead>
            <tr>
              <th scope="col">删除</th>
              <th scope="col">页码</th>
              <th scope="col">类型</th>
              <th scope="col">内容</th>
              <th scope="col">理由</th>
            </tr>
          </thead>
          <tbody>
            {view.suggestions.map((s, i) => (
              <tr>
                <td>
                  <input
                    class="gk-redact-accept"
                    type="checkbox"
                    name="accept"
                    value={s.key}
                    id={`accept-${i}`}
                    checked={ticked(s.key)}
                  />
                  <label class="gk-visually-hidden" for={`accept-${i}`}>
                    删除第{s.page + 1}页的“{s.value}”
                  </label>
                </td>
                <td>{s.page + 1}</td>
                <td>{PATTERN_LABELS[s.kind]}</td>
                <td>{s.value}</td>
                <td>
                  <GroundSelect
                    id={`ground-${i}`}
                    name={`ground-${s.key}`}
                    value={props.values?.[`ground-${s.key}`] ?? s.ground}
                    label={`第${s.page + 1}页“${s.value}”的理由`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 id="pages">在页面上框选</h3>
      <p class="gk-redact-js-only" hidden>
        在页面图像上按住鼠标拖动即可框选（扫描件也可以）；点击框可取消。框选内容的理由：
      </p>
      <div class="gk-redact-js-only" hidden>
        <GroundSelect id="drawnGround" name="drawnGround" value="privacy" label="框选内容的理由" />
      </div>
      <p class="gk-redact-nojs">
        框选需要 JavaScript。未启用时，请用上面的“指定文字”选择要删除的文字；扫描件请启用 JavaScript 后框选。
      </p>
      <div class="gk-redact-pages">
        {view.pages.map((p, i) => (
          <figure class="gk-redact-page" data-page={i} data-width={p.width} data-height={p.height}>
            <img
              src={props.pageUrl('original', i)}
              alt={`原件第${i + 1}页`}
              loading="lazy"
              draggable={false}
            />
            <figcaption>
              第{i + 1}页{p.scan ? '（扫描件：请框选）' : ''}
            </figcaption>
          </figure>
        ))}
      </div>
      <Button name="intent" value="apply">
        删除并保存
      </Button>
    </PostForm>
  );
}
