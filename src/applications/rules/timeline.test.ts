import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar } from '../../calendar/calendar.ts';
import { formatChineseDate } from '../../calendar/dates.ts';
import { SEED_HOLIDAY_YEARS } from '../../calendar/holidays-data.ts';
import {
  type CaseEvent,
  computeDeadlines,
  DEFAULT_TIMELINE_POLICY,
  type Deadlines,
  dueSoon,
  isOverdue,
  outcomeLabel,
  validateEvent,
  validateTimeline,
} from './timeline.ts';

const cal = buildCalendar(SEED_HOLIDAY_YEARS);
const NOW = '2027-06-30';

// ----- event factories (named traits, fixed dates) ------------------------------------------------------
const inPerson = (on: string): CaseEvent => ({ type: 'received', channel: 'in_person', submittedOn: on });
const online = (submittedOn: string, confirmedOn?: string): CaseEvent =>
  confirmedOn === undefined
    ? { type: 'received', channel: 'online', submittedOn }
    : { type: 'received', channel: 'online', submittedOn, confirmedOn };
const thirdParty = (on: string, party = '某某建设有限公司', deliveredOn?: string): CaseEvent =>
  deliveredOn === undefined
    ? { type: 'thirdPartyConsultationSent', on, party }
    : { type: 'thirdPartyConsultationSent', on, party, deliveredOn };
const thirdPartyReply = (on: string, consents = false, party = '某某建设有限公司'): CaseEvent => ({
  type: 'thirdPartyReplied',
  on,
  party,
  consents,
});
const agency = (on: string, name = '区住房和城乡建设局'): CaseEvent => ({
  type: 'agencyConsultationSent',
  on,
  agency: name,
});
const agencyReply = (on: string, name = '区住房和城乡建设局'): CaseEvent => ({
  type: 'agencyReplied',
  on,
  agency: name,
  consents: true,
});
const extension = (on: string, workingDays = 20): CaseEvent => ({
  type: 'extensionApproved',
  on,
  workingDays,
  approvedBy: '王主任',
});
const answered = (
  on: string,
  outcome: Extract<CaseEvent, { type: 'answered' }>['outcome'] = 'granted',
): CaseEvent => ({
  type: 'answered',
  on,
  outcome,
});

/** Builds a timeline through validateEvent, failing the test on any refusal. */
function timeline(...events: CaseEvent[]): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (const e of events) {
    const problem = validateEvent(out, e, NOW, cal);
    assert.equal(problem, null, `${e.type}: ${problem}`);
    out.push(e);
  }
  return out;
}

function deadlines(...events: CaseEvent[]): Deadlines {
  return computeDeadlines(timeline(...events), cal);
}

function refusal(events: CaseEvent[], next: CaseEvent, now = NOW): string | null {
  return validateEvent(timeline(...events), next, now, cal);
}

/** Every derived date must be explained by some step. */
function assertExplained(d: Deadlines): void {
  const dates = [
    d.receiptDate,
    d.replyDue,
    d.correctionNoticeDue,
    d.correctionDue,
    d.feeDue,
    d.thirdPartyDue,
    d.agencyDue,
  ];
  for (const date of dates) {
    if (date === null) continue;
    const cnDate = formatChineseDate(date);
    assert.ok(
      d.steps.some((s) => s.date === date || s.explanation.includes(cnDate)),
      `no step explains ${date}`,
    );
  }
}

// ----- docs/domain/deadlines.md#counting -----------------------------------------------------------------------------------------
describe('docs/domain/deadlines.md#vectors through the timeline', () => {
  const vectors: [string, string, string][] = [
    ['2019-09-20', '2019-10-23', '2019-11-20'],
    ['2020-01-20', '2020-02-25', '2020-03-24'],
    ['2021-09-17', '2021-10-21', '2021-11-18'],
    ['2023-09-28', '2023-11-01', '2023-11-29'],
    ['2024-09-27', '2024-10-30', '2024-11-27'],
    ['2025-01-24', '2025-02-27', '2025-03-27'],
    ['2026-02-13', '2026-03-19', '2026-04-17'],
    ['2026-09-18', '2026-10-22', '2026-11-19'],
  ];
  for (const [receipt, due, extended] of vectors) {
    it(`received ${receipt}: reply due ${due}, after a 20-WD extension ${extended}`, () => {
      const d = deadlines(inPerson(receipt));
      assert.equal(d.replyDue, due);
      assert.equal(d.status, 'in_progress');
      assert.equal(d.provisional, false);
      const e = deadlines(inPerson(receipt), extension(receipt));
      assert.equal(e.replyDue, extended);
      assert.equal(e.extendedBy, 20);
      assertExplained(e);
    });
  }
  it('received 2024-02-05: correction notice due 2024-02-20 (7 WD)', () => {
    assert.equal(deadlines(inPerson('2024-02-05')).correctionNoticeDue, '2024-02-20');
  });
  it('received 2025-09-26: the 15-WD consultation window of a letter sent that day ends 2025-10-23', () => {
    const d = deadlines(inPerson('2025-09-26'), thirdParty('2025-09-26'));
    assert.equal(d.thirdPartyDue, '2025-10-23');
    assert.equal(d.consultations[0]?.dueOn, '2025-10-23');
  });
});

