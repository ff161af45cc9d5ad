import { formatDateTime } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import { AdminPage, FormPage } from '../shared/ui/admin-page.tsx';
import {
  Button,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  SummaryList,
  Tag,
  TextInput,
} from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { API_TOKEN_DAYS, API_TOKEN_MAX_DAYS } from './api-token.service.ts';

/** A token as the back office lists it (never the token itself). */
export interface TokenLine {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly agencyName: string | null;
  readonly label: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

function TokenState(props: { t: TokenLine; now: string; tz: string }) {
  const { t } = props;
  if (t.revokedAt) return <Tag tone="grey">已吊销（{formatDateTime(t.revokedAt, props.tz)}）</Tag>;
  if (t.expiresAt && t.expiresAt <= props.now) return <Tag tone="yellow">已过期</Tag>;
  return <Tag tone="green">有效</Tag>;
}

function TokenTable(props: {
  caption: string;
  tokens: readonly TokenLine[];
  withOwner: boolean;
  now: string;
  tz: string;
}) {
  const { tz } = props;
  return (
    <Table
      caption={props.caption}
      columns={[
        '编号',
        props.withOwner ? '账号' : null,
        '说明',
        '创建时间',
        '有效期至',
        '最近使用',
        '状态',
        '操作',
      ]}
    >
      {props.tokens.map((t) => (
        <tr>
          <td>{t.id}</td>
          {props.withOwner ? (
            <td>
              {t.displayName}（{t.login}
              {t.agencyName ? ` · ${t.agencyName}` : ''}）
            </td>
          ) : null}
          <td>{t.label ?? '—'}</td>
          <td>{formatDateTime(t.createdAt, tz)}</td>
          <td>{t.expiresAt ? formatDateTime(t.expiresAt, tz) : '吊销为止'}</td>
          <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt, tz) : '从未使用'}</td>
          <td>
            <TokenState t={t} now={props.now} tz={tz} />
          </td>
          <td>
            {t.revokedAt || (t.expiresAt && t.expiresAt <= props.now) ? (
              '—'
            ) : (
              <a href={paths.admin.tokenRevoke({ tokenId: t.id })}>
                吊销<span class="gk-visually-hidden">令牌 {t.id}</span>
              </a>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** The tokens of the signed-in user (and of the accounts they oversee), with the form for a new one. */
export function TokenListPage(props: {
  ctx: AdminContext;
  own: readonly TokenLine[];
  others: readonly TokenLine[];
  overseesOthers: boolean;
  values: Readonly<Record<string, string | undefined>>;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
  now: string;
  tz: string;
}) {
  const f = fieldBinder(props.values, props.errors);
  return (
    <AdminPage ctx={props.ctx} title="API 令牌" errors={props.errors} notice={props.notice}>
      <p>
        API 令牌供程序（如台账同步、统计脚本）以您的身份调用 JSON API（/api/v1），请求时放在
        <code>Authorization: Bearer 令牌</code>
        中。令牌只在创建时显示一次，数据库只保存其哈希值；修改密码或账号停用时，全部令牌自动吊销。
      </p>
      <h2>我的令牌</h2>
      {props.own.length === 0 ? (
        <p>您还没有令牌。</p>
      ) : (
        <TokenTable caption="我的令牌" tokens={props.own} withOwner={false} now={props.now} tz={props.tz} />
      )}
      <h2 id="new">创建令牌</h2>
      <PostForm action={paths.admin.tokens()} csrf={props.ctx.csrf}>
        <TextInput {...f('label')} label="说明" hint="用途，例如“台账同步”，便于日后辨认" width="half" />
        <TextInput
          {...f('days')}
          label="有效天数"
          hint={`1 至 ${API_TOKEN_MAX_DAYS} 天，默认 ${API_TOKEN_DAYS} 天`}
          inputmode="numeric"
          width="third"
        />
        <Button>创建令牌</Button>
      </PostForm>
      {props.overseesOthers ? (
        <>
          <h2>所管理账号的令牌</h2>
          {props.others.length === 0 ? (
            <p>所管理的账号没有令牌。</p>
          ) : (
            <TokenTable
              caption="所管理账号的令牌"
              tokens={props.others}
              withOwner={true}
              now={props.now}
              tz={props.tz}
            />
          )}
        </>
      ) : null}
    </AdminPage>
  );
}

/** Shown once, as the answer to the creating POST: the token itself. */
export function TokenCreatedPage(props: {
  ctx: AdminContext;
  token: string;
  id: number;
  label: string;
  expiresAt: string;
  tz: string;
}) {
  return (
    <AdminPage ctx={props.ctx} title="令牌已创建">
      <Notice tone="warning">
        请现在复制并妥善保存这个令牌。它只显示这一次：离开本页后，任何人（包括系统管理员）都无法再看到它。
      </Notice>
      <p>
        <label for="token">令牌</label>
      </p>
      <p>
        <input id="token" class="gk-input" type="text" readonly value={props.token} spellcheck={false} />
      </p>
      <SummaryList
        rows={[
          { key: '编号', value: String(props.id) },
          { key: '说明', value: props.label },
          { key: '有效期至', value: formatDateTime(props.expiresAt, props.tz) },
        ]}
      />
      <LinkButton href={paths.admin.tokens()}>返回令牌列表</LinkButton>
    </AdminPage>
  );
}

/** Asks before revoking (the form works without JavaScript). */
export function TokenRevokePage(props: { ctx: AdminContext; token: TokenLine; own: boolean; tz: string }) {
  const t = props.token;
  return (
    <FormPage
      ctx={props.ctx}
      title={`吊销令牌 ${t.id}`}
      action={paths.admin.tokenRevoke({ tokenId: t.id })}
      breadcrumbs={[{ href: paths.admin.tokens(), label: 'API 令牌' }, { label: `吊销令牌 ${t.id}` }]}
      intro={
        <>
          <SummaryList
            rows={[
              {
                key: '账号',
                value: props.own ? `${t.displayName}（本人）` : `${t.displayName}（${t.login}）`,
              },
              { key: '说明', value: t.label ?? '—' },
              { key: '创建时间', value: formatDateTime(t.createdAt, props.tz) },
              { key: '最近使用', value: t.lastUsedAt ? formatDateTime(t.lastUsedAt, props.tz) : '从未使用' },
            ]}
          />
          <p>吊销后，使用这个令牌的程序立即无法再调用 API，且无法恢复；需要时可另建新令牌。</p>
        </>
      }
    >
      <Button variant="warning">确认吊销</Button>
      <LinkButton href={paths.admin.tokens()}>取消</LinkButton>
    </FormPage>
  );
}
