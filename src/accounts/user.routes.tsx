import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgency, listAgencies } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import { actorOf } from '../agencies/agency.service.ts';
import { indentedName } from '../agencies/agency.views.tsx';
import { appendAudit } from '../audit/audit.repository.ts';
import { formatDateTime } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import { parseForm } from '../shared/http/forms.ts';
import { adminContext, noticeFrom, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  Checkbox,
  ErrorSummary,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  Radios,
  Select,
  Tag,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { can, requireViewer } from './auth.ts';
import { checkNewPassword, hashPassword } from './password.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, scopeIncludes } from './roles.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import {
  findUserById,
  findUserByLogin,
  insertUser,
  listUsers,
  setPassword,
  type UserWithAgency,
  unlockUser,
  updateUser,
} from './user.repository.ts';

const USER_FIELDS = ['login', 'displayName', 'email', 'role', 'agencyId', 'password', 'active'] as const;

function userSchema(isNew: boolean) {
  return z
    .object({
      login: z
        .string()
        .trim()
        .regex(
          /^[a-z0-9][a-z0-9._-]{2,31}$/,
          '用户名为 3–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头',
        ),
      displayName: z.string().trim().min(1, '请填写姓名').max(40, '姓名不能超过 40 个字'),
      email: z
        .string()
        .trim()
        .max(120, '电子邮箱不能超过 120 个字符')
        .refine((v) => v === '' || /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(v), {
          message: '电子邮箱格式不正确，例如 zhangsan@example.gov.cn',
        })
        .transform((v) => (v === '' ? null : v)),
      role: z.enum(ROLES, { message: '请选择角色' }),
      agencyId: z
        .string()
        .trim()
        .transform((v) => (v === '' ? null : Number(v))),
      password: z.string(),
      active: z.string().transform((v) => v === '1'),
    })
    .superRefine((v, ctx) => {
      if (v.role !== 'admin' && v.agencyId === null)
        ctx.addIssue({ code: 'custom', path: ['agencyId'], message: '请选择所属机构' });
      if (isNew || v.password !== '') {
        const msg = checkNewPassword(v.password, v.login);
        if (msg)
          ctx.addIssue({
            code: 'custom',
            path: ['password'],
            message: isNew && v.password === '' ? '请设置初始密码' : msg,
          });
      }
    });
}

function UserListPage(props: {
  ctx: AdminContext;
  users: readonly UserWithAgency[];
  canManage: boolean;
  now: string;
  tz: string;
  notice?: string;
}) {
  return (
    <Page title="账号" {...props.ctx}>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>账号</h1>
      {props.canManage ? <LinkButton href={paths.admin.userNew()}>新建账号</LinkButton> : null}
      <table class="gk-table">
        <thead>
          <tr>
            <th scope="col">用户名</th>
            <th scope="col">姓名</th>
            <th scope="col">角色</th>
            <th scope="col">所属机构</th>
            <th scope="col">状态</th>
            <th scope="col">最近登录</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </Page>
  );
}

function UserForm(props: {
  ctx: AdminContext;
  title: string;
  action: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  agencies: readonly { id: number; name: string; depth: number }[];
  isNew: boolean;
  locked?: { userId: number; until: string } | null;
  tz: string;
}) {
  const v = props.values;
  const e = props.errors ?? {};
  const f = fieldBinder(v, e);
  return (
    <Page title={props.title} {...props.ctx} hasErrors={Object.keys(e).length > 0}>
      <Breadcrumbs items={[{ href: paths.admin.users(), label: '账号' }, { label: props.title }]} />
      <ErrorSummary errors={e} />
      <h1>{props.title}</h1>
      {props.locked ? (
        <Notice tone="warning">
          <p>该账号因多次输入错误密码被锁定至 {formatDateTime(props.locked.until, props.tz)}。</p>
          <PostForm action={paths.admin.userUnlock({ userId: props.locked.userId })} csrf={props.ctx.csrf}>
            <Button variant="secondary">立即解锁</Button>
          </PostForm>
        </Notice>
      ) : null}
      <PostForm action={props.action} csrf={props.ctx.csrf}>
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
        <Select
          {...f('agencyId')}
          label="所属机构"
          placeholder="（无，仅系统管理员）"
          options={props.agencies.map((a) => ({ value: String(a.id), label: indentedName(a) }))}
        />
        <TextInput
          name="password"
          label={props.isNew ? '初始密码' : '重设密码'}
          optional={!props.isNew}
          type="password"
          autocomplete="new-password"
          hint={
            props.isNew
              ? '至少 10 个字符，包含字母、数字、符号中的两类'
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
      </PostForm>
    </Page>
  );
}

function idParam(request: FastifyRequest): number {
  const raw = (request.params as Record<string, string>).userId ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

export async function registerUserRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const agencyOptions = async () => sortTree(await listAgencies(db, { kind: 'all' }));

  app.get(paths.admin.users.pattern, { config: { access: 'users.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const users = await listUsers(db, viewer.scope);
    const notice = noticeFrom(request, { created: '账号已创建。', saved: '修改已保存。' });
    return sendPage(
      reply,
      <UserListPage
        ctx={adminContext(request, reply, 'users')}
        users={users}
        canManage={can(viewer, 'users.manage')}
        now={clock.now().toISOString()}
        tz={config.timeZone}
        notice={notice}
      />,
    );
  });

  app.get(paths.admin.userNew.pattern, { config: { access: 'users.manage' } }, async (request, reply) => {
    return sendPage(
      reply,
      <UserForm
        ctx={adminContext(request, reply, 'users')}
        title="新建账号"
        action={paths.admin.userNew()}
        values={{ role: 'clerk' }}
        agencies={await agencyOptions()}
        isNew
        tz={config.timeZone}
      />,
    );
  });

  app.post(paths.admin.userNew.pattern, { config: { access: 'users.manage' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const form = parseForm(userSchema(true), request.body, USER_FIELDS);
    let errors = form.ok ? undefined : form.errors;
    if (form.ok) {
      const d = form.data;
      const agency = d.agencyId === null ? null : await findAgency(db, d.agencyId);
      if (d.agencyId !== null && !agency) errors = { agencyId: '请选择所属机构' };
      else if (await findUserByLogin(db, d.login)) errors = { login: `用户名“${d.login}”已被使用` };
      else {
        const hash = await hashPassword(d.password);
        const now = clock.now().toISOString();
        await db.transaction().execute(async (trx) => {
          const id = await insertUser(
            trx,
            {
              login: d.login,
              displayName: d.displayName,
              role: d.role,
              agencyId: agency?.id ?? null,
              passwordHash: hash,
              email: d.email,
            },
            now,
          );
          await appendAudit(trx, {
            actor: actorOf(viewer, request.ip),
            at: now,
            action: 'create',
            entityType: 'user',
            entityId: id,
            agencyId: agency?.id ?? null,
            summary: `创建账号“${d.login}”（${ROLE_LABELS[d.role]}）`,
            after: {
              login: d.login,
              displayName: d.displayName,
              email: d.email,
              role: d.role,
              agencyId: agency?.id ?? null,
            },
          });
        });
        return reply.redirect(paths.admin.users(undefined, { created: '1' }), 303);
      }
    }
    return sendPage(
      reply,
      <UserForm
        ctx={adminContext(request, reply, 'users')}
        title="新建账号"
        action={paths.admin.userNew()}
        values={form.values}
        errors={errors}
        agencies={await agencyOptions()}
        isNew
        tz={config.timeZone}
      />,
      400,
    );
  });

  const loadUser = async (request: FastifyRequest): Promise<UserWithAgency> => {
    const viewer = requireViewer(request);
    const user = await findUserById(db, idParam(request));
    if (
      !user ||
      (viewer.scope.kind !== 'all' && !(user.agencyPath && scopeIncludes(viewer.scope, user.agencyPath)))
    )
      throw notFound('账号');
    return user;
  };

  const editValues = (u: UserWithAgency) => ({
    login: u.login,
    displayName: u.displayName,
    email: u.email ?? '',
    role: u.role,
    agencyId: u.agencyId === null ? '' : String(u.agencyId),
    active: u.active ? '1' : '',
  });

  app.get(paths.admin.userEdit.pattern, { config: { access: 'users.manage' } }, async (request, reply) => {
    const user = await loadUser(request);
    const now = clock.now().toISOString();
    return sendPage(
      reply,
      <UserForm
        ctx={adminContext(request, reply, 'users')}
        title={`账号：${user.login}`}
        action={paths.admin.userEdit({ userId: user.id })}
        values={editValues(user)}
        agencies={await agencyOptions()}
        isNew={false}
        locked={
          user.lockedUntil && user.lockedUntil > now ? { userId: user.id, until: user.lockedUntil } : null
        }
        tz={config.timeZone}
      />,
    );
  });

  app.post(paths.admin.userEdit.pattern, { config: { access: 'users.manage' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const user = await loadUser(request);
    const body = {
      ...(request.body as Record<string, unknown>),
      login: user.login,
      active: (request.body as Record<string, unknown>)?.active ?? '',
    };
    const form = parseForm(userSchema(false), body, USER_FIELDS);
    let errors = form.ok ? undefined : form.errors;
    if (form.ok) {
      const d = form.data;
      const agency = d.agencyId === null ? null : await findAgency(db, d.agencyId);
      if (d.agencyId !== null && !agency) errors = { agencyId: '请选择所属机构' };
      else if (user.id === viewer.id && (d.role !== 'admin' || !d.active))
        errors = { role: '不能取消自己的系统管理员角色或停用自己的账号' };
      else {
        const now = clock.now().toISOString();
        const hash = d.password ? await hashPassword(d.password) : null;
        await db.transaction().execute(async (trx) => {
          await updateUser(
            trx,
            user.id,
            {
              displayName: d.displayName,
              email: d.email,
              role: d.role,
              agencyId: agency?.id ?? null,
              active: d.active,
            },
            now,
          );
          if (hash) await setPassword(trx, user.id, hash, now);
          if (hash || !d.active) await deleteSessionsOfUser(trx, user.id);
          await appendAudit(trx, {
            actor: actorOf(viewer, request.ip),
            at: now,
            action: 'update',
            entityType: 'user',
            entityId: user.id,
            agencyId: agency?.id ?? user.agencyId,
            summary: `修改账号“${user.login}”${hash ? '，并重设了密码' : ''}`,
            before: {
              displayName: user.displayName,
              email: user.email,
              role: user.role,
              agencyId: user.agencyId,
              active: user.active,
            },
            after: {
              displayName: d.displayName,
              email: d.email,
              role: d.role,
              agencyId: agency?.id ?? null,
              active: d.active,
              passwordReset: Boolean(hash),
            },
          });
        });
        return reply.redirect(paths.admin.users(undefined, { saved: '1' }), 303);
      }
    }
    return sendPage(
      reply,
      <UserForm
        ctx={adminContext(request, reply, 'users')}
        title={`账号：${user.login}`}
        action={paths.admin.userEdit({ userId: user.id })}
        values={form.values}
        errors={errors}
        agencies={await agencyOptions()}
        isNew={false}
        tz={config.timeZone}
      />,
      400,
    );
  });

  app.post(paths.admin.userUnlock.pattern, { config: { access: 'users.manage' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const user = await loadUser(request);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await unlockUser(trx, user.id, now);
      await appendAudit(trx, {
        actor: actorOf(viewer, request.ip),
        at: now,
        action: 'unlock',
        entityType: 'user',
        entityId: user.id,
        agencyId: user.agencyId,
        summary: `解锁账号“${user.login}”`,
      });
    });
    return reply.redirect(paths.admin.users(undefined, { saved: '1' }), 303);
  });
}
