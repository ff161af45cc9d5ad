/**
 * `gongkai user create --login 用户名 --name 姓名 --role 角色 [--agency 机构名称]`: creates an account;
 * the password comes from the environment variable GONGKAI_NEW_PASSWORD (never from the command line).
 */
import { findAgencyByName } from '../agencies/agency.repository.ts';
import { SYSTEM_ACTOR } from '../audit/audit.repository.ts';
import { EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError } from '../shared/cli-args.ts';
import type { Deps } from '../shared/deps.ts';
import { orFormError } from '../shared/http/forms.ts';
import type { Io } from '../shared/io.ts';
import { checkNewPassword } from './password.ts';
import { isRole, ROLES, type Role } from './roles.ts';
import { LOGIN_PATTERN } from './user.rules.ts';
import { createUser } from './user.service.ts';

export const USER_CREATE_USAGE = 'user create --login 用户名 --name 姓名 --role 角色 [--agency 机构名称]';

export interface UserCreateArgs {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly agency: string | undefined;
  readonly password: string;
}

/** The arguments of `gongkai user` and the new password; a `UsageError` lists every problem. */
export function parseUserCreateArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): UserCreateArgs {
  const { values, positionals } = parseCommandArgs(argv, {
    allowPositionals: true,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      agency: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'create')
    throw new UsageError('user 命令只有子命令 create。');
  const { login, name, role, agency } = values;
  const problems: string[] = [];
  if (!login || !LOGIN_PATTERN.test(login))
    problems.push('--login：3–32 位小写字母、数字、点、下划线或连字符');
  if (!name) problems.push('--name：请填写姓名');
  if (!isRole(role)) problems.push(`--role：应为 ${ROLES.join('、')} 之一`);
  if (role && role !== 'admin' && !agency) problems.push('--agency：除系统管理员外必须指定所属机构');
  const password = env.GONGKAI_NEW_PASSWORD ?? '';
  const pwProblem = checkNewPassword(password, login);
  if (pwProblem)
    problems.push(`GONGKAI_NEW_PASSWORD：${password ? pwProblem : '请通过该环境变量提供初始密码'}`);
  if (problems.length > 0) throw new UsageError(`参数有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { login: login as string, name: name as string, role: role as Role, agency, password };
}

/** Creates the account (audited as the system); an unknown agency or a taken login → exit 2. */
export async function createUserFromCli(args: UserCreateArgs, io: Io, deps: Deps): Promise<number> {
  const { db, clock } = deps;
  const agency = args.agency ? await findAgencyByName(db, args.agency) : null;
  if (args.agency && !agency) {
    io.stderr(`没有名为“${args.agency}”的机构。`);
    return EXIT_USAGE;
  }
  const account = {
    login: args.login,
    displayName: args.name,
    role: args.role,
    agencyId: agency?.id ?? null,
    email: null,
    password: args.password,
  };
  return orFormError(
    async () => {
      await createUser(db, SYSTEM_ACTOR, account, clock.now().toISOString(), 'command line');
      io.stdout(`已创建账号 ${args.login}。`);
      return EXIT_OK;
    },
    (errors) => {
      io.stderr(`${Object.values(errors).join('；')}。`);
      return EXIT_USAGE;
    },
  );
}