// ----- receipt (Art. 31) -----------------------------------------------------------------------------------
describe('receipt date by channel (Art. 31)', () => {
  it('in person: the submission day', () => {
    const d = deadlines(inPerson('2025-03-03'));
    assert.equal(d.receiptDate, '2025-03-03');
    assert.equal(
      d.receiptRule,
      '当面提交申请的，以提交之日为收到申请之日（《政府信息公开条例》第三十一条第（一）项）。',
    );
    assert.equal(d.steps[0]?.label, '收到申请之日');
  });
  it('oral: the day the clerk records it, citing Art. 29', () => {
    const d = deadlines({ type: 'received', channel: 'oral', submittedOn: '2025-03-03' });
    assert.equal(d.receiptDate, '2025-03-03');
    assert.match(d.receiptRule ?? '', /第二十九条/);
  });
  it('registered post: the signing day', () => {
    const d = deadlines({
      type: 'received',
      channel: 'post_signed',
      submittedOn: '2025-02-27',
      signedOn: '2025-03-03',
    });
    assert.equal(d.receiptDate, '2025-03-03');
    assert.match(d.receiptRule ?? '', /签收之日/);
  });
  it('plain letter: the day confirmed with the applicant, flagged when not the arrival day', () => {
    const d = deadlines({
      type: 'received',
      channel: 'post_plain',
      submittedOn: '2025-03-03',
      confirmedOn: '2025-03-05',
    });
    assert.equal(d.receiptDate, '2025-03-05');
    assert.deepEqual(d.warnings, [
      '平常信函应于收到当日与申请人确认（《政府信息公开条例》第三十一条第（二）项）；本申请2025年3月3日收到，2025年3月5日才确认。',
    ]);
  });
  it('online, email and fax: the day both sides confirm', () => {
    for (const channel of ['online', 'email', 'fax'] as const) {
      const d = deadlines({
        type: 'received',
        channel,
        submittedOn: '2025-03-01',
        confirmedOn: '2025-03-03',
      });
      assert.equal(d.receiptDate, '2025-03-03', channel);
      assert.match(d.receiptRule ?? '', /双方确认之日/);
      assert.deepEqual(d.warnings, []);
    }
    assert.match(deadlines(online('2025-03-03', '2025-03-03')).receiptRule ?? '', /互联网渠道/);
  });
  it('without confirmation there is no receipt date and no deadline; a later confirmation fixes it', () => {
    const pending = deadlines(online('2025-03-01'));
    assert.equal(pending.receiptDate, null);
    assert.equal(pending.replyDue, null);
    assert.equal(pending.status, 'awaiting_confirmation');
    assert.equal(pending.statusLabel, '待确认收到日期');
    assert.match(pending.steps[0]?.explanation ?? '', /尚未登记与申请人确认的日期/);
    const confirmed = deadlines(online('2025-03-01'), { type: 'receiptConfirmed', on: '2025-03-04' });
    assert.equal(confirmed.receiptDate, '2025-03-04');
    assert.equal(confirmed.replyDue, '2025-04-01');
  });
});

