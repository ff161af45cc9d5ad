import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterSubmittedMail } from '../applications/review-mail.ts';
import { itemSubmittedMail } from '../catalogue/review-mail.ts';
import { digestDedupeKey, digestMail } from './digest.ts';
import type { ItemInReview, LetterInReview } from './review.service.ts';

const REVIEWER = { displayName: '李四', role: 'reviewer' as const };
const BASE = 'https://gongkai.example.gov.cn/';

const letter = (over: Partial<LetterInReview> = {}): LetterInReview => ({
  letterId: 5,
  applicationId: 12,
  serial: '2026-0012',
  agencyId: 4,
  agencyName: '欣园街道办事处',
  title: '政府信息公开告知书',
  submittedAt: '2026-11-24T01:30:00.000Z',
  submittedByName: '张三',
  returnedAt: null,
  returnedByName: null,
  returnReason: null,
  replyDue: '2026-11-20',
  provisional: false,
  ...over,
});

const item = (over: Partial<ItemInReview> = {}): ItemInReview => ({
  itemId: 9,
  revisionId: null,
  agencyId: 4,
  agencyName: '欣园街道办事处',
  title: '安全生产检查情况',
  docType: 'general',
  submittedAt: '2026-11-23T02:00:00.000Z',
  submittedByName: null,
  publishDue: '2026-12-01',
  ...over,
});

describe('the daily digest to reviewers', () => {
  it('lists letters and items with their submission, deadline and link, marking what is overdue', () => {
    const m = digestMail(
      REVIEWER,
      '2026-11-25',
      '欣园街道办事处',
      [letter(), letter({ letterId: 6, serial: '2026-0013', replyDue: null })],
      [item(), item({ itemId: 10, revisionId: 3, publishDue: null, title: '低保通知' })],
      BASE,
      'Asia/Shanghai',
    );
    assert.equal(m.subject, '【待我审核】欣园街道办事处：答复文书 2 件，主动公开信息 2 条（2026年11月25日）');
    assert.match(m.text, /^李四（审核人）：您好！/);
    assert.match(
      m.text,
      /2026-0012《政府信息公开告知书》　2026年11月24日 09:30提交　答复期限 2026年11月20日（已逾期）\n {2}https:\/\/gongkai\.example\.gov\.cn\/admin\/applications\/12\/letters\/5\n/,
    );
    assert.match(m.text, /2026-0013《政府信息公开告知书》　.*答复期限 收到申请的日期确认后确定\n/);
    assert.match(m.text, /“安全生产检查情况”（发布）　2026年11月23日 10:00提交　公开期限 2026年12月1日\n/);
    assert.match(m.text, /“低保通知”（修改已发布信息）　2026年11月23日 10:00提交\n/);
    assert.match(m.text, /全部待我审核的事项：https:\/\/gongkai\.example\.gov\.cn\/admin\/review\n/);
  });

  it('names only what there is', () => {
    const m = digestMail(REVIEWER, '2026-11-25', '欣园街道办事处', [], [item()], BASE, 'Asia/Shanghai');
    assert.equal(m.subject, '【待我审核】欣园街道办事处：主动公开信息 1 条（2026年11月25日）');
    assert.doesNotMatch(m.text, /答复文书/);
  });

  it('keys a digest by reviewer and day', () => {
    assert.equal(digestDedupeKey(7, '2026-11-25'), 'review-digest:7:2026-11-25');
    assert.notEqual(digestDedupeKey(7, '2026-11-25'), digestDedupeKey(7, '2026-11-26'));
  });
});

describe('the 待审核 mail', () => {
  it('tells the reviewer who submitted which letter, its deadline and where to review it', () => {
    const m = letterSubmittedMail(
      REVIEWER,
      {
        agencyName: '欣园街道办事处',
        applicationId: 12,
        serial: '2026-0012',
        letterId: 5,
        title: '政府信息公开告知书',
        submittedBy: '张三',
        submittedAt: '2026年11月24日 09:30',
        replyDue: '2026-12-22',
        provisional: true,
      },
      BASE,
    );
    assert.equal(m.subject, '【待审核】欣园街道办事处：申请 2026-0012 的《政府信息公开告知书》');
    assert.match(
      m.text,
      /张三于 2026年11月24日 09:30 提交了政府信息公开申请 2026-0012 的《政府信息公开告知书》/,
    );
    assert.match(m.text, /答复期限：2026年12月22日（暂定）。/);
    assert.match(m.text, /https:\/\/gongkai\.example\.gov\.cn\/admin\/applications\/12\/letters\/5\n/);
  });

  it('tells the reviewer of a catalogue item its Art. 26 deadline, of a revision none', () => {
    const fresh = itemSubmittedMail(
      REVIEWER,
      { id: 9, title: '通知', publishDue: '2026-12-01' },
      '张三',
      BASE,
    );
    assert.equal(fresh.subject, '【待审核】主动公开信息“通知”');
    assert.match(fresh.text, /应于 2026年12月1日 前公开/);
    const revision = itemSubmittedMail(REVIEWER, { id: 9, title: '通知', publishDue: null }, '张三', BASE);
    assert.equal(revision.subject, '【待审核】对已发布信息的修改“通知”');
    assert.doesNotMatch(revision.text, /第二十六条/);
  });
});
