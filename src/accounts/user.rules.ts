/** The account form: its fields and schema, and the rule for a login name (shared with the command line). */
import { z } from 'zod';
import { checkNewPassword } from './password.ts';
import { ROLES } from './roles.ts';

/** 3–32 lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export const USER_FIELDS = [
  'login',
  'displayName',
  'email',
  'role',
  'agencyId',
  'password',
  'active',
] as const;

/** The account form; a new account must get a password, an existing one only when it is reset. */
export function userSchema(isNew: boolean) {
  return z
    .object({
      login: z
        .string()
        .trim()
        .regex(LOGIN_PATTERN, '用户名为 3–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头'),
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

export type UserFormData = z.output<ReturnType<typeof userSchema>>;
