import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import { can, requireViewer } from '../accounts/auth.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import type { CatalogueRouteContext } from './catalogue.http.ts';
import { queryOf } from './catalogue.http.ts';
import { itemFormChoices, itemPage } from './catalogue.queries.ts';
import { ItemForm, ItemShowPage } from './catalogue.views.tsx';

/** Back-office pages rendered by more than one route plugin (a form shown again after a refusal). */

const NOTICES: Readonly<Record<string, (indexNo: string | null) => string>> = {
  saved: () => '已保存。',
  published: (indexNo) => `已发布，索引号 ${indexNo}。`,
  done: () => '操作已完成。',
  revised: () => '修改已提交审核。审核通过前，门户仍显示已发布的内容。',
  revisionPublished: (indexNo) => `修改已发布，索引号 ${indexNo} 和发布日期不变。`,
};

/** The notice of a redirect after a step (`?published=1` …). */
export type ItemNotice = keyof typeof NOTICES;

export async function sendItemPage(
  ctx: CatalogueRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  itemId: number,
  extra: { errors?: Readonly<Record<string, string>>; values?: Record<string, string> } = {},
  status = 200,
) {
  const viewer = requireViewer(request);
  const data = await itemPage(ctx.deps.db, viewer, itemId);
  const q = queryOf(request);
  const notice = Object.entries(NOTICES).find(([key]) => q[key] === '1')?.[1](data.item.indexNo);
  return sendPage(
    reply,
    <ItemShowPage
      ctx={adminContext(request, reply, 'catalogue')}
      {...data}
      today={ctx.today()}
      canEdit={can(viewer, 'catalogue.edit')}
      canApprove={can(viewer, 'catalogue.approve')}
      notice={notice}
      {...extra}
    />,
    status,
  );
}

export interface ItemFormOptions {
  readonly action: string;
  readonly title: string;
  readonly values: Record<string, string>;
  readonly errors?: Readonly<Record<string, string>> | undefined;
  readonly back: string;
  readonly currentTopicId?: number | null;
  readonly revision?: { docTypeLabel: string; notice?: Child | null };
}

export async function sendItemForm(
  ctx: CatalogueRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  agencyId: number,
  opts: ItemFormOptions,
) {
  return sendPage(
    reply,
    <ItemForm
      ctx={adminContext(request, reply, 'catalogue')}
      {...opts}
      {...(await itemFormChoices(ctx.deps.db, agencyId))}
    />,
    opts.errors ? 400 : 200,
  );
}