// ----- correction (Art. 30) ------------------------------------------------------------------------------
describe('correction (Art. 30)', () => {
  const requested: CaseEvent = { type: 'correctionRequested', on: '2024-02-08', dueOn: '2024-02-29' };
  it('waits for the correction: no reply deadline, status 待补正', () => {
    const d = deadlines(inPerson('2024-02-05'), requested);
    assert.equal(d.status, 'awaiting_correction');
    assert.equal(d.replyDue, null);
    assert.equal(d.correctionDue, '2024-02-29');
    assert.equal(
      d.steps.at(-1)?.explanation,
      '申请正在等待补正，答复期限自收到补正的申请之日起重新计算（《政府信息公开条例》第三十条）。',
    );
    assert.deepEqual(d.warnings, []);
  });
  it('restarts the 20 WD from the day the correction is received', () => {
    const d = deadlines(inPerson('2024-02-05'), requested, { type: 'correctionReceived', on: '2024-02-26' });
    assert.equal(d.clockStart, '2024-02-26');
    assert.equal(d.replyDue, '2024-03-25');
    assert.equal(d.status, 'in_progress');
    assert.ok(d.steps.some((s) => s.label === '答复期限（自收到补正之日起算）' && s.date === '2024-03-25'));
    assertExplained(d);
  });
  it('accepts but flags a correction notice later than 7 WD', () => {
    const d = deadlines(inPerson('2024-02-05'), {
      type: 'correctionRequested',
      on: '2024-02-21',
      dueOn: '2024-03-05',
    });
    assert.deepEqual(d.warnings, [
      '补正告知晚于法定期限：应自收到申请之日起7个工作日内（最迟2024年2月20日）一次性告知，实际于2024年2月21日告知。',
    ]);
  });
  it('flags a correction received after its due date', () => {
    const d = deadlines(inPerson('2024-02-05'), requested, { type: 'correctionReceived', on: '2024-03-01' });
    assert.deepEqual(d.warnings, ['申请人于2024年3月1日提交补正，晚于补正期限2024年2月29日。']);
  });
  it('lapses after the due date: 视为放弃, report row （六）1', () => {
    const d = deadlines(inPerson('2024-02-05'), requested, { type: 'correctionLapsed', on: '2024-03-01' });
    assert.equal(d.status, 'abandoned_correction');
    assert.equal(d.outcome, 'other.overdueCorrection');
    assert.equal(d.closedOn, '2024-03-01');
    assert.equal(d.replyDue, null);
    assert.match(outcomeLabel('other.overdueCorrection'), /逾期不补正/);
  });
});

