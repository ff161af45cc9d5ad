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

type Bind = ReturnType<typeof fieldBinder>;
type Audience = 'public' | 'clerk';

/** 申请人类型: 自然人, or one of the kinds of 法人或者其他组织 (the annual report's columns). */
export function ApplicantTypeField(props: { f: Bind; label?: string; hint?: string }) {
  return (
    <Radios
      {...props.f('applicantType')}
      label={props.label ?? '申请人类型'}
      hint={props.hint ?? '法人或者其他组织请选择所属类别'}
      options={APPLICANT_TYPES.map((t) => ({
        value: t,
        label: t === 'naturalPerson' ? '自然人（公民）' : `法人或者其他组织：${APPLICANT_TYPE_LABELS[t]}`,
      }))}
    />
  );
}

/** 姓名或名称; `kind` words it for one kind of applicant when it is known. */
export function ApplicantNameField(props: { f: Bind; kind?: 'person' | 'organisation' }) {
  const label = props.kind === 'person' ? '姓名' : props.kind === 'organisation' ? '名称' : '姓名或名称';
  const hint =
    props.kind === 'person'
      ? '与身份证明上的姓名一致'
      : props.kind === 'organisation'
        ? '填写法人或者其他组织的全称，与营业执照或登记证书一致'
        : '自然人填写姓名；法人或者其他组织填写全称';
  return (
    <TextInput
      {...props.f('applicantName')}
      label={label}
      hint={hint}
      autocomplete={props.kind === 'organisation' ? 'organization' : 'name'}
    />
  );
}

/**
 * A natural person's identity document. With `reveal`, the name of another document is marked to be shown
 * only while “其他身份证明” is chosen (app.js does it; without JavaScript it is always shown).
 */
export function PersonIdentityFields(props: { f: Bind; reveal?: boolean }) {
  const { f } = props;
  const otherName = (
    <TextInput
      {...f('idDocName')}
      label="其他身份证明的名称"
      hint="选择“其他身份证明”时填写，例如护照、港澳居民来往内地通行证"
      optional
      width="half"
    />
  );
  return (
    <>
      <Radios
        {...f('idDocType')}
        label="身份证明种类"
        inline
        options={[
          { value: 'resident_id', label: '居民身份证' },
          { value: 'other', label: '其他身份证明' },
        ]}
      />
      {props.reveal ? <div data-shown-when="idDocType=other">{otherName}</div> : otherName}
      <TextInput
        {...f('idDocNumber')}
        label="身份证明号码"
        hint="居民身份证号码为 18 位，最后一位可能是 X"
        width="half"
        spellcheck={false}
        autocomplete="off"
      />
    </>
  );
}

/** An organisation's code and contact person. */
export function OrganisationFields(props: { f: Bind }) {
  const { f } = props;
  return (
    <>
      <TextInput
        {...f('creditCode')}
        label="统一社会信用代码"
        hint="18 位，可在营业执照或登记证书上找到"
        width="half"
        spellcheck={false}
      />
      <TextInput {...f('contactPerson')} label="联系人姓名" width="half" />
    </>
  );
}

/** 联系方式. */
export function ContactFields(props: { f: Bind }) {
  const { f } = props;
  return (
    <>
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
    </>
  );
}

/** 所需政府信息: the description, the purpose, the form and the way of receiving it. */
export function RequestFields(props: { f: Bind; audience: Audience }) {
  const { f } = props;
  return (
    <>
      <Textarea
        {...f('request')}
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述"
        hint={`请尽量写明文件名称、文号、制作机关、时间等，便于工作人员查找。${props.audience === 'public' ? '一份申请最好只涉及一项信息。' : ''}`}
        rows={6}
      />
      <Textarea {...f('purpose')} label="用途说明" optional rows={3} />
      <Radios
        {...f('formWanted')}
        label="所需信息的形式"
        options={FORMS_WANTED.map((w) => ({ value: w, label: FORM_WANTED_LABELS[w] }))}
      />
      <Radios
        {...f('delivery')}
        label="获取信息的方式"
        options={DELIVERY_METHODS.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))}
      />
    </>
  );
}

/** Every field on one page (the clerk's registration). */
export function ApplicantFields(props: {
  values: Readonly<Record<string, string>>;
  errors?: FieldErrors | undefined;
  /** Public wording (您) or the clerk's (申请人). */
  audience: Audience;
  /** Shown after the identity document fields. */
  identityUpload?: Child;
}) {
  const f = fieldBinder(props.values, props.errors ?? {});
  return (
    <>
      <h2 class="gk-h2">申请人信息</h2>
      <ApplicantTypeField f={f} />
      <ApplicantNameField f={f} />
      <h3 class="gk-h3">自然人：身份证明</h3>
      <PersonIdentityFields f={f} />
      {props.identityUpload ?? null}
      <h3 class="gk-h3">法人或者其他组织</h3>
      <OrganisationFields f={f} />
      <h2 class="gk-h2">联系方式</h2>
      <ContactFields f={f} />
      <h2 class="gk-h2">所需政府信息</h2>
      <RequestFields f={f} audience={props.audience} />
    </>
  );
}
