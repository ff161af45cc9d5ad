/** The application form's fields (条例第二十九条), shared by the public form and the clerk's registration. */
import type { Child } from 'hono/jsx';
import { type FieldErrors, Radios, Textarea, TextInput } from '../shared/ui/components.tsx';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  DELIVERY_LABELS,
  DELIVERY_METHODS,
  FORM_WANTED_LABELS,
  FORMS_WANTED,
} from './application.rules.ts';

export function ApplicantFields(props: {
  values: Readonly<Record<string, string>>;
  errors?: FieldErrors | undefined;
  /** Public wording (您) or the clerk's (申请人). */
  audience: 'public' | 'clerk';
  /** Shown after the identity document fields (the public form's upload). */
  identityUpload?: Child;
}) {
  const v = props.values;
  const e = props.errors ?? {};
  const you = props.audience === 'public' ? '您' : '申请人';
  return (
    <>
      <h2 class="gk-h2">申请人信息</h2>
      <Radios
        name="applicantType"
        label="申请人类型"
        hint="法人或者其他组织请选择所属类别"
        value={v.applicantType}
        error={e.applicantType}
        options={APPLICANT_TYPES.map((t) => ({
          value: t,
          label: t === 'naturalPerson' ? '自然人（公民）' : `法人或者其他组织：${APPLICANT_TYPE_LABELS[t]}`,
        }))}
      />
      <TextInput
        name="applicantName"
        label="姓名或名称"
        hint="自然人填写姓名；法人或者其他组织填写全称"
        value={v.applicantName}
        error={e.applicantName}
        autocomplete="name"
      />
      <h3 class="gk-h3">自然人：身份证明</h3>
      <Radios
        name="idDocType"
        label="身份证明种类"
        value={v.idDocType}
        error={e.idDocType}
        inline
        options={[
          { value: 'resident_id', label: '居民身份证' },
          { value: 'other', label: '其他身份证明' },
        ]}
      />
      <TextInput
        name="idDocName"
        label="其他身份证明的名称"
        hint="选择“其他身份证明”时填写，例如护照、港澳居民来往内地通行证"
        value={v.idDocName}
        error={e.idDocName}
        optional
        width="half"
      />
      <TextInput
        name="idDocNumber"
        label="身份证明号码"
        hint="居民身份证号码为 18 位，最后一位可能是 X"
        value={v.idDocNumber}
        error={e.idDocNumber}
        width="half"
        spellcheck={false}
        autocomplete="off"
      />
      {props.identityUpload ?? null}
      <h3 class="gk-h3">法人或者其他组织</h3>
      <TextInput
        name="creditCode"
        label="统一社会信用代码"
        hint="18 位，可在营业执照或登记证书上找到"
        value={v.creditCode}
        error={e.creditCode}
        width="half"
        spellcheck={false}
      />
      <TextInput
        name="contactPerson"
        label="联系人姓名"
        value={v.contactPerson}
        error={e.contactPerson}
        width="half"
      />
      <h2 class="gk-h2">联系方式</h2>
      <TextInput
        name="phone"
        label="联系电话"
        type="tel"
        value={v.phone}
        error={e.phone}
        width="half"
        autocomplete="tel"
      />
      <TextInput
        name="email"
        label="电子邮箱"
        type="email"
        value={v.email}
        error={e.email}
        optional
        autocomplete="email"
        spellcheck={false}
      />
      <TextInput
        name="address"
        label="通信地址"
        hint="选择邮寄时必填"
        value={v.address}
        error={e.address}
        optional
        autocomplete="street-address"
      />
      <TextInput
        name="postcode"
        label="邮政编码"
        value={v.postcode}
        error={e.postcode}
        optional
        width="third"
        inputmode="numeric"
        autocomplete="postal-code"
      />
      <h2 class="gk-h2">所需政府信息</h2>
      <Textarea
        name="request"
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述"
        hint={`请尽量写明文件名称、文号、制作机关、时间等，便于工作人员查找。${you === '您' ? '一份申请最好只涉及一项信息。' : ''}`}
        value={v.request}
        error={e.request}
        rows={6}
      />
      <Textarea name="purpose" label="用途说明" value={v.purpose} error={e.purpose} optional rows={3} />
      <Radios
        name="formWanted"
        label="所需信息的形式"
        value={v.formWanted}
        error={e.formWanted}
        options={FORMS_WANTED.map((f) => ({ value: f, label: FORM_WANTED_LABELS[f] }))}
      />
      <Radios
        name="delivery"
        label="获取信息的方式"
        value={v.delivery}
        error={e.delivery}
        options={DELIVERY_METHODS.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))}
      />
    </>
  );
}

/** Keeps every answer in hidden fields (the check-your-answers page; no server-side session needed). */
export function HiddenAnswers({
  values,
  fields,
}: {
  values: Readonly<Record<string, string>>;
  fields: readonly string[];
}) {
  return (
    <>
      {fields.map((f) => (
        <input type="hidden" name={f} value={values[f] ?? ''} />
      ))}
    </>
  );
}
