/**
 * The review part of a letter's page (issue 11): where the letter stands (待审核, 已退回修改 and why), the
 * clerk's 提交审核, and the reviewer's warnings, 仍然批准, 审核通过 and 退回修改. Works without JavaScript.
 */
import { formatDateTime } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import { Button, Checkbox, Notice, PostForm, Textarea } from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import type { Letter } from './application.model.ts';
import { type ApprovalWarning, letterStage } from './letter.rules.ts';

/** The reviewer's reason, shown to the clerk while the letter is returned. */
export function ReturnedNotice(props: { letter: Letter; timeZone: string }) {
  const l = props.letter;
  if (letterStage(l) !== 'returned') return null;
  return (
    <Notice tone="warning">
      <p>
        <strong>审核人于 {formatDateTime(l.returnedAt, props.timeZone)} 退回修改，理由：</strong>
      </p>
      <p class="gk-pre">{l.returnReason ?? '（未填写）'}</p>
      <p>请按审核意见修改后再次提交审核。</p>
    </Notice>
  );
}

export function LetterReviewPanel(props: {
  ctx: AdminContext;
  applicationId: number;
  letter: Letter;
  warnings: readonly ApprovalWarning[];
  seenKey: string;
  canEdit: boolean;
  canApprove: boolean;
  timeZone: string;
  values?: Record<string, string> | undefined;
  errors?: Readonly<Record<string, string>> | undefined;
}) {
  const l = props.letter;
  const stage = letterStage(l);
  if (l.status !== 'draft') return null;
  const base = { applicationId: props.applicationId, letterId: l.id };
  const confirmError = props.errors?.confirm;
  return (
    <section id="review" aria-labelledby="review-title">
      <h2 id="review-title">审核</h2>
      <ReturnedNotice letter={l} timeZone={props.timeZone} />
      {stage === 'submitted' ? (
        <p>已于 {formatDateTime(l.submittedAt, props.timeZone)} 提交审核，等待审核人审核。</p>
      ) : null}
      {props.warnings.length > 0 ? (
        <Notice tone="warning">
          <p>
            <strong>{props.canApprove ? '批准前请核对：' : '提交审核前请核对：'}</strong>
          </p>
          <ul>
            {props.warnings.map((w) => (
              <li>{w.message}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {props.canEdit && stage !== 'submitted' ? (
        <PostForm action={paths.applications.letterSubmit(base)} csrf={props.ctx.csrf}>
          <Button variant={props.canApprove ? 'secondary' : 'primary'}>提交审核</Button>
        </PostForm>
      ) : null}
      {props.canApprove ? (
        <>
          <PostForm action={paths.applications.letterApprove(base)} csrf={props.ctx.csrf}>
            <input type="hidden" name="seenKey" value={props.seenKey} />
            {confirmError ? (
              // The error summary links to #confirm: the checkbox, or this message when there is none.
              <p class="gk-error-message" id={props.warnings.length > 0 ? 'confirm-error' : 'confirm'}>
                <span class="gk-visually-hidden">错误：</span>
                {confirmError}
              </p>
            ) : null}
            {props.warnings.length > 0 ? (
              <Checkbox
                name="confirm"
                label="仍然批准"
                hint="已核对上述问题，确认文书可以照此发出。"
                checked={props.values?.confirm === '1'}
              />
            ) : null}
            <Button>审核通过</Button>
          </PostForm>
          <PostForm action={paths.applications.letterReturn(base)} csrf={props.ctx.csrf}>
            <Textarea
              name="returnReason"
              label="退回修改的理由"
              hint="经办人将在工作台和本页看到这段话。"
              value={props.values?.returnReason}
              error={props.errors?.returnReason}
              rows={3}
            />
            <Button variant="warning">退回修改</Button>
          </PostForm>
        </>
      ) : (
        <p class="gk-secondary">文书须经审核人审核通过后才能发出。</p>
      )}
    </section>
  );
}
