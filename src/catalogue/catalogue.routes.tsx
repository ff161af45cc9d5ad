import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { raw } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { type AuthedUser, can, requireViewer } from '../accounts/auth.ts';
import { findAgenciesByIds, findAgency, listAgencies } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import { localDate } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { sendDownload } from '../shared/http/download.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { formBody, parseForm } from '../shared/http/forms.ts';
import { adminContext, sendHtml, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  PostForm,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { renderDocument } from '../shared/ui/render.ts';
import { listAttachments, registerAttachmentRoutes } from './attachments.routes.ts';
import {
  type CatalogueItem,
  countPublishedByBasis,
  findItem,
  findItemsByIds,
  indexPatternOf,
  interpretationsOf,
  listItemsForAdmin,
  listPolicies,
  listPublished,
  listTopics,
  listVersions,
  publishedTopicIds,
  publishedYears,
  saveIndexPattern,
  topicLabel,
} from './catalogue.repository.ts';
import {
  checkIndexPattern,
  DOC_TYPE_LABELS,
  DOC_TYPES,
  type DocType,
  ERROR_REPORT_WORKING_DAYS,
  ITEM_FIELDS,
  ITEM_STATUSES,
  type ItemStatus,
  isBasis,
  itemFormSchema,
  VALIDITIES,
  type Validity,
} from './catalogue.rules.ts';
import {
  changeValidity,
  createDraft,
  itemInScope,
  publishItem,
  requireAgency,
  returnToDraft,
  submitForReview,
  updateDraft,
  withdrawItem,
} from './catalogue.service.ts';
import {
  CatalogueListPage,
  DueMark,
  ItemForm,
  ItemShowPage,
  itemToValues,
  metadataRows,
  VersionPage,
} from './catalogue.views.tsx';
import {
  InteractionPage,
  PortalItemPage,
  ProactiveColumnPage,
  type SearchHit,
  SearchPage,
  SystemColumnPage,
} from './catalogue-portal.views.tsx';
import { atomFeed, ledText, rssFeed, wechatArticle } from './channels.ts';
import { checkImport, importRows, importTemplate, MAX_IMPORT_ROWS, readTable } from './import.service.ts';
import { ImportPage } from './import.views.tsx';
import {
  answerMessage,
  findMessage,
  insertMessage,
  listMessages,
  publishedAnswers,
} from './messages.repository.ts';
import { CSRF_PLACEHOLDER, PageCache } from './page-cache.ts';
import { findOpenRevision, itemsWithOpenRevision, listRevisions } from './revision.repository.ts';
import {
  approveRevision,
  cancelRevision,
  REVISION_NOTE_MAX,
  rejectRevision,
  revisedItemFields,
  saveRevision,
} from './revision.service.ts';
import { RejectedNotice } from './revision.views.tsx';
import { htmlToText } from './sanitize.ts';
import { searchCatalogue } from './search.repository.ts';
import { highlight, snippet } from './search.rules.ts';
import { registerTopicRoutes } from './topics.routes.tsx';

const ELDER_COOKIE = 'gk_elder';

/** A topic's place in the taxonomy as listed (class order, then its sub-classes). */
function topicRank(topics: readonly { id: number; parentId: number | null }[], id: number): number {
  const t = topics.find((x) => x.id === id);
  if (!t) return Number.MAX_SAFE_INTEGER;
  const top = t.parentId ?? t.id;
  const tops = topics.filter((x) => x.parentId === null);
  const kids = topics.filter((x) => x.parentId === top);
  return tops.findIndex((x) => x.id === top) * 10_000 + (t.parentId === null ? 0 : 1 + kids.indexOf(t));
}
const PAGE_SIZE = 20;

function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

function query(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query as Record<string, unknown>) ?? {})) {
    if (typeof v === 'string') out[k] = v.slice(0, 200);
  }
  return out;
}

function pageParam(raw: string | undefined): number {
  const n = Number(raw ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 1;
}

async function ancestorsOf(deps: Deps, agency: Agency): Promise<Agency[]> {
  const ids = agency.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== agency.id);
  const found = await findAgenciesByIds(deps.db, ids);
  return ids.map((id) => found.find((a) => a.id === id)).filter((a): a is Agency => a !== undefined);
}

/** Agency ids of the viewer's scope (null = every agency). */
export async function scopeAgencyIds(deps: Deps, viewer: AuthedUser): Promise<number[] | null> {
  if (viewer.scope.kind === 'all') return null;
  return (await listAgencies(deps.db, viewer.scope)).map((a) => a.id);
}

function baseUrl(deps: Deps, request: FastifyRequest): string {
  return deps.config.publicBaseUrl || `${request.protocol}://${request.host}`;
}