// ----- consultations (Art. 32–34) ------------------------------------------------------------------------
describe('consultation pauses (Art. 32–34)', () => {
  it('excludes the working days after the sending day up to the reply day', () => {
    const d = deadlines(
      online('2025-09-26', '2025-09-26'),
      thirdParty('2025-10-09'),
      thirdPartyReply('2025-10-20'),
    );
    assert.equal(d.pausedIntervals[0]?.workingDays, 8); // 10-10, 10-11 (调休), 10-13…17, 10-20
    assert.equal(d.excludedWorkingDays, 8);
    assert.equal(d.replyDue, '2025-11-11'); // base 2025-10-30 + 8 WD
    assert.equal(d.replyDueProjected, false);
    assert.equal(d.thirdPartyDue, '2025-10-29');
    assert.equal(d.status, 'in_progress');
    const step = d.steps.find((s) => s.label === '征求第三方意见（某某建设有限公司）');
    assert.equal(
      step?.explanation,
      '2025年10月9日书面征求某某建设有限公司意见，第三方应自收到征求意见书之日起15个工作日内提出意见（《政府信息公开条例》第三十二条），即2025年10月29日前；2025年10月20日回复，不同意公开。自2025年10月9日次日至2025年10月20日共8个工作日不计算在答复期限内（《政府信息公开条例》第三十三条第三款）。',
    );
    assertExplained(d);
  });
  it('while no reply has come in, projects the pause to the end of the 15-WD window', () => {
    const d = deadlines(online('2025-09-26', '2025-09-26'), agency('2025-10-09'));
    assert.equal(d.status, 'consulting');
    assert.equal(d.agencyDue, '2025-10-29');
    assert.equal(d.pausedIntervals[0]?.open, true);
    assert.equal(d.excludedWorkingDays, 15);
    assert.equal(d.replyDue, '2025-11-20');
    assert.equal(d.replyDueProjected, true);
    assert.match(d.steps.at(-1)?.explanation ?? '', /按尚未回复或缴费事项的最晚期限计算/);
  });
  it('silence of the other agency: the pause ends with the window (视为同意)', () => {
    const d = deadlines(online('2025-09-26', '2025-09-26'), agency('2025-10-09'), answered('2025-11-18'));
    assert.equal(d.replyDue, '2025-11-20');
    assert.equal(d.answeredLate, false);
    assert.equal(d.pausedIntervals[0]?.open, false);
    assert.match(
      d.steps.find((s) => s.label.startsWith('征求其他机关意见'))?.explanation ?? '',
      /逾期未提出意见的视为同意公开/,
    );
  });
  it('a reply after the window does not extend the pause and is flagged', () => {
    const d = deadlines(inPerson('2025-09-26'), thirdParty('2025-10-09'), thirdPartyReply('2025-11-05'));
    assert.equal(d.pausedIntervals[0]?.to, '2025-10-29');
    assert.equal(d.replyDue, '2025-11-20');
    assert.deepEqual(d.warnings, [
      '征求第三方意见（某某建设有限公司）的回复于2025年11月5日收到，晚于征求意见期限2025年10月29日；逾期部分计入答复期限。',
    ]);
  });
  it('counts the window from the delivery day when recorded', () => {
    const d = deadlines(inPerson('2025-09-26'), thirdParty('2025-10-09', '某某建设有限公司', '2025-10-13'));
    assert.equal(d.thirdPartyDue, '2025-11-03');
  });
  it('merges overlapping consultations so no day is excluded twice', () => {
    const d = deadlines(
      inPerson('2025-09-26'),
      thirdParty('2025-10-09', '甲公司'),
      thirdParty('2025-10-13', '乙公司'),
      thirdPartyReply('2025-10-20', true, '甲公司'),
      thirdPartyReply('2025-10-24', false, '乙公司'),
    );
    assert.deepEqual(
      d.pausedIntervals.map((p) => p.workingDays),
      [8, 9],
    );
    assert.equal(d.excludedWorkingDays, 12); // (10-09, 10-24]
    assert.equal(d.replyDue, '2025-11-17');
    assert.equal(d.thirdPartyDue, '2025-11-03');
  });
  it('a consultation started after the reply period ran out does not revive it', () => {
    const d = deadlines(inPerson('2025-09-26'), thirdParty('2025-10-31'), thirdPartyReply('2025-11-05'));
    assert.equal(d.replyDue, '2025-10-30');
    assert.equal(d.excludedWorkingDays, 0);
    assert.match(
      d.warnings[0] ?? '',
      /已在答复期限（2025年10月30日）届满当日或之后，征求意见时间不再顺延答复期限/,
    );
  });
  it('consultation and extension combine (2024-09-27 vector)', () => {
    const d = deadlines(
      inPerson('2024-09-27'),
      thirdParty('2024-10-08'),
      thirdPartyReply('2024-10-10'),
      extension('2024-10-28'),
    );
    // base 2024-10-30, +20 WD extension = 2024-11-27, + 2 excluded WD (10-09, 10-10)
    assert.equal(d.replyDue, '2024-11-29');
    assertExplained(d);
  });
});

// ----- fee -------------------------------------------------------------------------------------------------
describe('information processing fee', () => {
  const notice: CaseEvent = { type: 'feeNoticeSent', on: '2025-03-10', amount: 300 };
  it('has 20 WD to pay from the day after the notice, skipping 清明', () => {
    const d = deadlines(inPerson('2025-03-03'), notice);
    assert.equal(d.feeDue, '2025-04-08');
    assert.equal(d.status, 'awaiting_fee');
    assertExplained(d);
  });
  it('by default pauses the reply clock from notice to payment', () => {
    const d = deadlines(inPerson('2025-03-03'), notice, { type: 'feePaid', on: '2025-03-14' });
    assert.equal(d.excludedWorkingDays, 4);
    assert.equal(d.replyDue, '2025-04-07'); // base 2025-03-31 + 4 WD over 清明 04-04
    assert.equal(d.status, 'in_progress');
  });
  it('does not pause when the policy says so', () => {
    const events = timeline(inPerson('2025-03-03'), notice, { type: 'feePaid', on: '2025-03-14' });
    const d = computeDeadlines(events, cal, { ...DEFAULT_TIMELINE_POLICY, feePausesReplyClock: false });
    assert.equal(d.replyDue, '2025-03-31');
    assert.deepEqual(d.pausedIntervals, []);
  });
  it('unpaid fee: pause projected to the payment deadline; lapse closes the case (row （六）2)', () => {
    const open = deadlines(inPerson('2025-03-03'), notice);
    assert.equal(open.replyDueProjected, true);
    const lapsed = deadlines(inPerson('2025-03-03'), notice, { type: 'feeLapsed', on: '2025-04-09' });
    assert.equal(lapsed.status, 'abandoned_fee');
    assert.equal(lapsed.outcome, 'other.overdueFee');
    assert.equal(lapsed.steps.at(-1)?.label, '视为放弃申请');
  });
  it('counts from the delivery of the notice when recorded', () => {
    const d = deadlines(inPerson('2025-03-03'), {
      type: 'feeNoticeSent',
      on: '2025-03-10',
      amount: 300,
      deliveredOn: '2025-03-12',
    });
    assert.equal(d.feeDue, '2025-04-10');
  });
});

