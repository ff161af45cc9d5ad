import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listAgencies } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import { actorOf } from '../agencies/agency.service.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import { orFormError, parseForm } from '../shared/http/forms.ts';
import { formStatus, noticeFrom, sendAdminPage } from '../shared/http/page.ts';
import { idOf } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import type { FieldErrors } from '../shared/ui/components.tsx';
import { can, requireViewer } from './auth.ts';
import { scopeIncludes } from './roles.ts';
import { findUserById, listUsers, type UserWithAgency } from './user.repository.ts';
import { USER_FIELDS, userSchema } from './user.rules.ts';
import { changeUser, createUser, unlockAccount } from './user.service.ts';
import { UserForm, UserListPage } from './user.views.tsx';

/** The form's values for an existing account. */
function editValues(u: UserWithAgency): Record<string, string> {
  return {
    login: u.login,
    displayName: u.displayName,
    email: u.email ?? '',
    role: u.role,
    agencyId: u.agencyId === null ? '' : String(u.agencyId),
    active: u.active ? '1' : '',
  };
}

export async function registerUserRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const now = () => clock.now().toISOString();
  const manage = { config: { access: 'users.manage' as const } };

  app.get(paths.admin.users.pattern, { config: { access: 'users.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    return sendAdminPage(request, reply, 'users', UserListPage, {
      users: await listUsers(db, viewer.scope),
      canManage: can(viewer, 'users.manage'),
      now: now(),
      tz: config.timeZone,
      notice: noticeFrom(request, { created: '账号已创建。', saved: '修改已保存。' }),
    });
  });

  /** The form of a new account (`user` null) or of an account, empty or again with the errors (400). */
  const userForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserWithAgency | null,
    values: Record<string, string>,
    errors?: FieldErrors,
  ) => {
    const locked = user?.lockedUntil && !errors && user.lockedUntil > now() ? user.lockedUntil : null;
    return sendAdminPage(
      request,
      reply,
      'users',
      UserForm,
      {
        title: user ? `账号：${user.login}` : '新建账号',
        action: user ? paths.admin.userEdit({ userId: user.id }) : paths.admin.userNew(),
        values,
        errors,
        agencies: sortTree(await listAgencies(db, { kind: 'all' })),
        isNew: !user,
        locked: user && locked ? { userId: user.id, until: locked } : null,
        tz: config.timeZone,
      },
      formStatus(errors),
    );
  };

  app.get(paths.admin.userNew.pattern, manage, (request, reply) =>
    userForm(request, reply, null, { role: 'clerk' }),
  );

  app.post(paths.admin.userNew.pattern, manage, async (request, reply) => {
    const actor = actorOf(requireViewer(request), request.ip);
    const form = parseForm(userSchema(true), request.body, USER_FIELDS);
    if (!form.ok) return userForm(request, reply, null, form.values, form.errors);
    return orFormError(
      async () => {
        await createUser(db, actor, form.data, now());
        return reply.redirect(paths.admin.users(undefined, { created: '1' }), 303);
      },
      (errors) => userForm(request, reply, null, form.values, errors),
    );
  });

  const loadUser = async (request: FastifyRequest): Promise<UserWithAgency> => {
    const viewer = requireViewer(request);
    const user = await findUserById(db, idOf((request.params as Record<string, string>).userId));
    if (
      !user ||
      (viewer.scope.kind !== 'all' && !(user.agencyPath && scopeIncludes(viewer.scope, user.agencyPath)))
    )
      throw notFound('账号');
    return user;
  };

  app.get(paths.admin.userEdit.pattern, manage, async (request, reply) => {
    const user = await loadUser(request);
    return userForm(request, reply, user, editValues(user));
  });

  app.post(paths.admin.userEdit.pattern, manage, async (request, reply) => {
    const viewer = requireViewer(request);
    const user = await loadUser(request);
    const posted = request.body as Record<string, unknown>;
    const body = { ...posted, login: user.login, active: posted?.active ?? '' };
    const form = parseForm(userSchema(false), body, USER_FIELDS);
    if (!form.ok) return userForm(request, reply, user, form.values, form.errors);
    return orFormError(
      async () => {
        await changeUser(db, actorOf(viewer, request.ip), user, form.data, now());
        return reply.redirect(paths.admin.users(undefined, { saved: '1' }), 303);
      },
      (errors) => userForm(request, reply, user, form.values, errors),
    );
  });

  app.post(paths.admin.userUnlock.pattern, manage, async (request, reply) => {
    const viewer = requireViewer(request);
    const user = await loadUser(request);
    await unlockAccount(db, actorOf(viewer, request.ip), user, now());
    return reply.redirect(paths.admin.users(undefined, { saved: '1' }), 303);
  });
}
