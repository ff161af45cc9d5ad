/** The application form's fields (条例第二十九条), shared by the public form and the clerk's registration. */
import type { Child } from 'hono/jsx';
import { type FieldErrors, fieldBinder, Radios, Textarea, TextInput } from '../shared/ui/components.tsx';
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
  const f = fieldBinder(v, e);
  const you = props.audience === 'public' ? '您' : '申请人';
  return (
    <>
      <h2 class="gk-h2">申请人信息</h2>
      <Radios
        {...f('applicantType')}
        label="申请人类型"
        hint="法人或者其他组织请选择所属类别"
        options={APPLICANT_TYPES.map((t) => ({
          value: t,
          label: t === 'naturalPerson' ? '自然人（公民）' : `法人或者其他组织：${APPLICANT_TYPE_LABELS[t]}`,
        }))}
      />
      <TextInput
        {...f('applicantName')}
        label="姓名或名称"
        hint="自然人填写姓名；法人或者其他组织填写全称"
        autocomplete="name"
      />
      <h3 class="gk-h3">自然人：身份证明</h3>
      <Radios
        {...f('idDocType')}
        label="身份证明种类"
        inline
        options={[
          { value: 'resident_id', label: '居民身份证' },
          { value: 'other', label: '其他身份证明' },
        ]}
      />
      <TextInput
        {...f('idDocName')}
        label="其他身份证明的名称"
        hint="选择“其他身份证明”时填写，例如护照、港澳居民来往内地通行证"
        optional
        width="half"
      />
      <TextInput
        {...f('idDocNumber')}
        label="身份证明号码"
        hint="居民身份证号码为 18 位，最后一位可能是 X"
        width="half"
        spellcheck={false}
        autocomplete="off"
      />
      {props.identityUpload ?? null}
      <h3 class="gk-h3">法人或者其他组织</h3>
      <TextInput
        {...f('creditCode')}
        label="统一社会信用代码"
        hint="18 位，可在营业执照或登记证书上找到"
        width="half"
        spellcheck={false}
      />
      <TextInput {...f('contactPerson')} label="联系人姓名" width="half" />
      <h2 class="gk-h2">联系方式</h2>
      <TextInput {...f('phone')} label="联系电话" type="tel" width="half" autocomplete="tel" />
      <TextInput
        {...f('email')}
        label="电子邮箱"
        type="email"
        optional
        autocomplete="email"
        spellcheck={false}
      />
      <TextInput
        {...f('address')}
        label="通信地址"
        hint="选择邮寄时必填"
        optional
        autocomplete="street-address"
      />
      <TextInput
        {...f('postcode')}
        label="邮政编码"
        optional
        width="third"
        inputmode="numeric"
        autocomplete="postal-code"
      />
      <h2 class="gk-h2">所需政府信息</h2>
      <Textarea
        {...f('request')}
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述"
        hint={`请尽量写明文件名称、文号、制作机关、时间等，便于工作人员查找。${you === '您' ? '一份申请最好只涉及一项信息。' : ''}`}
        rows={6}
      />
      <Textarea {...f('purpose')} label="用途说明" optional rows={3} />
      <Radios
        {...f('formWanted')}
        label="所需信息的形式"
        options={FORMS_WANTED.map((f) => ({ value: f, label: FORM_WANTED_LABELS[f] }))}
      />
      <Radios
        {...f('delivery')}
        label="获取信息的方式"
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
