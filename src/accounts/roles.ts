/**
 * Roles and permissions, declared once. Each route names the permission it needs
 * (see `access` in the route options); the auth hook checks it on every request,
 * and `scopeOf` limits what data the user sees to its agency or subtree.
 */
export const ROLES = ['admin', 'supervisor', 'reviewer', 'clerk'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: '系统管理员',
  supervisor: '政务公开主管',
  reviewer: '审核人',
  clerk: '经办人',
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: '管理全部机构和账号，查看审计日志',
  supervisor: '监督本机构及其下属全部机构的政务公开工作',
  reviewer: '本机构的分管领导，审核发布内容和答复文书',
  clerk: '本机构的经办人，登记和办理日常公开事务',
};

export const PERMISSIONS = [
  'dashboard.view',
  'agencies.view',
  'agencies.create',
  'agencies.edit',
  'users.view',
  'users.manage',
  'audit.view',
  'calendar.manage',
  /** See applications of the scope (supervisors: read-only statistics and cases). */
  'applications.view',
  /** Register applications, add events, draft letters (the clerk's daily work). */
  'applications.handle',
  /** Approve reply letters and extensions (the reviewing leader). */
  'applications.approve',
  'reports.view',
  /** Edit narrative and Article 20 figures, record litigation cases, submit the report. */
  'reports.edit',
  /** Approve and publish the annual report. */
  'reports.approve',
  /** Survey the published reports of many bodies (fetching their web sites) and rank them. */
  'reports.survey',
  'catalogue.view',
  /** Draft items, attachments, interpretations; answer questions and error reports. */
  'catalogue.edit',
  /** 保密审查 and publishing (谁发布，谁负责). */
  'catalogue.approve',
  /** 政务公开体检: the assessment of the agencies of the scope (overriding weights needs users.manage). */
  'assessment.view',
  /** The 后台任务 page: the worker's runs and queues (administrators only). */
  'jobs.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The clerk's daily work; a reviewer may do all of it and approve. */
const CLERK_PERMISSIONS: readonly Permission[] = [
  'dashboard.view',
  'agencies.view',
  'applications.view',
  'applications.handle',
  'reports.view',
  'reports.edit',
  'catalogue.view',
  'catalogue.edit',
  'assessment.view',
];

const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  supervisor: [
    'dashboard.view',
    'agencies.view',
    'agencies.create',
    'agencies.edit',
    'users.view',
    'audit.view',
    'applications.view',
    'reports.view',
    'reports.survey',
    'catalogue.view',
    'assessment.view',
  ],
  reviewer: [
    ...CLERK_PERMISSIONS,
    'agencies.edit',
    'applications.approve',
    'reports.approve',
    'catalogue.approve',
  ],
  clerk: CLERK_PERMISSIONS,
};

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function isPermission(v: unknown): v is Permission {
  return typeof v === 'string' && (PERMISSIONS as readonly string[]).includes(v);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Which agencies a user's data access covers. */
export type Scope =
  | { readonly kind: 'all' }
  | { readonly kind: 'subtree'; readonly agencyId: number; readonly path: string }
  | { readonly kind: 'agency'; readonly agencyId: number; readonly path: string }
  | { readonly kind: 'none' };

export interface ScopedUser {
  readonly role: Role;
  readonly agencyId: number | null;
  readonly agencyPath: string | null;
}

export function scopeOf(user: ScopedUser): Scope {
  if (user.role === 'admin') return { kind: 'all' };
  if (user.agencyId === null || user.agencyPath === null) return { kind: 'none' };
  if (user.role === 'supervisor') return { kind: 'subtree', agencyId: user.agencyId, path: user.agencyPath };
  return { kind: 'agency', agencyId: user.agencyId, path: user.agencyPath };
}

/** Whether an agency (given by its materialised path) lies within the scope. */
export function scopeIncludes(scope: Scope, agencyPath: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'subtree':
      return agencyPath.startsWith(scope.path);
    case 'agency':
      return agencyPath === scope.path;
    case 'none':
      return false;
  }
}

/** Roles a user may assign: only administrators manage accounts. */
export function assignableRoles(actor: Role): readonly Role[] {
  return actor === 'admin' ? ROLES : [];
}
