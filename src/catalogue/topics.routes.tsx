import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { notFound } from '../shared/http/errors.ts';
import { orFormError } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { topicActiveForm, topicAddForm, topicRenameForm } from './catalogue.forms.ts';
import { type CatalogueRouteContext, formData, queryOf } from './catalogue.http.ts';
import { countItemsByTopic, listTopics } from './catalogue.repository.ts';
import { addTopic, renameTopicTo, requireTopicAdmin, switchTopic } from './topics.service.ts';
import { TopicPage, TopicsPage } from './topics.views.tsx';

const cat = paths.catalogue;
const access = { config: { access: 'catalogue.approve' as const } };
type Shown = { values?: Record<string, string>; errors?: Readonly<Record<string, string>> };

/** The back office of the 主题分类 (system administrators only; see topics.service.ts). */
export const topicRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;
  const notice = (request: FastifyRequest) => (queryOf(request).saved === '1' ? '已保存。' : undefined);

  const sendList = async (request: FastifyRequest, reply: FastifyReply, shown: Shown = {}) =>
    sendPage(
      reply,
      <TopicsPage
        ctx={adminContext(request, reply, 'catalogue')}
        topics={await listTopics(db)}
        used={await countItemsByTopic(db)}
        notice={notice(request)}
        {...shown}
      />,
      shown.errors ? 400 : 200,
    );

  const sendTopic = async (
    request: FastifyRequest,
    reply: FastifyReply,
    topicId: number,
    shown: Shown = {},
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
        notice={notice(request)}
        {...shown}
      />,
      shown.errors ? 400 : 200,
    );
  };

  app.get(cat.topics.pattern, access, async (request, reply) => {
    requireTopicAdmin(requireViewer(request));
    return sendList(request, reply);
  });

  app.get<On<typeof cat.topic>>(cat.topic.pattern, access, async (request, reply) => {
    requireTopicAdmin(requireViewer(request));
    return sendTopic(request, reply, idOf(request.params.topicId));
  });

  // Add a class (top level) or a sub-class; from the list page or a top-level class's page.
  app.post(cat.topics.pattern, access, async (request, reply) => {
    const viewer = requireViewer(request);
    const f = formData(topicAddForm, request.body);
    const parentId = /^\d{1,9}$/.test(f.parentId) ? Number(f.parentId) : null;
    const fromTopicPage = f.from === 'topic' && parentId !== null;
    return orFormError(
      async () => {
        await addTopic(db, viewer, request.ip, { name: f.name, parentId }, ctx.now());
        return reply.redirect(
          fromTopicPage && parentId !== null
            ? cat.topic({ topicId: parentId }, { saved: '1' })
            : cat.topics(undefined, { saved: '1' }),
          303,
        );
      },
      (errors) =>
        // A problem with the parent is shown on the list; a name problem where it was typed.
        fromTopicPage && parentId !== null && !errors.parentId
          ? sendTopic(request, reply, parentId, {
              values: { childName: f.name },
              errors: { childName: errors.name ?? '' },
            })
          : sendList(request, reply, { values: { name: f.name, parentId: f.parentId }, errors }),
    );
  });

  app.post<On<typeof cat.topic>>(cat.topic.pattern, access, async (request, reply) => {
    const viewer = requireViewer(request);
    const topicId = idOf(request.params.topicId);
    const { name } = formData(topicRenameForm, request.body);
    return orFormError(
      async () => {
        await renameTopicTo(db, viewer, request.ip, topicId, name, ctx.now());
        return reply.redirect(cat.topic({ topicId }, { saved: '1' }), 303);
      },
      (errors) => sendTopic(request, reply, topicId, { values: { name }, errors }),
    );
  });

  app.post<On<typeof cat.topicActive>>(cat.topicActive.pattern, access, async (request, reply) => {
    const topicId = idOf(request.params.topicId);
    const { active } = formData(topicActiveForm, request.body);
    await switchTopic(db, requireViewer(request), request.ip, topicId, active, ctx.now());
    return reply.redirect(cat.topic({ topicId }, { saved: '1' }), 303);
  });
};
