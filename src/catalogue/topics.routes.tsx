import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthedUser, requireViewer } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import {
  countItemsByTopic,
  insertTopic,
  listTopics,
  renameTopic,
  setTopicActive,
  type Topic,
} from './catalogue.repository.ts';
import { cleanTopicName, topicNameProblem } from './taxonomy.ts';
import { TopicPage, TopicsPage } from './topics.views.tsx';

/** 主题分类 is one national taxonomy for every agency: maintained by system administrators only. */
function requireTopicAdmin(request: FastifyRequest): AuthedUser {
  const viewer = requireViewer(request);
  if (viewer.scope.kind !== 'all') throw new AppError('forbidden', '主题分类由系统管理员维护。');
  return viewer;
}

function topicIdParam(request: FastifyRequest): number {
  const raw = (request.params as Record<string, string>).topicId ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

const label = (topics: readonly Topic[], t: Topic) => {
  const parent = t.parentId === null ? undefined : topics.find((x) => x.id === t.parentId);
  return parent ? `${parent.name}\\${t.name}` : t.name;
};

/**
 * The back office of the 主题分类 (spec §4.4 "editable"): rename (items keep their topic, only the
 * name shown changes), switch off and on (hidden from new choices, still shown on items), add a
 * class or sub-class. Every change audited.
 */
export async function registerTopicRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const access = { config: { access: 'catalogue.approve' as const } };

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, string>; errors?: Record<string, string> } = {},
  ) =>
    sendPage(
      reply,
      <TopicsPage
        ctx={adminContext(request, reply, 'catalogue')}
        topics={await listTopics(db)}
        used={await countItemsByTopic(db)}
        notice={(request.query as Record<string, unknown>).saved === '1' ? '已保存。' : undefined}
        {...extra}
      />,
      extra.errors ? 400 : 200,
    );

  const topicPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    topicId: number,
    extra: { values?: Record<string, string>; errors?: Record<string, string> } = {},
  ) => {
    const topics = await listTopics(db);
    const topic = topics.find((t) => t.id === topicId);
    if (!topic) throw notFound('主题分类');
    return sendPage(
      reply,
      <TopicPage
        ctx={adminContext(request, reply, 'catalogue')}
        topic={topic}
        parent={topics.find((t) => t.id === topic.parentId)}
        children={topics.filter((t) => t.parentId === topic.id)}
        used={(await countItemsByTopic(db)).get(topic.id) ?? 0}
        notice={(request.query as Record<string, unknown>).saved === '1' ? '已保存。' : undefined}
        {...extra}
      />,
      extra.errors ? 400 : 200,
    );
  };

  app.get(paths.catalogue.topics.pattern, access, async (request, reply) => {
    requireTopicAdmin(request);
    return listPage(request, reply);
  });

  app.get(paths.catalogue.topic.pattern, access, async (request, reply) => {
    requireTopicAdmin(request);
    return topicPage(request, reply, topicIdParam(request));
  });

  // Add a class (top level) or a sub-class; from the list page or a top-level class's page.
  app.post(paths.catalogue.topics.pattern, access, async (request, reply) => {
    const viewer = requireTopicAdmin(request);
    const body = formBody(request.body);
    const name = cleanTopicName(body.name ?? '');
    const topics = await listTopics(db);
    const parentId = /^\d{1,9}$/.test(body.parentId ?? '') ? Number(body.parentId) : null;
    const parent =
      parentId === null ? undefined : topics.find((t) => t.id === parentId && t.parentId === null);
    const fromTopicPage = body.from === 'topic' && parent !== undefined;
    const fail = (field: string, message: string) =>
      fromTopicPage
        ? topicPage(request, reply, parent.id, {
            values: { childName: body.name ?? '' },
            errors: { childName: message },
          })
        : listPage(request, reply, {
            values: { name: body.name ?? '', parentId: body.parentId ?? '' },
            errors: { [field]: message },
          });
    if (parentId !== null && !parent) return fail('parentId', '请选择一级分类作为上级分类');
    const problem = topicNameProblem(topics, name, parentId, null);
    if (problem) return fail(fromTopicPage ? 'childName' : 'name', problem);
    const at = now();
    await db.transaction().execute(async (trx) => {
      const id = await insertTopic(trx, parentId, name);
      await appendAudit(trx, {
        actor: actorOf(viewer, request.ip),
        at,
        action: 'create',
        entityType: 'catalogue_topic',
        entityId: id,
        agencyId: null,
        summary: `添加主题分类“${parent ? `${parent.name}\\${name}` : name}”`,
        after: { parentId, name },
      });
    });
    return reply.redirect(
      fromTopicPage
        ? paths.catalogue.topic({ topicId: parent.id }, { saved: '1' })
        : paths.catalogue.topics(undefined, { saved: '1' }),
      303,
    );
  });

  // Rename: the display name only; items keep the topic id.
  app.post(paths.catalogue.topic.pattern, access, async (request, reply) => {
    const viewer = requireTopicAdmin(request);
    const topics = await listTopics(db);
    const topic = topics.find((t) => t.id === topicIdParam(request));
    if (!topic) throw notFound('主题分类');
    const typed = formBody(request.body).name ?? '';
    const name = cleanTopicName(typed);
    const problem = topicNameProblem(topics, name, topic.parentId, topic.id);
    if (problem)
      return topicPage(request, reply, topic.id, { values: { name: typed }, errors: { name: problem } });
    if (name !== topic.name) {
      const at = now();
      await db.transaction().execute(async (trx) => {
        await renameTopic(trx, topic.id, name);
        await appendAudit(trx, {
          actor: actorOf(viewer, request.ip),
          at,
          action: 'update',
          entityType: 'catalogue_topic',
          entityId: topic.id,
          agencyId: null,
          summary: `主题分类“${label(topics, topic)}”改名为“${name}”`,
          before: { name: topic.name },
          after: { name },
        });
      });
    }
    return reply.redirect(paths.catalogue.topic({ topicId: topic.id }, { saved: '1' }), 303);
  });

  app.post(paths.catalogue.topicActive.pattern, access, async (request, reply) => {
    const viewer = requireTopicAdmin(request);
    const topics = await listTopics(db);
    const topic = topics.find((t) => t.id === topicIdParam(request));
    if (!topic) throw notFound('主题分类');
    const active = formBody(request.body).active === '1';
    if (active !== topic.active) {
      const at = now();
      await db.transaction().execute(async (trx) => {
        await setTopicActive(trx, topic.id, active);
        await appendAudit(trx, {
          actor: actorOf(viewer, request.ip),
          at,
          action: active ? 'enable' : 'disable',
          entityType: 'catalogue_topic',
          entityId: topic.id,
          agencyId: null,
          summary: `${active ? '启用' : '停用'}主题分类“${label(topics, topic)}”`,
          before: { active: topic.active },
          after: { active },
        });
      });
    }
    return reply.redirect(paths.catalogue.topic({ topicId: topic.id }, { saved: '1' }), 303);
  });
}
