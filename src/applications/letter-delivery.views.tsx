/** The delivery parts of the staff's letter page: the fields of the send form, and the record of a sent letter. */

import { paths } from '../shared/paths.ts';
import {
  Button,
  type FieldErrors,
  Notice,
  PostForm,
  Radios,
  SummaryList,
  TextInput,
} from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import {
  DELIVERY_METHODS,
  type DeliveryMethod,
  type DeliveryView,
  SEND_METHOD_LABELS,
} from './letter-delivery.rules.ts';

/** The send form's delivery fields; the applicant's chosen method is preselected. */
export function DeliveryFields(props: {
  values: Readonly<Record<string, string | undefined>>;
  errors?: FieldErrors | undefined;
  chosen: DeliveryMethod;
  hasEmail: boolean;
}) {
  const v = props.values;
  return (
    <>
      <Radios
        name="delivery"
        label="送达方式"
        hint={`申请人选择的获取方式已预先选中。文书发出后即可在“查询办理进度”页面查看和下载${props.hasEmail ? '；申请人留有电子邮箱的，系统同时发送邮件' : '；申请人没有留下电子邮箱'}。`}
        value={v.delivery ?? props.chosen}
        options={DELIVERY_METHODS.map((m) => ({ value: m, label: SEND_METHOD_LABELS[m] }))}
        error={props.errors?.delivery}
      />
      <TextInput
        name="carrier"
        label="快递公司或邮政"
        hint="邮寄时填写，例如中国邮政 EMS"
        value={v.carrier}
        width="half"
        error={props.errors?.carrier}
      />
      <TextInput
        name="trackingNumber"
        label="快递单号"
        hint="邮寄时填写"
        value={v.trackingNumber}
        width="half"
        spellcheck={false}
        autocomplete="off"
        error={props.errors?.trackingNumber}
      />
      <TextInput
        name="collectedOn"
        label="领取日期"
        optional
        hint="自行领取且已领取时填写，例如 2026-11-25；也可以在申请人领取后再登记"
        value={v.collectedOn}
        width="third"
        error={props.errors?.collectedOn}
      />
    </>
  );
}

/** The delivery of a sent letter, with the form to record what is still open (tracking number, pick-up). */
export function DeliveryPanel(props: {
  ctx: AdminContext;
  base: { applicationId: number; letterId: number };
  delivery: DeliveryView;
  canEdit: boolean;
  values?: Readonly<Record<string, string | undefined>> | undefined;
  errors?: FieldErrors | undefined;
}) {
  const d = props.delivery;
  const v: Readonly<Record<string, string | undefined>> = {
    carrier: d.carrier ?? '',
    trackingNumber: d.trackingNumber ?? '',
    ...props.values,
  };
  const action = paths.applications.letterDelivery(props.base);
  return (
    <>
      <h2 id="delivery">送达</h2>
      <SummaryList
        rows={[
          { key: '送达方式', value: d.summary },
          { key: '查询页面', value: '申请人可凭查询码在“查询办理进度”页面查看全文、下载 PDF 和附件' },
          ...(d.mailStatus ? [{ key: '电子邮件', value: d.mailStatus }] : []),
        ]}
      />
      {d.mailWaiting ? (
        <Notice tone="warning">
          本系统未配置邮件服务器，邮件在<a href={paths.mail.outbox()}>发件箱</a>
          中等待发送；文书已在查询页面公开，申请人可以凭查询码查看。
        </Notice>
      ) : null}
      {props.canEdit && d.method === 'post' ? (
        <PostForm action={action} csrf={props.ctx.csrf}>
          <TextInput
            name="carrier"
            label="快递公司或邮政"
            value={v.carrier}
            width="half"
            error={props.errors?.carrier}
          />
          <TextInput
            name="trackingNumber"
            label="快递单号"
            value={v.trackingNumber}
            width="half"
            error={props.errors?.trackingNumber}
          />
          <Button variant="secondary">更正快递信息</Button>
        </PostForm>
      ) : null}
      {props.canEdit && d.method === 'pickup' && !d.collectedOn ? (
        <PostForm action={action} csrf={props.ctx.csrf}>
          <TextInput
            name="collectedOn"
            label="领取日期"
            hint="例如 2026-11-25"
            value={v.collectedOn}
            width="third"
            error={props.errors?.collectedOn}
          />
          <Button variant="secondary">登记已领取</Button>
        </PostForm>
      ) : null}
    </>
  );
}