// ----- Art. 35 ---------------------------------------------------------------------------------------------
describe('volume and frequency (Art. 35)', () => {
  const request: CaseEvent = { type: 'volumeReasonRequested', on: '2025-03-05' };
  it('an unreasonable reason closes the case as 不予处理（无正当理由大量反复申请）', () => {
    const d = deadlines(inPerson('2025-03-03'), request, {
      type: 'volumeDecided',
      on: '2025-03-12',
      reasonable: false,
    });
    assert.equal(d.status, 'answered');
    assert.equal(d.outcome, 'notProcessed.massRepeat');
    assert.equal(d.answeredLate, false);
    assert.equal(outcomeLabel('notProcessed.massRepeat'), '不予处理（无正当理由大量反复申请）');
  });
  it('a reasonable reason with a delayed deadline replaces the reply deadline', () => {
    const d = deadlines(inPerson('2025-03-03'), request, {
      type: 'volumeDecided',
      on: '2025-03-12',
      reasonable: true,
      delayedReplyDue: '2025-05-30',
    });
    assert.equal(d.replyDue, '2025-05-30');
    assert.ok(d.steps.some((s) => s.label === '确定延迟答复期限' && s.explanation.includes('2025年3月31日')));
  });
  it('waiting for the reason does not pause by default; status 待申请人说明理由', () => {
    const d = deadlines(inPerson('2025-03-03'), request);
    assert.equal(d.status, 'awaiting_volume_reason');
    assert.equal(d.replyDue, '2025-03-31');
  });
  it('with the pause policy the wait is excluded, and the deadline is unknown until the decision', () => {
    const policy = { ...DEFAULT_TIMELINE_POLICY, volumeReasonPausesReplyClock: true };
    const waiting = computeDeadlines(timeline(inPerson('2025-03-03'), request), cal, policy);
    assert.equal(waiting.replyDue, null);
    const decided = computeDeadlines(
      timeline(inPerson('2025-03-03'), request, {
        type: 'volumeDecided',
        on: '2025-03-12',
        reasonable: true,
      }),
      cal,
      policy,
    );
    assert.equal(decided.replyDue, '2025-04-08');
  });
});

// ----- closing, lateness, provisional ---------------------------------------------------------------------
describe('answers and closing', () => {
  it('answered on time', () => {
    const d = deadlines(inPerson('2025-09-26'), answered('2025-10-30', 'partial'));
    assert.equal(d.status, 'answered');
    assert.equal(d.answeredLate, false);
    assert.equal(d.steps.at(-1)?.explanation, '2025年10月30日作出答复：部分公开，在答复期限内。');
  });
  it('answered late is flagged with the number of working days', () => {
    const d = deadlines(inPerson('2025-09-26'), answered('2025-11-03', 'unable.notHeld'));
    assert.equal(d.answeredLate, true);
    assert.equal(
      d.steps.at(-1)?.explanation,
      '2025年11月3日作出答复：无法提供（本机关不掌握相关政府信息），晚于答复期限2025年10月30日，逾期2个工作日。',
    );
    assert.deepEqual(d.warnings, ['答复晚于答复期限（2025年10月30日）。']);
  });
  it('answered on the spot', () => {
    const d = deadlines(inPerson('2025-03-03'), {
      type: 'answered',
      on: '2025-03-03',
      outcome: 'granted',
      onTheSpot: true,
    });
    assert.equal(d.steps.at(-1)?.explanation, '2025年3月3日当场作出答复：予以公开，在答复期限内。');
  });
  it('withdrawn', () => {
    const d = deadlines(inPerson('2025-03-03'), thirdParty('2025-03-05'), {
      type: 'withdrawn',
      on: '2025-03-06',
    });
    assert.equal(d.status, 'withdrawn');
    assert.equal(d.outcome, 'withdrawn');
    assert.equal(d.pausedIntervals[0]?.to, '2025-03-06');
  });
  it('a deadline running into 2027 is provisional and says so', () => {
    const d = deadlines(inPerson('2026-12-10'));
    assert.equal(d.replyDue, '2027-01-08'); // 2027-01-01 (元旦, computed statutory holiday) is not counted
    assert.equal(d.provisional, true);
    assert.deepEqual(d.provisionalYears, [2027]);
    assert.deepEqual(d.warnings, [
      '2027年节假日安排尚未录入，相关期限已按法定节假日暂定，调休以国务院办公厅通知为准。',
    ]);
  });
  it('a realistic multi-event case: online, correction, two consultations, extension, fee, answer', () => {
    const d = deadlines(
      online('2025-09-25', '2025-09-26'),
      { type: 'correctionRequested', on: '2025-09-30', dueOn: '2025-10-20' },
      { type: 'correctionReceived', on: '2025-10-13' },
      thirdParty('2025-10-15'),
      agency('2025-10-16'),
      thirdPartyReply('2025-10-24', false),
      agencyReply('2025-10-28'),
      extension('2025-11-20', 10),
      { type: 'feeNoticeSent', on: '2025-11-24', amount: 200 },
      { type: 'feePaid', on: '2025-11-26' },
      answered('2025-12-10', 'partial'),
    );
    // clock from 10-13: 10-14, 10-15 used (2); pause (10-15, 10-28] = 9 WD; 10-29 … 11-24 used 19 (21);
    // pause (11-24, 11-26] = 2 WD; 9 WD left → 2025-12-09
    assert.equal(d.excludedWorkingDays, 11);
    assert.equal(d.replyDue, '2025-12-09');
    assert.equal(d.answeredLate, true);
    assert.equal(d.status, 'answered');
    assertExplained(d);
  });
});