export async function registerCatalogueRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  // The local date cannot change within a UTC minute (zone offsets are whole minutes): computed once
  // a minute instead of on every request (Intl formatting is costly).
  let todayCache = { minute: Number.NaN, date: '' };
  const today = () => {
    const at = clock.now();
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute !== todayCache.minute) todayCache = { minute, date: localDate(at, deps.config.timeZone) };
    return todayCache.date;
  };
  const now = () => clock.now().toISOString();

  // 长者模式: a cookie read on every HTML page; the toggle works without JavaScript.
  // The toggle link in the portal header returns to the page it was clicked on (the layout does not
  // know the URL, and no Referer is sent under the site's referrer policy).
  const toggleHref = `href="${paths.catalogue.portal.elder()}"`;
  const rewrite = (request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown => {
    if (typeof payload !== 'string') return payload;
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('text/html')) return payload;
    let html = payload;
    if (request.cookies[ELDER_COOKIE] === '1')
      html = html.replace('<html lang="zh-CN"', '<html lang="zh-CN" class="gk-elder"');
    if (request.method === 'GET' && html.includes(toggleHref)) {
      const back = paths.catalogue.portal.elder(undefined, { back: request.url.slice(0, 500) });
      html = html.replace(toggleHref, `href="${back.replace(/&/g, '&amp;')}"`);
    }
    return html;
  };
  // A synchronous hook: no promise per response (it runs on every response, JSON and files too).
  app.addHook('onSend', (request, reply, payload, done) => done(null, rewrite(request, reply, payload)));

  app.get(paths.catalogue.portal.elder.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const on = request.cookies[ELDER_COOKIE] !== '1';
    reply.setCookie(ELDER_COOKIE, on ? '1' : '0', {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      maxAge: 365 * 86400,
      secure: deps.config.env === 'production',
    });
    let back = query(request).back ?? '/';
    const referer = request.headers.referer;
    if (!query(request).back && referer) {
      try {
        const u = new URL(referer);
        if (u.host === request.host) back = u.pathname + u.search;
      } catch {
        back = '/';
      }
    }
    return reply.redirect(/^\/(?![/\\])/.test(back) ? back : '/', 303);
  });

  // ------------------------------------------------------------ admin

  const adminPage = async (request: FastifyRequest, reply: FastifyReply, status = '') => {
    const viewer = requireViewer(request);
    const ids = await scopeAgencyIds(deps, viewer);
    const st = (ITEM_STATUSES as readonly string[]).includes(status) ? (status as ItemStatus) : undefined;
    const items = await listItemsForAdmin(db, { agencyIds: ids, status: st });
    const agencies = await findAgenciesByIds(db, [...new Set(items.map((i) => i.agencyId))]);
    return sendPage(
      reply,
      <CatalogueListPage
        ctx={adminContext(request, reply, 'catalogue')}
        items={items}
        status={st ?? ''}
        today={today()}
        canEdit={can(viewer, 'catalogue.edit') && viewer.agencyId !== null}
        agencies={new Map(agencies.map((a) => [a.id, a]))}
        revising={await itemsWithOpenRevision(db, ids)}
      />,
    );
  };

  app.get(paths.catalogue.list.pattern, { config: { access: 'catalogue.view' } }, (request, reply) =>
    adminPage(request, reply, query(request).status ?? ''),
  );

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: number,
    opts: {
      action: string;
      title: string;
      values: Record<string, string>;
      errors?: Record<string, string>;
      back: string;
      currentTopicId?: number | null;
      revision?: { docTypeLabel: string; notice?: JSX.Element | null };
    },
    status = 200,
  ) =>
    sendPage(
      reply,
      <ItemForm
        ctx={adminContext(request, reply, 'catalogue')}
        action={opts.action}
        title={opts.title}
        values={opts.values}
        errors={opts.errors}
        topics={await listTopics(db)}
        policies={await listPolicies(db, agencyId)}
        back={opts.back}
        currentTopicId={opts.currentTopicId}
        revision={opts.revision}
      />,
      status,
    );

  app.get(
    paths.catalogue.newItem.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agencyId = requireAgency(viewer);
      const q = query(request);
      return formPage(request, reply, agencyId, {
        action: paths.catalogue.newItem(),
        title: '登记主动公开信息',
        values: {
          publisher: viewer.agencyName ?? '',
          formedOn: today(),
          disclosureMethod: '主动公开',
          genre: '通知',
          docType: (DOC_TYPES as readonly string[]).includes(q.docType ?? '')
            ? (q.docType as string)
            : 'general',
          interpretsId: q.interprets ?? '',
          basis: 'art20:15',
        },
        back: paths.catalogue.list(),
      });
    },
  );

  app.post(
    paths.catalogue.newItem.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agencyId = requireAgency(viewer);
      const form = parseForm(itemFormSchema, request.body, ITEM_FIELDS);
      let errors = form.ok ? undefined : form.errors;
      if (form.ok) {
        try {
          const cal = await deps.calendar.get(db);
          const item = await createDraft(db, cal, viewer, request.ip, agencyId, form.data, now());
          return reply.redirect(paths.catalogue.item({ itemId: item.id }, { saved: '1' }), 303);
        } catch (err) {
          if (!(err instanceof FormError)) throw err;
          errors = err.errors;
        }
      }
      return formPage(
        request,
        reply,
        agencyId,
        {
          action: paths.catalogue.newItem(),
          title: '登记主动公开信息',
          values: form.values,
          errors,
          back: paths.catalogue.list(),
        },
        400,
      );
    },
  );

  const showPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: Record<string, string> } = {},
    status = 200,
  ) => {
    const viewer = requireViewer(request);
    const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
    const q = query(request);
    const notice =
      q.saved === '1'
        ? '已保存。'
        : q.published === '1'
          ? `已发布，索引号 ${item.indexNo}。`
          : q.done === '1'
            ? '操作已完成。'
            : q.revised === '1'
              ? '修改已提交审核。审核通过前，门户仍显示已发布的内容。'
              : q.revisionPublished === '1'
                ? `修改已发布，索引号 ${item.indexNo} 和发布日期不变。`
                : undefined;
    return sendPage(
      reply,
      <ItemShowPage
        ctx={adminContext(request, reply, 'catalogue')}
        item={item}
        topics={await listTopics(db)}
        interpretations={await interpretationsOf(db, item.id, true)}
        policy={item.interpretsId ? await findItem(db, item.interpretsId) : null}
        versions={await listVersions(db, item.id)}
        attachments={await listAttachments(db, item.id)}
        today={today()}
        canEdit={can(viewer, 'catalogue.edit')}
        canApprove={can(viewer, 'catalogue.approve')}
        revision={item.status === 'published' ? await findOpenRevision(db, item.id) : null}
        revisions={await listRevisions(db, item.id)}
        notice={notice}
        {...extra}
      />,
      status,
    );
  };

  app.get(paths.catalogue.item.pattern, { config: { access: 'catalogue.view' } }, (request, reply) =>
    showPage(request, reply),
  );

  app.get(
    paths.catalogue.import.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      requireAgency(requireViewer(request));
      return sendPage(reply, <ImportPage ctx={adminContext(request, reply, 'catalogue')} />);
    },
  );

  app.get(
    paths.catalogue.importTemplate.pattern,
    { config: { access: 'catalogue.edit' } },
    async (_request, reply) =>
      sendDownload(reply, {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: '主动公开信息导入模板.xlsx',
        body: await importTemplate(await listTopics(db)),
      }),
  );

  await registerAttachmentRoutes(
    app,
    deps,
    (request, reply, message) => showPage(request, reply, { errors: { file: message } }, 400),
    (scope) => {
      scope.post(
        paths.catalogue.import.pattern,
        { config: { access: 'catalogue.edit' }, bodyLimit: 60 * 1024 * 1024 },
        async (request, reply) => {
          const viewer = requireViewer(request);
          const agencyId = requireAgency(viewer);
          const ctx = adminContext(request, reply, 'catalogue');
          const upload = request.uploadedFiles?.[0];
          const mode = (request.body as Record<string, unknown> | undefined)?.mode;
          if (!upload?.tempPath)
            return sendPage(reply, <ImportPage ctx={ctx} error="请选择要导入的 XLSX 或 CSV 文件" />, 400);
          if (upload.truncated || upload.size > 20 * 1024 * 1024)
            return sendPage(reply, <ImportPage ctx={ctx} error="导入文件不能超过 20 MB" />, 400);
          const table = await readTable(upload.tempPath, upload.fileName);
          if (typeof table === 'string') return sendPage(reply, <ImportPage ctx={ctx} error={table} />, 400);
          const checked = await checkImport(db, agencyId, table);
          if (checked.missingColumns.length > 0 || checked.tooMany || table.length < 2) {
            const error =
              table.length < 2
                ? '文件中没有数据行'
                : checked.tooMany
                  ? `一次最多导入 ${MAX_IMPORT_ROWS} 行`
                  : `缺少必需的列：${checked.missingColumns.join('、')}`;
            return sendPage(reply, <ImportPage ctx={ctx} error={error} />, 400);
          }
          if (checked.problems.length > 0)
            return sendPage(
              reply,
              <ImportPage ctx={ctx} fileName={upload.fileName} problems={checked.problems} />,
              400,
            );
          if (mode !== 'commit')
            return sendPage(reply, <ImportPage ctx={ctx} fileName={upload.fileName} rows={checked.rows} />);
          const n = await importRows(
            db,
            await deps.calendar.get(db),
            viewer,
            request.ip,
            agencyId,
            checked.rows,
            upload.fileName,
            now(),
          );
          return sendPage(reply, <ImportPage ctx={ctx} fileName={upload.fileName} imported={n} />);
        },
      );
    },
  );

  app.get(paths.catalogue.edit.pattern, { config: { access: 'catalogue.edit' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
    if (item.status === 'published') return reply.redirect(paths.catalogue.revise({ itemId: item.id }), 303);
    return formPage(request, reply, item.agencyId, {
      action: paths.catalogue.edit({ itemId: item.id }),
      title: `修改：${item.title}`,
      values: itemToValues(item),
      back: paths.catalogue.item({ itemId: item.id }),
      currentTopicId: item.topicId,
    });
  });

  app.post(paths.catalogue.edit.pattern, { config: { access: 'catalogue.edit' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
    const form = parseForm(itemFormSchema, request.body, ITEM_FIELDS);
    let errors = form.ok ? undefined : form.errors;
    if (form.ok) {
      try {
        const cal = await deps.calendar.get(db);
        await updateDraft(db, cal, viewer, request.ip, item, form.data, now());
        return reply.redirect(paths.catalogue.item({ itemId: item.id }, { saved: '1' }), 303);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        errors = err.errors;
      }
    }
    return formPage(
      request,
      reply,
      item.agencyId,
      {
        action: paths.catalogue.edit({ itemId: item.id }),
        title: `修改：${item.title}`,
        values: form.values,
        errors,
        back: paths.catalogue.item({ itemId: item.id }),
        currentTopicId: item.topicId,
      },
      400,
    );
  });

  // 修改 of a published item: a revision, reviewed before it replaces the public content.
  const revisionForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    item: CatalogueItem,
    values: Record<string, string>,
    errors?: Record<string, string>,
  ) =>
    formPage(
      request,
      reply,
      item.agencyId,
      {
        action: paths.catalogue.revise({ itemId: item.id }),
        title: `修改已发布的信息：${item.title}`,
        values,
        errors,
        back: paths.catalogue.item({ itemId: item.id }),
        currentTopicId: item.topicId,
        revision: {
          docTypeLabel: DOC_TYPE_LABELS[item.docType],
          notice: errors ? null : <RejectedNotice revision={(await listRevisions(db, item.id))[0]} />,
        },
      },
      errors ? 400 : 200,
    );

  app.get(
    paths.catalogue.revise.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
      if (item.status !== 'published') return reply.redirect(paths.catalogue.edit({ itemId: item.id }), 303);
      const open = await findOpenRevision(db, item.id);
      const values = itemToValues(open ? { ...item, ...revisedItemFields(open.proposed) } : item);
      return revisionForm(request, reply, item, { ...values, note: open?.note ?? '' });
    },
  );

  app.post(
    paths.catalogue.revise.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
      if (item.status !== 'published') throw new AppError('conflict', '该信息已不是发布状态，请刷新后重试。');
      // The type, the formation date and the Art. 26 deadline are not revisable: taken from the item.
      const body: Record<string, string> = {
        ...formBody(request.body),
        docType: item.docType,
        formedOn: item.formedOn,
        deadlineOverride: item.deadlineOverride ?? '',
      };
      const form = parseForm(itemFormSchema, body, ITEM_FIELDS);
      const note = (body.note ?? '').slice(0, 2000);
      let errors: Record<string, string> = form.ok ? {} : form.errors;
      if (!note.trim()) errors.note = '请填写修改说明，例如更正了哪些内容、为什么修改';
      if (form.ok) {
        try {
          await saveRevision(db, viewer, request.ip, item, form.data, note, now());
          return reply.redirect(paths.catalogue.item({ itemId: item.id }, { revised: '1' }), 303);
        } catch (err) {
          if (!(err instanceof FormError)) throw err;
          errors = { ...errors, ...err.errors };
        }
      }
      return revisionForm(request, reply, item, { ...form.values, note }, errors);
    },
  );

  /** A workflow POST: run the step, redirect on success, show the item with the errors otherwise. */
  const step = (
    access: 'catalogue.edit' | 'catalogue.approve',
    pattern: string,
    run: (
      viewer: AuthedUser,
      item: Awaited<ReturnType<typeof itemInScope>>,
      body: Record<string, string>,
    ) => Promise<unknown>,
    done: string,
  ) =>
    app.post(pattern, { config: { access } }, async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
      const body = formBody(request.body);
      try {
        await run(viewer, item, body);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return showPage(request, reply, { errors: err.errors, values: body }, 400);
      }
      return reply.redirect(paths.catalogue.item({ itemId: item.id }, { [done]: '1' }), 303);
    });

  step(
    'catalogue.edit',
    paths.catalogue.submit.pattern,
    (v, i) => submitForReview(db, v, null, i, now()),
    'done',
  );
  step(
    'catalogue.approve',
    paths.catalogue.publish.pattern,
    (v, i, b) =>
      publishItem(
        db,
        v,
        null,
        i,
        {
          secrecyNote: (b.secrecyNote ?? '').slice(0, 500),
          noInterpretationReason: (b.noInterpretationReason ?? '').slice(0, 500) || null,
        },
        today(),
        now(),
      ),
    'published',
  );
  step(
    'catalogue.approve',
    paths.catalogue.returnToDraft.pattern,
    (v, i, b) => returnToDraft(db, v, null, i, (b.reviewComment ?? '').slice(0, 500), now()),
    'done',
  );
  step(
    'catalogue.approve',
    paths.catalogue.withdraw.pattern,
    (v, i, b) => withdrawItem(db, v, null, i, (b.withdrawnReason ?? '').slice(0, 500), now()),
    'done',
  );
  step(
    'catalogue.approve',
    paths.catalogue.validity.pattern,
    (v, i, b) => {
      const validity = (VALIDITIES as readonly string[]).includes(b.validity ?? '')
        ? (b.validity as Validity)
        : null;
      return changeValidity(db, v, null, i, validity, b.validityOn?.trim() || null, now());
    },
    'done',
  );

  const revisionIdOf = (b: Record<string, string>) =>
    /^\d{1,9}$/.test(b.revisionId ?? '') ? Number(b.revisionId) : -1;
  step(
    'catalogue.approve',
    paths.catalogue.revisionApprove.pattern,
    (v, i, b) =>
      approveRevision(
        db,
        v,
        null,
        i,
        revisionIdOf(b),
        (b.revisionSecrecyNote ?? '').slice(0, REVISION_NOTE_MAX),
        today(),
        now(),
      ),
    'revisionPublished',
  );
  step(
    'catalogue.approve',
    paths.catalogue.revisionReject.pattern,
    (v, i, b) =>
      rejectRevision(
        db,
        v,
        null,
        i,
        revisionIdOf(b),
        (b.revisionComment ?? '').slice(0, REVISION_NOTE_MAX),
        now(),
      ),
    'done',
  );
  step(
    'catalogue.edit',
    paths.catalogue.revisionCancel.pattern,
    (v, i, b) => cancelRevision(db, v, null, i, revisionIdOf(b), now()),
    'done',
  );

  app.get(
    paths.catalogue.version.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
      const version = (await listVersions(db, item.id)).find(
        (v) => v.version === idParam(request, 'version'),
      );
      if (!version) throw notFound('版本');
      return sendPage(
        reply,
        <VersionPage
          ctx={adminContext(request, reply, 'catalogue')}
          version={version}
          topics={await listTopics(db)}
          today={today()}
        />,
      );
    },
  );

  app.get(
    paths.catalogue.wechat.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idParam(request, 'itemId'));
      if (item.status !== 'published') throw notFound('已发布的信息');
      const agency = await findAgency(db, item.agencyId);
      const base = baseUrl(deps, request);
      const html = wechatArticle(
        item,
        agency?.name ?? '',
        base,
        base + paths.catalogue.portal.item({ agencyId: item.agencyId, itemId: item.id }),
      );
      return sendPage(
        reply,
        <Page title={`微信公众号文章：${item.title}`} {...adminContext(request, reply, 'catalogue')}>
          <a href={paths.catalogue.item({ itemId: item.id })} class="gk-back-link">
            返回
          </a>
          <h1>导出为微信公众号文章</h1>
          <p>
            下方为预览；复制“文章
            HTML”框中的内容，粘贴到公众号编辑器（源码模式）即可，样式均已内联，图片使用完整网址。
          </p>
          <div class="gk-wechat-preview">{raw(html)}</div>
          <div class="gk-form-group">
            <label class="gk-label" for="wechat-html">
              文章 HTML
            </label>
            <textarea class="gk-textarea" id="wechat-html" rows={12} readonly>
              {html}
            </textarea>
          </div>
        </Page>,
      );
    },
  );

  app.get(
    paths.catalogue.noticeSheet.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const picked: unknown = (request.query as Record<string, unknown>).ids;
      const ids = (Array.isArray(picked) ? picked : String(picked ?? '').split(','))
        .map((x) => Number(x))
        .filter((n) => Number.isInteger(n) && n > 0)
        .slice(0, 30);
      const scope = await scopeAgencyIds(deps, viewer);
      const items = (await findItemsByIds(db, ids)).filter(
        (i) => i.status === 'published' && (scope === null || scope.includes(i.agencyId)),
      );
      const topics = await listTopics(db);
      return sendPage(
        reply,
        <Page title="公示栏" {...adminContext(request, reply, 'catalogue')}>
          <div class="gk-notice-sheet">
            <h1>政府信息公开公示栏</h1>
            <p class="gk-secondary gk-no-print">使用浏览器的打印功能打印本页；每条信息单独成页。</p>
            {items.length === 0 ? <p>请在列表中选择要公示的已发布信息。</p> : null}
            {items.map((i) => (
              <section class="gk-notice-sheet__item">
                <h2>{i.title}</h2>
                <SummaryList rows={metadataRows(i, topics, today()).filter((r) => r.key !== '名称')} />
                <div class="gk-richtext">{raw(i.bodyHtml)}</div>
              </section>
            ))}
          </div>
        </Page>,
      );
    },
  );

  // Settings: the 索引号 pattern of the viewer's agency.
  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error?: string,
    value?: string,
  ) => {
    const viewer = requireViewer(request);
    const agencyId = viewer.agencyId;
    const pattern = value ?? (agencyId ? await indexPatternOf(db, agencyId) : '');
    const topics = await listTopics(db);
    const csrf = reply.generateCsrf();
    return sendPage(
      reply,
      <Page
        title="索引号与主题分类"
        hasErrors={Boolean(error)}
        {...adminContext(request, reply, 'catalogue')}
      >
        <ErrorSummary errors={error ? { indexPattern: error } : undefined} />
        <h1>索引号与主题分类</h1>
        {agencyId ? (
          <PostForm action={paths.catalogue.settings()} csrf={csrf}>
            <TextInput
              name="indexPattern"
              label={`${viewer.agencyName ?? ''}的索引号格式`}
              value={pattern}
              error={error}
              hint="{code} 组织机构代码，{credit} 统一社会信用代码，{yyyy} 年份，{seq5} 五位流水号。已分配的索引号不会改变。"
            />
            <Button>保存</Button>
          </PostForm>
        ) : null}
        <h2>主题分类</h2>
        {viewer.scope.kind === 'all' ? (
          <p>
            <a href={paths.catalogue.topics()}>管理主题分类</a>（改名、停用或启用、添加分类）
          </p>
        ) : (
          <p>主题分类由系统管理员维护（各地可增加本地分类，例如“民政、乡村振兴、救灾”）。</p>
        )}
        <ul class="gk-topics">
          {topics
            .filter((t) => t.parentId === null)
            .map((t) => (
              <li>
                {t.name}
                <span class="gk-secondary">
                  ：
                  {topics
                    .filter((c) => c.parentId === t.id)
                    .map((c) => c.name)
                    .join('、')}
                </span>
              </li>
            ))}
        </ul>
      </Page>,
      error ? 400 : 200,
    );
  };

  app.get(paths.catalogue.settings.pattern, { config: { access: 'catalogue.approve' } }, (request, reply) =>
    settingsPage(request, reply),
  );

  await registerTopicRoutes(app, deps);

  app.post(
    paths.catalogue.settings.pattern,
    { config: { access: 'catalogue.approve' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agencyId = requireAgency(viewer);
      const pattern = (formBody(request.body).indexPattern ?? '').trim();
      const problem = checkIndexPattern(pattern);
      if (problem) return settingsPage(request, reply, problem, pattern);
      const at = now();
      const before = await indexPatternOf(db, agencyId);
      await db.transaction().execute(async (trx) => {
        await saveIndexPattern(trx, agencyId, pattern, at);
        await appendAudit(trx, {
          actor: actorOf(viewer, request.ip),
          at,
          action: 'update',
          entityType: 'catalogue_settings',
          entityId: agencyId,
          agencyId,
          summary: `修改索引号格式为 ${pattern}`,
          before: { indexPattern: before },
          after: { indexPattern: pattern },
        });
      });
      return reply.redirect(paths.catalogue.settings(), 303);
    },
  );

  // Interaction: questions and error reports, answered by clerks.
  app.get(
    paths.catalogue.messages.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const messages = await listMessages(db, await scopeAgencyIds(deps, viewer));
      const ctx = adminContext(request, reply, 'catalogue');
      const t = today();
      return sendPage(
        reply,
        <Page title="互动交流" {...ctx}>
          <h1>咨询与网民纠错</h1>
          {messages.length === 0 ? <p>暂无来信。</p> : null}
          {messages.map((m) => (
            <section class="gk-message">
              <h2>
                {m.kind === 'error_report' ? '网民纠错' : '咨询'} #{m.id}（{m.receivedOn}，{m.name}）
              </h2>
              <p>{m.body}</p>
              {m.answer ? (
                <p>
                  答复（{m.answeredOn}）：{m.answer} {m.published ? <Tag tone="green">已公开</Tag> : null}
                </p>
              ) : (
                <>
                  {m.dueOn ? (
                    <p>
                      答复期限：
                      <DueMark due={m.dueOn} today={t} />
                    </p>
                  ) : null}
                  {can(viewer, 'catalogue.edit') ? (
                    <PostForm action={paths.catalogue.answer({ messageId: m.id })} csrf={ctx.csrf}>
                      <Textarea name="answer" id={`answer-${m.id}`} label="答复内容" rows={3} />
                      {m.kind === 'question' ? (
                        <div class="gk-checkboxes__item">
                          <input
                            class="gk-checkboxes__input"
                            type="checkbox"
                            id={`publish-${m.id}`}
                            name="publish"
                            value="1"
                          />
                          <label class="gk-checkboxes__label" for={`publish-${m.id}`}>
                            公开问答
                          </label>
                        </div>
                      ) : null}
                      <Button>提交答复</Button>
                    </PostForm>
                  ) : null}
                </>
              )}
            </section>
          ))}
        </Page>,
      );
    },
  );

  app.post(
    paths.catalogue.answer.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const m = await findMessage(db, idParam(request, 'messageId'));
      const scope = await scopeAgencyIds(deps, viewer);
      if (!m || (scope !== null && !scope.includes(m.agencyId))) throw notFound('来信');
      const body = formBody(request.body);
      const answer = (body.answer ?? '').trim().slice(0, 5000);
      if (!answer) return reply.redirect(paths.catalogue.messages(), 303);
      const at = now();
      await db.transaction().execute(async (trx) => {
        await answerMessage(
          trx,
          m.id,
          answer,
          m.kind === 'question' && body.publish === '1',
          today(),
          viewer.id,
        );
        await appendAudit(trx, {
          actor: actorOf(viewer, request.ip),
          at,
          action: 'answer',
          entityType: 'catalogue_message',
          entityId: m.id,
          agencyId: m.agencyId,
          summary: `答复${m.kind === 'error_report' ? '网民纠错' : '咨询'} #${m.id}`,
          after: { answer, published: body.publish === '1' },
        });
      });
      return reply.redirect(paths.catalogue.messages(), 303);
    },
  );

  // ------------------------------------------------------------ portal

  // Public pages are the same for every visitor: rendered once and reused while no write has happened
  // in this process and for at most 2 s (decision 005). Errors (404) are never cached.
  const pages = new PageCache();
  const cachedPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    render: () => JSX.Element | Promise<JSX.Element>,
    options: { csrf?: boolean } = {},
  ) => {
    const html = await pages.get(`${request.url}\n${today()}`, () => renderDocument(render()));
    return sendHtml(reply, options.csrf ? html.replaceAll(CSRF_PLACEHOLDER, reply.generateCsrf()) : html);
  };

  const loadAgency = async (request: FastifyRequest) => {
    const agency = await findAgency(db, idParam(request, 'agencyId'));
    if (!agency) throw notFound('机构');
    return agency;
  };

  app.get(
    paths.catalogue.portal.proactive.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const q = query(request);
      const basis = q.basis && isBasis(q.basis) ? q.basis : '';
      const year = /^\d{4}$/.test(q.year ?? '') ? (q.year as string) : '';
      const validity = (VALIDITIES as readonly string[]).includes(q.validity ?? '')
        ? (q.validity as Validity)
        : undefined;
      const topic = /^\d{1,9}$/.test(q.topic ?? '') ? (q.topic as string) : '';
      const page = pageParam(q.page);
      return cachedPage(request, reply, async () => {
        const agency = await loadAgency(request);
        const { items, total } = await listPublished(
          db,
          {
            agencyId: agency.id,
            excludeDocTypes: ['system'],
            basis: basis || undefined,
            year: year ? Number(year) : undefined,
            validity,
            topicId: topic ? Number(topic) : undefined,
          },
          page,
          PAGE_SIZE,
        );
        const topics = await listTopics(db);
        const topicOptions = (await publishedTopicIds(db, agency.id))
          .map((id) => ({ value: String(id), label: topicLabel(topics, id) ?? '' }))
          .filter((o) => o.label !== '')
          .sort((a, b) => topicRank(topics, Number(a.value)) - topicRank(topics, Number(b.value)));
        return (
          <ProactiveColumnPage
            agency={agency}
            ancestors={await ancestorsOf(deps, agency)}
            counts={await countPublishedByBasis(db, agency.id)}
            years={await publishedYears(db, agency.id)}
            topicOptions={topicOptions}
            filters={{ basis, year, validity: validity ?? '', topic }}
            items={items}
            total={total}
            page={page}
            pageSize={PAGE_SIZE}
            today={today()}
          />
        );
      });
    },
  );

  app.get(paths.catalogue.portal.system.pattern, { config: { access: 'public' } }, async (request, reply) => {
    return cachedPage(request, reply, async () => {
      const agency = await loadAgency(request);
      const { items } = await listPublished(db, { agencyId: agency.id, docTypes: ['system'] }, 1, 100);
      return (
        <SystemColumnPage
          agency={agency}
          ancestors={await ancestorsOf(deps, agency)}
          items={items}
          today={today()}
        />
      );
    });
  });

  const portalItem = async (
    request: FastifyRequest,
    reply: FastifyReply,
    notice?: string,
    problem?: string,
    status = 200,
  ) => {
    const render = async (csrf: string) => {
      const agency = await loadAgency(request);
      const item = await findItem(db, idParam(request, 'itemId'));
      if (!item || item.agencyId !== agency.id || item.status !== 'published') throw notFound('信息');
      const attachments = await listAttachments(db, item.id);
      const policy = item.interpretsId ? await findItem(db, item.interpretsId) : null;
      return (
        <PortalItemPage
          agency={agency}
          ancestors={await ancestorsOf(deps, agency)}
          item={item}
          topics={await listTopics(db)}
          policy={policy?.status === 'published' ? policy : null}
          interpretations={await interpretationsOf(db, item.id)}
          attachments={attachments}
          today={today()}
          csrf={csrf}
          notice={notice}
          problem={problem}
        />
      );
    };
    // The page as everyone sees it is cached; a form with a problem is rendered for this visitor only.
    if (status === 200 && problem === undefined && request.method !== 'POST')
      return cachedPage(request, reply, () => render(CSRF_PLACEHOLDER), { csrf: true });
    return sendPage(reply, render(reply.generateCsrf()), status);
  };

  app.get(paths.catalogue.portal.item.pattern, { config: { access: 'public' } }, (request, reply) =>
    portalItem(
      request,
      reply,
      query(request).reported === '1' ? '已收到您的纠错意见，我们将在 3 个工作日内答复。' : undefined,
    ),
  );

  const receiveMessage = async (
    request: FastifyRequest,
    agency: Agency,
    kind: 'question' | 'error_report',
    itemId: number | null,
  ): Promise<Record<string, string> | null> => {
    const body = formBody(request.body);
    const name = (body.name ?? '').trim().slice(0, 50);
    const text = (body.body ?? '').trim();
    const errors: Record<string, string> = {};
    if (!name) errors.name = '请填写您的称呼';
    if (!text) errors.body = kind === 'question' ? '请填写咨询内容' : '请填写错误内容';
    if (text.length > 2000) errors.body = '内容不能超过 2000 个字';
    if (Object.keys(errors).length > 0) return errors;
    const received = today();
    const due =
      kind === 'error_report'
        ? addWorkingDays(await deps.calendar.get(db), received, ERROR_REPORT_WORKING_DAYS).date
        : null;
    const at = now();
    await db.transaction().execute(async (trx) => {
      const id = await insertMessage(
        trx,
        {
          agencyId: agency.id,
          itemId,
          kind,
          name,
          contact: (body.contact ?? '').trim().slice(0, 100) || null,
          body: text,
          receivedOn: received,
          dueOn: due,
        },
        at,
      );
      await appendAudit(trx, {
        actor: { userId: null, login: null, ip: request.ip },
        at,
        action: 'create',
        entityType: 'catalogue_message',
        entityId: id,
        agencyId: agency.id,
        summary: `收到${kind === 'error_report' ? '网民纠错' : '咨询'}`,
      });
    });
    return null;
  };

  app.post(
    paths.catalogue.portal.reportError.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const agency = await loadAgency(request);
      const item = await findItem(db, idParam(request, 'itemId'));
      if (!item || item.agencyId !== agency.id || item.status !== 'published') throw notFound('信息');
      const errors = await receiveMessage(request, agency, 'error_report', item.id);
      if (errors) return portalItem(request, reply, undefined, Object.values(errors).join('；'), 400);
      return reply.redirect(
        paths.catalogue.portal.item({ agencyId: agency.id, itemId: item.id }, { reported: '1' }),
        303,
      );
    },
  );

  const interactionPage = async (
    _request: FastifyRequest,
    reply: FastifyReply,
    agency: Agency,
    extra: { errors?: Record<string, string>; values?: Record<string, string>; notice?: string } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <InteractionPage
        agency={agency}
        ancestors={await ancestorsOf(deps, agency)}
        answered={await publishedAnswers(db, agency.id)}
        csrf={reply.generateCsrf()}
        {...extra}
      />,
      status,
    );

  app.get(
    paths.catalogue.portal.interaction.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const agency = await loadAgency(request);
      return interactionPage(
        request,
        reply,
        agency,
        query(request).sent === '1' ? { notice: '已收到您的咨询，我们会尽快答复。' } : {},
      );
    },
  );

  app.post(
    paths.catalogue.portal.interaction.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const agency = await loadAgency(request);
      const errors = await receiveMessage(request, agency, 'question', null);
      if (errors)
        return interactionPage(request, reply, agency, { errors, values: formBody(request.body) }, 400);
      return reply.redirect(paths.catalogue.portal.interaction({ agencyId: agency.id }, { sent: '1' }), 303);
    },
  );

  // Feeds
  const feedItems = async (request: FastifyRequest) => {
    const agency = await loadAgency(request);
    const q = query(request);
    const basis = q.basis && isBasis(q.basis) ? q.basis : undefined;
    const { items } = await listPublished(db, { agencyId: agency.id, basis }, 1, 50);
    const base = baseUrl(deps, request);
    return {
      agency,
      basis,
      base,
      items: items.map((item) => ({
        item,
        url: base + paths.catalogue.portal.item({ agencyId: agency.id, itemId: item.id }),
      })),
    };
  };

  app.get(paths.catalogue.portal.rss.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const f = await feedItems(request);
    const body = rssFeed(
      {
        title: `${f.agency.name} 主动公开信息`,
        selfUrl: f.base + paths.catalogue.portal.rss({ agencyId: f.agency.id }, { basis: f.basis }),
        siteUrl: f.base + paths.catalogue.portal.proactive({ agencyId: f.agency.id }, { basis: f.basis }),
        updated: f.items[0]?.item.updatedAt ?? now(),
      },
      f.items,
    );
    return reply.type('application/rss+xml; charset=utf-8').send(body);
  });

  app.get(paths.catalogue.portal.atom.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const f = await feedItems(request);
    const body = atomFeed(
      {
        title: `${f.agency.name} 主动公开信息`,
        selfUrl: f.base + paths.catalogue.portal.atom({ agencyId: f.agency.id }, { basis: f.basis }),
        siteUrl: f.base + paths.catalogue.portal.proactive({ agencyId: f.agency.id }, { basis: f.basis }),
        updated: f.items[0]?.item.updatedAt ?? now(),
      },
      f.items,
    );
    return reply.type('application/atom+xml; charset=utf-8').send(body);
  });

  app.get(paths.catalogue.portal.led.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const f = await feedItems(request);
    return reply.type('text/plain; charset=utf-8').send(
      ledText(
        f.agency.name,
        f.items.slice(0, 20).map((x) => x.item),
      ),
    );
  });

  // Search
  app.get(paths.catalogue.portal.search.pattern, { config: { access: 'public' } }, (request, reply) =>
    cachedPage(request, reply, () => searchPage(request)),
  );

  const searchPage = async (request: FastifyRequest) => {
    const q = query(request);
    const text = (q.q ?? '').trim().slice(0, 100);
    const agencies = await listAgencies(db, { kind: 'all' });
    const agencyId =
      /^\d{1,9}$/.test(q.agency ?? '') && agencies.some((a) => a.id === Number(q.agency))
        ? (q.agency as string)
        : '';
    const order = q.order === 'date' ? 'date' : 'relevance';
    const docType = (DOC_TYPES as readonly string[]).includes(q.docType ?? '')
      ? (q.docType as DocType)
      : undefined;
    const year = /^\d{4}$/.test(q.year ?? '') ? (q.year as string) : '';
    const validity = (VALIDITIES as readonly string[]).includes(q.validity ?? '')
      ? (q.validity as Validity)
      : undefined;
    const page = pageParam(q.page);
    let hits: SearchHit[] | null = null;
    let result = { total: 0, more: false, bounded: false };
    if (text) {
      let ids: number[] | null = null;
      if (agencyId) {
        const a = agencies.find((x) => x.id === Number(agencyId))!;
        ids = agencies.filter((x) => x.path.startsWith(a.path)).map((x) => x.id);
      }
      const r = await searchCatalogue(
        db,
        { q: text, agencyIds: ids, order, docType, year: year ? Number(year) : undefined, validity },
        page,
        PAGE_SIZE,
      );
      result = r;
      const items = await findItemsByIds(db, r.ids);
      const byId = new Map(items.map((i) => [i.id, i]));
      hits = r.ids
        .map((id) => byId.get(id))
        .filter((i) => i !== undefined)
        .map((item) => ({
          item,
          agencyName: agencies.find((a) => a.id === item.agencyId)?.name ?? '',
          title: highlight(item.title, r.terms),
          snippet: snippet(
            [item.description, htmlToText(item.bodyHtml)].filter(Boolean).join(' '),
            r.terms,
            100,
          ),
        }));
    }
    return (
      <SearchPage
        q={text}
        agencyId={agencyId}
        order={order}
        docType={docType ?? ''}
        year={year}
        validity={validity ?? ''}
        agencies={agencies}
        hits={hits}
        total={result.total}
        more={result.more}
        bounded={result.bounded}
        page={page}
        pageSize={PAGE_SIZE}
        today={today()}
      />
    );
  };
}
