import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  Notice,
  PostForm,
  Radios,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { type CaseListRow, KIND_OPTIONS, RESULT_OPTIONS } from './litigation.rules.ts';

/** Pages of the reconsideration and litigation cases (they fill table 四 of the annual report). */

export function LitigationListPage(props: {
  ctx: AdminContext;
  agency: Agency;
  cases: readonly CaseListRow[];
  canEdit: boolean;
  notice?: string | undefined;
}) {
  const a = props.agency;
  return (
    <Page title={`行政复议、行政诉讼案件 - ${a.name}`} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.reports.list(), label: '年度报告' }, { label: '行政复议、行政诉讼案件' }]}
      />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>行政复议、行政诉讼案件</h1>
      <p>
        {a.name}因政府信息公开工作被申请行政复议、提起行政诉讼的案件。这些案件自动计入年度报告第四部分的表格。
      </p>
      {props.canEdit ? (
        <p>
          <a class="gk-button" href={paths.litigation.create({ agencyId: a.id })}>
            登记案件
          </a>
        </p>
      ) : null}
      {props.cases.length === 0 ? (
        <Notice>尚未登记案件。</Notice>
      ) : (
        <table class="gk-table">
          <caption class="gk-visually-hidden">已登记的案件</caption>
          <thead>
            <tr>
              <th scope="col">类型</th>
              <th scope="col">案号</th>
              <th scope="col">关联申请</th>
              <th scope="col">申请或起诉日期</th>
              <th scope="col">决定或判决日期</th>
              <th scope="col">结果</th>
              <th scope="col">文书</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.cases.map((c) => (
              <tr>
                <th scope="row">{c.kindLabel}</th>
                <td>{c.caseNumber ?? '—'}</td>
                <td>{c.serial ?? '—'}</td>
                <td>{c.filedOn}</td>
                <td>{c.decidedOn ?? '—'}</td>
                <td>{c.resultLabel}</td>
                <td>
                  <a href={paths.litigation.documents({ agencyId: a.id, caseId: c.id })}>
                    文书（{c.documentCount}）
                    <span class="gk-visually-hidden">：{c.caseNumber ?? c.filedOn}案件</span>
                  </a>
                </td>
                <td>
                  {props.canEdit ? (
                    <a href={paths.litigation.edit({ agencyId: a.id, caseId: c.id })}>
                      修改<span class="gk-visually-hidden">{c.caseNumber ?? c.filedOn}案件</span>
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export function LitigationFormPage(props: {
  ctx: AdminContext;
  agency: Agency;
  /** The case being changed; null for a new one. */
  caseId: number | null;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const e = props.errors;
  const f = fieldBinder(props.values, e);
  const ids = { agencyId: props.agency.id };
  const title = props.caseId ? '修改案件' : '登记行政复议、行政诉讼案件';
  return (
    <Page title={title} hasErrors={!!e} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.litigation.list(ids), label: '行政复议、行政诉讼案件' }, { label: title }]}
      />
      <ErrorSummary errors={e} />
      <h1>{title}</h1>
      <PostForm
        action={
          props.caseId
            ? paths.litigation.edit({ ...ids, caseId: props.caseId })
            : paths.litigation.create(ids)
        }
        csrf={props.ctx.csrf}
      >
        <Radios {...f('kind')} label="案件类型" options={KIND_OPTIONS} />
        <TextInput {...f('caseNumber')} label="案号" optional />
        <TextInput
          {...f('applicationSerial')}
          label="关联的申请编号"
          hint="案件由某件政府信息公开申请引起时填写，如 2024-0007"
          width="third"
          optional
        />
        <TextInput {...f('counterparty')} label="申请人或原告" optional />
        <TextInput {...f('filedOn')} label="申请复议或提起诉讼的日期" hint="如 2024-03-15" width="third" />
        <Radios {...f('result')} label="案件结果" options={RESULT_OPTIONS} />
        <TextInput
          {...f('decidedOn')}
          label="复议决定或判决日期"
          hint="尚未审结的不填"
          width="third"
          optional
        />
        <Textarea
          {...f('documents')}
          label="文书与备注"
          hint="复议决定书、判决书的文号和存档位置等"
          rows={4}
          optional
        />
        <Button>保存案件</Button>
      </PostForm>
      {props.caseId ? (
        <PostForm action={paths.litigation.remove({ ...ids, caseId: props.caseId })} csrf={props.ctx.csrf}>
          <Button variant="warning">删除案件</Button>
        </PostForm>
      ) : null}
    </Page>
  );
}