describe('dueSoon / isOverdue', () => {
  it('is due soon within 3 working days, including the due day', () => {
    assert.equal(dueSoon('2025-10-30', '2025-10-27', cal), true);
    assert.equal(dueSoon('2025-10-30', '2025-10-24', cal), false);
    assert.equal(dueSoon('2025-10-30', '2025-10-30', cal), true);
    assert.equal(dueSoon('2025-10-30', '2025-10-31', cal), false);
  });
  it('counts working days, not calendar days, over 国庆', () => {
    assert.equal(dueSoon('2025-10-09', '2025-09-30', cal), true);
  });
  it('is overdue from the day after the due day', () => {
    assert.equal(isOverdue('2025-10-30', '2025-10-30'), false);
    assert.equal(isOverdue('2025-10-30', '2025-10-31'), true);
  });
});

// ----- validation ------------------------------------------------------------------------------------------
describe('validateEvent refuses impossible timelines', () => {
  const r = inPerson('2025-03-03');
  it('requires receipt first, once', () => {
    assert.equal(refusal([], answered('2025-03-04')), '请先登记收到申请。');
    assert.equal(refusal([r], inPerson('2025-03-04')), '本申请已登记收到，不能重复登记。');
  });
  it('checks receipt fields', () => {
    assert.equal(
      refusal([], { type: 'received', channel: 'post_signed', submittedOn: '2025-03-01' }),
      '邮寄提交的申请应填写签收日期（第三十一条第（二）项）。',
    );
    assert.equal(
      refusal([], {
        type: 'received',
        channel: 'post_signed',
        submittedOn: '2025-03-03',
        signedOn: '2025-03-01',
      }),
      '签收日期不能早于提交日期。',
    );
    assert.equal(
      refusal([], {
        type: 'received',
        channel: 'online',
        submittedOn: '2025-03-03',
        confirmedOn: '2025-03-01',
      }),
      '确认日期不能早于提交日期。',
    );
    assert.equal(
      refusal([], {
        type: 'received',
        channel: 'in_person',
        submittedOn: '2025-03-03',
        confirmedOn: '2025-03-03',
      }),
      '当面、口头或签收的邮寄申请不需要填写确认日期。',
    );
    assert.equal(
      refusal([], { type: 'received', channel: 'online', submittedOn: '2025-03-03', signedOn: '2025-03-03' }),
      '只有需要签收的邮寄申请才填写签收日期。',
    );
  });
  it('refuses invalid and future dates', () => {
    assert.equal(
      refusal([], inPerson('2025-02-30')),
      '“收到申请”的提交日期“2025-02-30”无效，请填写YYYY-MM-DD格式的真实日期。',
    );
    assert.equal(
      refusal([], inPerson('2025-03-04'), '2025-03-03'),
      '“收到申请”的提交日期（2025年3月4日）不能晚于今天（2025年3月3日）。',
    );
  });
  it('refuses events before receipt or out of order', () => {
    const signed: CaseEvent = {
      type: 'received',
      channel: 'post_signed',
      submittedOn: '2025-03-01',
      signedOn: '2025-03-05',
    };
    assert.equal(
      refusal([signed], thirdParty('2025-03-03')),
      '“征求第三方意见”的日期（2025年3月3日）早于收到申请之日（2025年3月5日）。',
    );
    assert.equal(
      refusal([r, thirdParty('2025-03-10')], extension('2025-03-07')),
      '“延长答复期限”的日期（2025年3月7日）早于上一事项的日期（2025年3月10日），请按时间顺序登记。',
    );
  });
  it('refuses anything but confirmation or withdrawal before the receipt date is known', () => {
    assert.equal(
      refusal([online('2025-03-03')], thirdParty('2025-03-04')),
      '收到申请之日尚未确认（需与申请人确认），请先登记确认日期。',
    );
    assert.equal(refusal([online('2025-03-03')], { type: 'withdrawn', on: '2025-03-04' }), null);
    assert.equal(
      refusal([r], { type: 'receiptConfirmed', on: '2025-03-04' }),
      '本申请的收到申请之日已确定，无需再次确认。',
    );
  });
  it('refuses a second outcome and any event on a closed case', () => {
    const done = [r, answered('2025-03-10')];
    assert.equal(
      refusal(done, answered('2025-03-11')),
      '本申请已于2025年3月10日作出答复，已办结，不能再次作出答复。',
    );
    assert.equal(
      refusal(done, extension('2025-03-11')),
      '本申请已于2025年3月10日作出答复，已办结，不能再登记“延长答复期限”。',
    );
    assert.equal(
      refusal([r, { type: 'withdrawn', on: '2025-03-04' }], thirdParty('2025-03-05')),
      '本申请已于2025年3月4日由申请人撤回，已办结，不能再登记“征求第三方意见”。',
    );
  });
  it('enforces the correction rules', () => {
    const req: CaseEvent = { type: 'correctionRequested', on: '2025-03-05', dueOn: '2025-03-20' };
    assert.equal(
      refusal([r], { type: 'correctionRequested', on: '2025-03-05', dueOn: '2025-03-05' }),
      '补正期限应晚于告知补正之日。',
    );
    assert.equal(
      refusal([r, req, { type: 'correctionReceived', on: '2025-03-10' }], {
        type: 'correctionRequested',
        on: '2025-03-11',
        dueOn: '2025-03-30',
      }),
      '补正应当一次性告知（《政府信息公开条例》第三十条），本申请已于2025年3月5日告知补正。',
    );
    assert.equal(refusal([r], { type: 'correctionReceived', on: '2025-03-10' }), '本申请没有待补正的事项。');
    assert.equal(
      refusal([r, req], { type: 'correctionLapsed', on: '2025-03-20' }),
      '补正期限（2025年3月20日）尚未届满，不能认定申请人逾期未补正。',
    );
    assert.equal(
      refusal([r, req], thirdParty('2025-03-06')),
      '申请正在等待补正（补正期限2025年3月20日），收到补正前不能登记“征求第三方意见”。',
    );
  });
  it('enforces the consultation rules', () => {
    assert.equal(refusal([r], thirdParty('2025-03-05', '  ')), '请填写被征求意见的第三方名称。');
    assert.equal(
      refusal([r, thirdParty('2025-03-05')], thirdParty('2025-03-06')),
      '已向某某建设有限公司征求意见且尚未回复，不能重复登记。',
    );
    assert.equal(
      refusal([r], thirdPartyReply('2025-03-06')),
      '没有向某某建设有限公司发出、尚待回复的征求意见。',
    );
    assert.equal(
      refusal([r, agency('2025-03-05')], agencyReply('2025-03-06', '区财政局')),
      '没有向区财政局发出、尚待回复的征求意见。',
    );
    assert.equal(
      refusal([r], thirdParty('2025-03-05', '甲公司', '2025-03-04')),
      '征求意见书的送达日期不能早于发出日期。',
    );
  });
  it('enforces the extension rules (Art. 33)', () => {
    assert.equal(
      refusal([r], extension('2025-03-20', 21)),
      '延长的期限最长不得超过20个工作日（《政府信息公开条例》第三十三条第二款）。',
    );
    assert.equal(refusal([r], extension('2025-03-20', 0)), '延长的工作日数应为1至20之间的整数。');
    assert.equal(
      refusal([r, extension('2025-03-20', 10)], extension('2025-03-21', 5)),
      '答复期限只能延长一次，本申请已于2025年3月20日延长10个工作日。',
    );
    assert.equal(
      refusal([r], { type: 'extensionApproved', on: '2025-03-20', workingDays: 10, approvedBy: ' ' }),
      '请填写同意延长答复期限的政府信息公开工作机构负责人。',
    );
    assert.equal(refusal([r], extension('2025-04-01')), '答复期限已于2025年3月31日届满，不能再延长。');
    assert.equal(refusal([r], extension('2025-03-31')), null);
  });
  it('enforces the fee rules', () => {
    const notice: CaseEvent = { type: 'feeNoticeSent', on: '2025-03-10', amount: 300 };
    assert.equal(
      refusal([r], { type: 'feeNoticeSent', on: '2025-03-10', amount: 0 }),
      '收费金额应为大于0的整数（元）。',
    );
    assert.equal(
      refusal([r], { type: 'feeNoticeSent', on: '2025-04-01', amount: 300 }),
      '收费通知应当在政府信息公开申请处理期限内发出，答复期限已于2025年3月31日届满。',
    );
    assert.equal(
      refusal([r, notice], { type: 'feeNoticeSent', on: '2025-03-11', amount: 300 }),
      '本申请已于2025年3月10日发出收费通知，不能重复收费。',
    );
    assert.equal(refusal([r], { type: 'feePaid', on: '2025-03-11' }), '本申请没有待缴纳的信息处理费。');
    assert.equal(
      refusal([r, notice], { type: 'feePaid', on: '2025-04-09' }),
      '缴费期限已于2025年4月8日届满，逾期未缴纳的视为放弃申请，不能再登记缴费。',
    );
    assert.equal(
      refusal([r, notice], { type: 'feeLapsed', on: '2025-04-08' }),
      '缴费期限（2025年4月8日）尚未届满，不能认定申请人逾期未缴费。',
    );
    assert.equal(
      refusal([r, notice], answered('2025-03-20')),
      '申请人尚未缴纳信息处理费（缴费期限2025年4月8日），请先登记缴费或逾期未缴费。',
    );
  });
  it('enforces the Art. 35 rules', () => {
    const req: CaseEvent = { type: 'volumeReasonRequested', on: '2025-03-05' };
    assert.equal(
      refusal([r], { type: 'volumeDecided', on: '2025-03-06', reasonable: true }),
      '请先登记要求申请人说明理由（第三十五条）。',
    );
    assert.equal(refusal([r, req], req), '本申请已于2025年3月5日要求申请人说明理由。');
    assert.equal(
      refusal([r, req], {
        type: 'volumeDecided',
        on: '2025-03-06',
        reasonable: false,
        delayedReplyDue: '2025-05-01',
      }),
      '理由不合理的，应告知申请人不予处理，不能确定延迟答复期限。',
    );
    assert.equal(
      refusal([r, req], {
        type: 'volumeDecided',
        on: '2025-03-06',
        reasonable: true,
        delayedReplyDue: '2025-03-31',
      }),
      '延迟答复的期限应晚于按第三十三条计算的答复期限（2025年3月31日）。',
    );
  });
  it('checks answers', () => {
    assert.equal(
      refusal([r], { type: 'answered', on: '2025-03-04', outcome: 'granted', onTheSpot: true }),
      '当场答复的日期应为收到申请之日（2025年3月3日）。',
    );
    assert.equal(
      refusal([r], { type: 'answered', on: '2025-03-04', outcome: 'denied.secret' as 'granted' }),
      '答复结果“denied.secret”无效。',
    );
  });
  it('validateTimeline reports the first bad event', () => {
    assert.equal(validateTimeline([r, answered('2025-03-10')], NOW, cal), null);
    assert.deepEqual(validateTimeline([r, answered('2025-03-10'), answered('2025-03-11')], NOW, cal), {
      index: 2,
      message: '本申请已于2025年3月10日作出答复，已办结，不能再次作出答复。',
    });
  });
  it('computeDeadlines refuses a timeline that does not start with receipt', () => {
    assert.throws(() => computeDeadlines([answered('2025-03-10')], cal), Error);
  });
});
