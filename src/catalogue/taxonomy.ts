/** 主题分类: the gov.cn 22 top-level classes with their sub-classes (docs/domain/catalogue.md#topics); seeded, then editable. */
export const TOPIC_SEED: readonly (readonly [string, readonly string[]])[] = [
  [
    '国务院组织机构',
    [
      '国务院',
      '国务院办公厅',
      '国务院组成部门',
      '国务院直属特设机构',
      '国务院直属机构',
      '国务院办事机构',
      '国务院直属事业单位',
      '国务院部委管理的国家局',
      '国务院议事协调机构',
      '其他',
    ],
  ],
  [
    '综合政务',
    ['政务公开', '政务督查', '应急管理', '电子政务', '文秘工作', '保密工作', '信访', '参事、文史', '其他'],
  ],
  [
    '国民经济管理、国有资产监管',
    ['宏观经济', '经济体制改革', '统计', '物价', '国有资产监管', '重大建设项目', '其他'],
  ],
  [
    '财政、金融、审计',
    ['财政', '税务', '银行', '货币（含外汇）', '证券', '保险', '社会信用体系建设', '审计', '其他'],
  ],
  ['国土资源、能源', ['土地', '矿产', '水资源', '海洋', '煤炭', '石油与天然气', '电力', '其他']],
  ['农业、林业、水利', ['农业、畜牧业、渔业', '林业', '水利', '其他']],
  [
    '工业、交通',
    [
      '机械制造与重工业',
      '轻工纺织',
      '化工',
      '国防工业',
      '航天、航空',
      '信息产业（含电信）',
      '公路',
      '水运',
      '铁路',
      '民航',
      '邮政',
      '其他',
    ],
  ],
  ['商贸、海关、旅游', ['对外经贸合作', '国内贸易（含供销）', '海关', '检验、检疫', '旅游', '其他']],
  ['市场监管、安全生产监管', ['工商', '质量监督', '标准', '食品药品监管', '安全生产监管', '其他']],
  [
    '城乡建设、环境保护',
    [
      '城市规划',
      '城乡建设（含住房）',
      '环境监测、保护与治理',
      '节能与资源综合利用',
      '气象、水文、测绘、地震',
      '其他',
    ],
  ],
  ['科技、教育', ['科技', '教育', '知识产权', '其他']],
  ['文化、广电、新闻出版', ['文化', '文物', '新闻出版', '广播、电影、电视', '其他']],
  ['卫生、体育', ['卫生', '医药管理', '体育', '其他']],
  ['人口与计划生育、妇女儿童工作', ['人口与计划生育', '妇女儿童', '其他']],
  ['劳动、人事、监察', ['劳动就业', '社会保障', '人事工作', '军转安置', '监察', '纠正行业不正之风', '其他']],
  ['公安、安全、司法', ['公安', '国家安全', '司法', '其他']],
  ['民政、扶贫、救灾', ['减灾救灾', '优抚安置', '社会福利', '行政区划与地名', '社团管理', '扶贫', '其他']],
  ['民族、宗教', ['民族事务', '宗教事务']],
  ['对外事务', ['外交、外事', '国际条约、国际组织', '其他']],
  ['港澳台侨工作', ['港澳工作', '对台工作', '侨务工作']],
  ['国防', ['国防建设', '国防动员']],
  ['其他', []],
];

/** The shape of a topic the rules below need (catalogue.repository.ts `Topic`). */
export interface TopicFacts {
  readonly id: number;
  readonly parentId: number | null;
  readonly name: string;
  readonly active: boolean;
}

/** Longest display name of a topic. */
export const TOPIC_NAME_MAX = 40;

/**
 * Whether a topic may be chosen for a new or changed item: switched on, its parent switched on, and
 * a leaf (a top-level class with sub-classes is chosen through one of them).
 */
export function isSelectableTopic(topics: readonly TopicFacts[], id: number): boolean {
  const t = topics.find((x) => x.id === id);
  if (!t?.active) return false;
  if (t.parentId !== null) return topics.find((x) => x.id === t.parentId)?.active === true;
  return !topics.some((c) => c.parentId === t.id);
}

/**
 * Why a topic id cannot be saved on an item, or null. The item's current topic stays allowed after
 * it was switched off (items keep their topic; only new choices are limited).
 */
export function topicChoiceProblem(
  topics: readonly TopicFacts[],
  id: number | null,
  current: number | null,
): string | null {
  if (id === null || id === current) return null;
  if (!topics.some((t) => t.id === id)) return '请选择主题分类';
  return isSelectableTopic(topics, id) ? null : '该主题分类已停用，请选择其他分类';
}

/** Why a topic name cannot be used under a parent (null = top level), or null. */
export function topicNameProblem(
  topics: readonly TopicFacts[],
  name: string,
  parentId: number | null,
  selfId: number | null,
): string | null {
  if (name === '') return '请填写分类名称';
  if ([...name].length > TOPIC_NAME_MAX) return `分类名称不能超过 ${TOPIC_NAME_MAX} 个字`;
  if (name.includes('\\')) return '分类名称不能包含“\\”（它用来分隔一级和二级分类）';
  const clash = topics.find((t) => t.parentId === parentId && t.id !== selfId && t.name === name);
  if (clash) return parentId === null ? `已有一级分类“${name}”` : `该上级分类下已有“${name}”`;
  return null;
}

/** A topic name as typed, spaces trimmed and collapsed (full-width punctuation is kept as written). */
export function cleanTopicName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}
