import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/http/errors.ts';
import {
  hasPermission,
  isPermission,
  type Permission,
  ROLE_LABELS,
  type Role,
  type Scope,
  scopeOf,
} from './roles.ts';
import { deleteSession, findSession, touchSession } from './session.repository.ts';
import { findUserById } from './user.repository.ts';

/**
 * What a route declares about who may call it: anyone, one permission, or any one of several. Every
 * route must declare one; the check happens here, once, before the handler runs.
 */
export type Access = 'public' | Permission | readonly [Permission, ...Permission[]];

export interface AuthedUser {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly agencyId: number | null;
  readonly agencyName: string | null;
  readonly agencyPath: string | null;
  readonly scope: Scope;
  /** The session the user signed in with; null when authenticated otherwise (an API token). */
  readonly sessionIdHash: string | null;
}

/** A route as registered, with the access it declares (the table the route × role matrix is built from). */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after `registerAuth`, in order (HEAD routes Fastify adds are left out). */
    declaredRoutes: DeclaredRoute[];
  }
  interface FastifyRequest {
    viewer: AuthedUser | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** The message of the 403 when the viewer lacks the access (default: the general one). */
    denied?: string;
    /** Set to false only for routes authenticated otherwise (API tokens). */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = 'gk_session';
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export function can(viewer: AuthedUser | null, permission: Permission): boolean {
  return viewer !== null && hasPermission(viewer.role, permission);
}

/** Whether the viewer has the permission, or one of the permissions, a route declares. */
export function hasAccess(viewer: AuthedUser, access: Exclude<Access, 'public'>): boolean {
  return typeof access === 'string' ? can(viewer, access) : access.some((p) => can(viewer, p));
}

/**
 * Refuses a request its route's declared access does not allow: not signed in → 401 (the error handler
 * sends pages to the login form), signed in without the permission → 403 with the route's `denied`
 * message. The one place permissions are checked: the auth hook calls it for every route, and upload
 * scopes call it before a body is read (`shared/http/uploads.ts`).
 */
export function enforceDeclaredAccess(request: FastifyRequest): void {
  const config = request.routeOptions.config as { access?: Access; denied?: string };
  const access = config.access;
  if (access === undefined || access === 'public') return;
  if (!request.viewer) throw new AppError('unauthenticated', '请先登录。');
  if (!hasAccess(request.viewer, access))
    throw new AppError(
      'forbidden',
      config.denied ?? '您的账号没有执行该操作的权限。如需开通，请联系系统管理员。',
    );
}

/**
 * The signed-in user, built in this one place for every way of signing in (session cookie, API token):
 * the active account with its agency, or null when there is none or it is deactivated.
 */
export async function loadAuthedUser(
  db: Db,
  userId: number,
  sessionIdHash: string | null,
): Promise<AuthedUser | null> {
  const user = await findUserById(db, userId);
  if (!user?.active) return null;
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    agencyId: user.agencyId,
    agencyName: user.agencyName,
    agencyPath: user.agencyPath,
    scope: scopeOf(user),
    sessionIdHash,
  };
}

export function requireViewer(request: FastifyRequest): AuthedUser {
  if (!request.viewer) throw new AppError('unauthenticated', '请先登录。');
  return request.viewer;
}

/**
 * Loads the session on every request, enforces each route's declared access, and refuses to
 * start if a route forgot to declare it.
 */
export function registerAuth(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config }): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionToken', null);
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);

  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    for (const method of [route.method].flat())
      if (method !== 'HEAD') declared.push({ method, url: route.url, access });
    if (access === undefined && !route.url.startsWith('/static') && route.method !== 'HEAD') {
      throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
    }
    const permissions = access === undefined || access === 'public' ? [] : [access].flat();
    if (access !== undefined && access !== 'public' && permissions.length === 0)
      throw new Error(`route ${route.method} ${route.url} declares an empty list of permissions`);
    for (const p of permissions) {
      if (!isPermission(p))
        throw new Error(`route ${route.method} ${route.url} declares an unknown permission ${p}`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findSession(deps.db, token);
    const now = deps.clock.now();
    if (!session || session.expiresAt <= now.toISOString()) return;
    const viewer = await loadAuthedUser(deps.db, session.userId, session.idHash);
    if (!viewer) return;
    if (now.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
      await touchSession(deps.db, session.idHash, now.toISOString());
    }
    request.sessionToken = token;
    request.viewer = viewer;
  });

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config as { access?: Access; csrf?: boolean };
    if (config.access === undefined) return; // static files and 404s
    enforceDeclaredAccess(request);
    if (config.csrf !== false && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }
  });
}

export async function endSession(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.sessionToken) await deleteSession(db, request.sessionToken);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
