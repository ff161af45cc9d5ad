import { AgencySelect } from '../agencies/agency.views.tsx';
import { formatDateTime } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import { AdminPage, FormPage } from '../shared/ui/admin-page.tsx';
import {
  Button,
  Checkbox,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  Radios,
  Tag,
  TextInput,
} from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from './roles.ts';

/** An account as the list shows it. */
export interface UserLine {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyName: string | null;
  readonly active: boolean;
  readonly lockedUntil: string | null;
  readonly lastLoginAt: string | null;
}

export function UserListPage(props: {
  ctx: AdminContext;
  users: readonly UserLine[];
  canManage: boolean;
  now: string;
  tz: string;
  notice?: string | undefined;
}) {
  return (
    <AdminPage ctx={props.ctx} title="账号" notice={props.notice}>
      {props.canManage ? <LinkButton href={paths.admin.userNew()}>新建账号</LinkButton> : null}
      <Table columns={['用户名', '姓名', '角色', '所属机构', '状态', '最近登录']}>
        {props.users.map((u) => (
          <tr>
            <td>
              {props.canManage ? <a href={paths.admin.userEdit({ userId: u.id })}>{u.login}</a> : u.login}
            </td>
            <td>{u.displayName}</td>
            <td>{ROLE_LABELS[u.role]}</td>
            <td>{u.agencyName ?? '—'}</td>
            <td>
              {!u.active ? (
                <Tag tone="grey">已停用</Tag>
              ) : u.lockedUntil && u.lockedUntil > props.now ? (
                <Tag tone="red">已锁定</Tag>
              ) : (
                <Tag tone="green">正常</Tag>
              )}
            </td>
            <td>{formatDateTime(u.lastLoginAt, props.tz)}</td>
          </tr>
        ))}
      </Table>
    </AdminPage>
  );
}

export function UserForm(props: {
  ctx: AdminContext;
  title: string;
  action: string;
  values: Readonly<Record<string, string | undefined>>;
  errors?: FieldErrors | undefined;
  agencies: readonly { id: number; name: string; depth: number }[];
  isNew: boolean;
  locked?: { userId: number; until: string } | null;
  tz: string;
}) {
  const v = props.values;
  const e = props.errors ?? {};
  const f = fieldBinder(v, e);
  const unlock = props.locked ? (
    <Notice tone="warning">
      <p>该账号因多次输入错误密码被锁定至 {formatDateTime(props.locked.until, props.tz)}。</p>
      <PostForm action={paths.admin.userUnlock({ userId: props.locked.userId })} csrf={props.ctx.csrf}>
        <Button variant="secondary">立即解锁</Button>
      </PostForm>
    </Notice>
  ) : null;
  return (
    <FormPage
      ctx={props.ctx}
      title={props.title}
      breadcrumbs={[{ href: paths.admin.users(), label: '账号' }, { label: props.title }]}
      errors={e}
      intro={unlock}
      action={props.action}
    >
      {props.isNew ? (
        <TextInput
          {...f('login')}
          label="用户名"
          width="half"
          spellcheck={false}
          hint="登录时使用，创建后不能修改"
        />
      ) : (
        <input type="hidden" name="login" value={v.login} />
      )}
      <TextInput {...f('displayName')} label="姓名" width="half" />
      <TextInput
        {...f('email')}
        label="电子邮箱"
        optional
        type="email"
        autocomplete="off"
        spellcheck={false}
        hint="经办人、审核人每天收到即将到期和已逾期申请的提醒邮件"
        width="half"
      />
      <Radios
        {...f('role')}
        label="角色"
        options={ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r]}：${ROLE_DESCRIPTIONS[r]}` }))}
      />
      <AgencySelect
        {...f('agencyId')}
        label="所属机构"
        placeholder="（无，仅系统管理员）"
        agencies={props.agencies}
      />
      <TextInput
        name="password"
        label={props.isNew ? '初始密码' : '重设密码'}
        optional={!props.isNew}
        type="password"
        autocomplete="new-password"
        hint={
          props.isNew
            ? '至少 12 个字符，可以是几个词组成的短句；不能是常见密码或只有数字'
            : '留空则不修改。重设后该账号的所有登录将退出'
        }
        value=""
        error={e.password}
        width="half"
      />
      {props.isNew ? (
        <input type="hidden" name="active" value="1" />
      ) : (
        <Checkbox name="active" label="账号可用" checked={v.active === '1'} />
      )}
      <Button>{props.isNew ? '创建账号' : '保存修改'}</Button>
      <a href={paths.admin.users()}>取消</a>
    </FormPage>
  );
}
