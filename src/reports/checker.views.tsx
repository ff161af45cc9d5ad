import type { Child } from 'hono/jsx';
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PortalBreadcrumbs,
  PostForm,
  SummaryList,
  Textarea,
} from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import type { CheckResult } from './checker.ts';
import { FORMATS } from './format/formats.ts';
import { FindingsList } from './report-parts.views.tsx';
import { problemCount } from './rules/findings.ts';

export function CheckerPage(props: {
  csrf: string;
  values?: { text?: string } | undefined;
  errors?: FieldErrors | undefined;
  result?: CheckResult | undefined;
}) {
  const r = props.result;
  let summary: Child = null;
  if (r) {
    const errors = problemCount(r.findings, 'error');
    summary = r.readable ? (
      <>
        <SummaryList
          rows={[
            { key: '机关', value: r.agency ?? '未能识别' },
            { key: '年度', value: r.year ? `${r.year}年度` : '未能识别' },
            { key: '表格格式', value: r.format ? FORMATS[r.format].name : '' },
            { key: '结论', value: errors > 0 ? `发现 ${errors} 项错误` : '未发现错误' },
          ]}
          hideEmpty
        />
        <FindingsList findings={r.findings} empty="按勾稽规则和正文数字检查，未发现问题。" />
        {r.notes.length > 0 ? (
          <>
            <h3>读取说明</h3>
            <ul class="gk-list">
              {r.notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ) : (
      <Notice tone="warning">无法读取：{r.reason}</Notice>
    );
  }
  return (
    <Page title="年度报告检查" area="portal" hasErrors={!!props.errors}>
      <PortalBreadcrumbs item="年度报告检查" />
      <ErrorSummary errors={props.errors} />
      <h1>政府信息公开工作年度报告检查</h1>
      <p>
        粘贴年度报告的文字，或上传 .txt、.html、.docx、.pdf
        文件。系统读出报告中的表格，按国家格式的勾稽关系和正文中的数字逐项检查，并指出最可能出错的单元格。检查在本服务器上完成，不保存您提交的内容。
      </p>
      {r ? (
        <section aria-labelledby="result-title" class="gk-check-result">
          <h2 id="result-title">检查结果</h2>
          {summary}
        </section>
      ) : null}
      <PostForm action={paths.reports.checker()} csrf={props.csrf} multipart>
        <Textarea
          name="text"
          label="报告文字"
          hint="从网页或文档中复制整份报告（含表格）粘贴到这里；上传文件时可不填。"
          value={props.values?.text}
          error={props.errors?.text}
          rows={12}
          optional
        />
        <div class={`gk-form-group${props.errors?.file ? ' gk-form-group--error' : ''}`}>
          <label class="gk-label" for="file">
            或上传报告文件<span class="gk-optional">（选填）</span>
          </label>
          <div class="gk-hint" id="file-hint">
            支持 .txt、.html、.docx、.pdf，不超过 10 MB。
          </div>
          {props.errors?.file ? (
            <p class="gk-error-message" id="file-error">
              <span class="gk-visually-hidden">错误：</span>
              {props.errors.file}
            </p>
          ) : null}
          <input
            class="gk-file-upload"
            id="file"
            name="file"
            type="file"
            accept=".txt,.html,.htm,.docx,.pdf"
            aria-describedby={props.errors?.file ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <Button>开始检查</Button>
      </PostForm>
    </Page>
  );
}
