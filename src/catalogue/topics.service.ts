import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import type { Db } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { audited } from './audited.ts';
import { type Topic, topicLabel } from './catalogue.model.ts';
import { insertTopic, listTopics, renameTopic, setTopicActive } from './catalogue.repository.ts';
import { cleanTopicName, topicNameProblem } from './taxonomy.ts';

/**
 * The 主题分类 (docs/domain/catalogue.md#topics "editable"): one national taxonomy, maintained by system administrators
 * only. Rename (items keep their topic, only the name shown changes), switch off and on (hidden from
 * new choices, still shown on items), add a class or sub-class. Every change audited.
 */
export function requireTopicAdmin(viewer: AuthedUser): AuthedUser {
  if (viewer.scope.kind !== 'all') throw new AppError('forbidden', '主题分类由系统管理员维护。');
  return viewer;
}

/** Changes one existing topic (rename, switch) and audits it. */
async function changeTopic(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  topic: Topic,
  change: { action: string; summary: string; before: object; after: object },
  write: Parameters<typeof audited<void>>[1],
  now: string,
): Promise<void> {
  await audited(db, write, () => ({
    actor: actorOf(viewer, ip),
    at: now,
    entityType: 'catalogue_topic',
    entityId: topic.id,
    agencyId: null,
    ...change,
  }));
}

async function topicOf(db: Db, topicId: number): Promise<{ topics: Topic[]; topic: Topic }> {
  const topics = await listTopics(db);
  const topic = topics.find((t) => t.id === topicId);
  if (!topic) throw notFound('主题分类');
  return { topics, topic };
}

/** Adds a class (parentId null) or a sub-class of a top-level class. */
export async function addTopic(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  input: { readonly name: string; readonly parentId: number | null },
  now: string,
): Promise<number> {
  requireTopicAdmin(viewer);
  const topics = await listTopics(db);
  const name = cleanTopicName(input.name);
  const { parentId } = input;
  const parent = parentId === null ? undefined : topics.find((t) => t.id === parentId && t.parentId === null);
  if (parentId !== null && !parent) throw new FormError({ parentId: '请选择一级分类作为上级分类' });
  const problem = topicNameProblem(topics, name, parentId, null);
  if (problem) throw new FormError({ name: problem });
  return audited(
    db,
    (trx) => insertTopic(trx, parentId, name),
    (id) => ({
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'catalogue_topic',
      entityId: id,
      agencyId: null,
      summary: `添加主题分类“${parent ? `${parent.name}\\${name}` : name}”`,
      after: { parentId, name },
    }),
  );
}

/** Renames a topic (the display name only; items keep the topic id). */
export async function renameTopicTo(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  topicId: number,
  typed: string,
  now: string,
): Promise<void> {
  requireTopicAdmin(viewer);
  const { topics, topic } = await topicOf(db, topicId);
  const name = cleanTopicName(typed);
  const problem = topicNameProblem(topics, name, topic.parentId, topic.id);
  if (problem) throw new FormError({ name: problem });
  if (name === topic.name) return;
  await changeTopic(
    db,
    viewer,
    ip,
    topic,
    {
      action: 'update',
      summary: `主题分类“${topicLabel(topics, topic.id)}”改名为“${name}”`,
      before: { name: topic.name },
      after: { name },
    },
    (trx) => renameTopic(trx, topic.id, name),
    now,
  );
}

/** Switches a topic on or off for new choices. */
export async function switchTopic(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  topicId: number,
  active: boolean,
  now: string,
): Promise<void> {
  requireTopicAdmin(viewer);
  const { topics, topic } = await topicOf(db, topicId);
  if (active === topic.active) return;
  await changeTopic(
    db,
    viewer,
    ip,
    topic,
    {
      action: active ? 'enable' : 'disable',
      summary: `${active ? '启用' : '停用'}主题分类“${topicLabel(topics, topic.id)}”`,
      before: { active: topic.active },
      after: { active },
    },
    (trx) => setTopicActive(trx, topic.id, active),
    now,
  );
}
