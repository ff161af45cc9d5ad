import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanTopicName, isSelectableTopic, topicChoiceProblem, topicNameProblem } from './taxonomy.ts';

const topics = [
  { id: 1, parentId: null, name: '民政、扶贫、救灾', active: true },
  { id: 2, parentId: 1, name: '社会福利', active: true },
  { id: 3, parentId: 1, name: '扶贫', active: false },
  { id: 4, parentId: null, name: '国防', active: false },
  { id: 5, parentId: 4, name: '国防建设', active: true },
  { id: 6, parentId: null, name: '其他', active: true },
];

describe('主题分类 rules', () => {
  it('offers switched-on leaves under switched-on classes', () => {
    assert.equal(isSelectableTopic(topics, 2), true);
    assert.equal(isSelectableTopic(topics, 3), false); // switched off
    assert.equal(isSelectableTopic(topics, 5), false); // its class is switched off
    assert.equal(isSelectableTopic(topics, 1), false); // a class with sub-classes
    assert.equal(isSelectableTopic(topics, 6), true); // a class without sub-classes
    assert.equal(isSelectableTopic(topics, 99), false);
  });

  it('lets an item keep a switched-off topic but not choose one', () => {
    assert.equal(topicChoiceProblem(topics, null, null), null);
    assert.equal(topicChoiceProblem(topics, 3, 3), null);
    assert.equal(topicChoiceProblem(topics, 3, 2), '该主题分类已停用，请选择其他分类');
    assert.equal(topicChoiceProblem(topics, 99, null), '请选择主题分类');
  });

  it('refuses empty, long, backslashed and duplicate names among siblings only', () => {
    assert.equal(topicNameProblem(topics, '', 1, null), '请填写分类名称');
    assert.equal(topicNameProblem(topics, '长'.repeat(41), 1, null), '分类名称不能超过 40 个字');
    assert.match(topicNameProblem(topics, '甲\\乙', 1, null) ?? '', /不能包含/);
    assert.equal(topicNameProblem(topics, '扶贫', 1, null), '该上级分类下已有“扶贫”');
    assert.equal(topicNameProblem(topics, '社会福利', 1, 2), null); // itself
    assert.equal(topicNameProblem(topics, '社会福利', 4, null), null); // another class
    assert.equal(topicNameProblem(topics, '国防', null, null), '已有一级分类“国防”');
    assert.equal(cleanTopicName('  乡村  振兴 '), '乡村 振兴');
  });
});
