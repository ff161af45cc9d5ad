import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agency,
  annualReport,
  application,
  applicationTraits,
  blankColumn,
  CAL,
  cleanInput,
  columns,
  copiedReport,
  errorReport,
  faultyInput,
  guide,
  item,
  itemTraits,
  normativeDoc,
  question,
  REFUSAL,
  staleColumn,
  tables,
  wd,
} from './fixtures.testing.ts';
import { evaluateAll, INDICATORS, INDICATORS_BY_ID, type IndicatorResult } from './indicators.ts';
import type { AssessmentInput } from './input.ts';
import { textSimilarity } from './similarity.ts';

function run(id: string, input: AssessmentInput): IndicatorResult {
  const ind = INDICATORS_BY_ID.get(id);
  assert.ok(ind, `indicator ${id}`);
  return ind.evaluate(input);
}

function ids(r: IndicatorResult): string[] {
  return r.failures.map((f) => f.ref.id);
}

describe('the indicator catalogue', () => {
  it('covers every row of docs/domain/assessment.md that the issue lists, with unique ids and Chinese text', () => {
    const all = INDICATORS.map((i) => i.id);
    assert.equal(new Set(all).size, all.length);
    for (const id of [
      'A03',
      'A04',
      'A05',
      'A06',
      'A07',
      'A08',
      'A11',
      'N02',
      'N03',
      'P03',
      'P04',
      'P05',
      'W01',
      'W04',
    ]) {
      assert.ok(all.includes(id), id);
    }
    for (const id of ['R01', 'R03', 'R04', 'R05', 'R06']) assert.ok(all.includes(id), id);
    assert.ok(all.length >= 45);
    for (const i of INDICATORS) {
      assert.match(i.description, /\p{Script=Han}/u);
      if (i.unconfirmed) assert.ok(i.unconfirmedNote, `${i.id} says why it is unconfirmed`);
      if (i.kind === 'deduct') assert.ok(i.perOccurrence > 0, i.id);
    }
  });

  it('a clean agency passes every indicator', () => {
    for (const r of evaluateAll(cleanInput())) {
      assert.equal(
        r.status,
        'pass',
        `${r.id}: ${r.failures.map((f) => f.message).join(' ')} ${r.reason ?? ''}`,
      );
      assert.equal(r.score, r.maxScore, r.id);
    }
  });

  it('the demo faults are found, and nothing else', () => {
    const failing = evaluateAll(faultyInput())
      .filter((r) => r.status === 'fail')
      .map((r) => r.id)
      .sort();
    // overdue case → A04; letter without remedies → A08; 规范性文件 without validity → N02 (and the
    // metadata rows P03/N04 that list 有效性); stale column → P05a; copied report → R06, R07.
    assert.deepEqual(failing, ['A04', 'A08', 'N02', 'N04', 'P03', 'P05a', 'R06', 'R07']);
  });
});

describe('missing data is 无法评估, never a pass', () => {
  const bare: AssessmentInput = {
    agency: agency({ guide: undefined }),
    period: { from: '2025-01-01', to: '2025-12-31' },
    today: '2025-06-30',
    calendar: CAL,
  };

  it('every indicator is unassessable or manual on an empty input', () => {
    for (const r of evaluateAll(bare)) {
      assert.ok(r.status === 'unassessable' || r.status === 'manual', `${r.id} is ${r.status}`);
      assert.ok(r.reason && /\p{Script=Han}/u.test(r.reason), `${r.id} gives a reason`);
      assert.equal(r.maxScore, 0);
    }
  });

  it('the adapter’s reason is shown as given', () => {
    const r = run('A04', { ...bare, applications: { unavailable: '申请办理模块尚未上线' } });
    assert.equal(r.status, 'unassessable');
    assert.equal(r.reason, '申请办理模块尚未上线');
  });

  it('a case without letters on file is skipped with the reason, not passed', () => {
    const input = cleanInput({
      applications: [application({ id: '1', letters: { unavailable: '文书未归档' } })],
    });
    const r = run('A06', input);
    assert.equal(r.status, 'unassessable');
    assert.match(r.reason ?? '', /文书未归档/);
    const r3 = run('A03', input);
    assert.equal(r3.skipped.length, 1);
  });

  it('a case whose events are broken is skipped', () => {
    const broken = { ...application({ id: 'x' }), events: [] };
    const r = run('A04', cleanInput({ applications: [broken, applicationTraits.overdue('y')] }));
    assert.equal(r.status, 'fail');
    assert.equal(r.skipped.length, 1);
    assert.deepEqual(ids(r), ['y']);
  });

  it('manual indicators need an attestation, which expires', () => {
    assert.equal(run('P10', cleanInput({ attestations: [] })).status, 'manual');
    assert.equal(
      run(
        'P10',
        cleanInput({ attestations: [{ indicatorId: 'P10', on: '2024-06-01', passed: true, by: '李' }] }),
      ).status,
      'manual',
    );
    const failed = run(
      'P10',
      cleanInput({
        attestations: [{ indicatorId: 'P10', on: '2025-06-01', passed: false, by: '李', note: '无人接听' }],
      }),
    );
    assert.equal(failed.status, 'fail');
    assert.match(failed.failures[0]?.message ?? '', /无人接听/);
  });
});

describe('A04 reply on time (timeline deadlines)', () => {
  it('a reply on the due date passes; one working day later fails', () => {
    assert.equal(
      run('A04', cleanInput({ applications: [applicationTraits.answeredOnDueDate('a')] })).status,
      'pass',
    );
    const late = run('A04', cleanInput({ applications: [applicationTraits.overdue('b')] }));
    assert.equal(late.status, 'fail');
    assert.match(late.failures[0]?.message ?? '', /2025年3月31日，2025年4月1日才答复，逾期1个工作日/);
  });

  it('counts the approved extension', () => {
    assert.equal(
      run('A04', cleanInput({ applications: [applicationTraits.extendedAnsweredOnDue('e')] })).status,
      'pass',
    );
  });

  it('excludes the consultation time (Art. 33 ¶3)', () => {
    const received = '2025-03-03';
    const sent = wd(received, 5);
    const back = wd(sent, 10);
    // 10 WD excluded: the answer on day 30 is on time.
    const app = application({
      id: 'c',
      receivedOn: received,
      answeredOn: wd(received, 30),
      middle: [
        { type: 'thirdPartyConsultationSent', on: sent, party: '某某公司' },
        { type: 'thirdPartyReplied', on: back, party: '某某公司', consents: false },
      ],
    });
    assert.equal(run('A04', cleanInput({ applications: [app] })).status, 'pass');
  });

  it('an open case past its due date fails; one still within it is not judged yet', () => {
    const r = run(
      'A04',
      cleanInput({
        applications: [
          applicationTraits.openOverdue('o'),
          application({ id: 'p', receivedOn: '2025-06-23', answeredOn: null }),
        ],
      }),
    );
    assert.deepEqual(ids(r), ['o']);
    assert.equal(r.checked, 1);
  });

  it('judges a late case once, in the period of the first overdue day', () => {
    const app = applicationTraits.overdue('b', '2025-03-03');
    const march = run(
      'A04',
      cleanInput({ period: { from: '2025-03-01', to: '2025-03-31' }, applications: [app] }),
    );
    const april = run(
      'A04',
      cleanInput({ period: { from: '2025-04-01', to: '2025-04-30' }, applications: [app] }),
    );
    // Due 2025-03-31: on time until the end of March, late from 2025-04-01.
    assert.equal(march.status, 'pass');
    assert.equal(march.checked, 0);
    assert.equal(april.status, 'fail');
    const onTime = application({ id: 'c', receivedOn: '2025-03-03', answeredOn: '2025-03-20' });
    assert.equal(
      run('A04', cleanInput({ period: { from: '2025-03-01', to: '2025-03-31' }, applications: [onTime] }))
        .checked,
      1,
    );
    assert.equal(
      run('A04', cleanInput({ period: { from: '2025-04-01', to: '2025-04-30' }, applications: [onTime] }))
        .checked,
      0,
    );
  });
});

describe('A03 answered in writing', () => {
  it('fails an open overdue case and a phone-only reply', () => {
    const r = run(
      'A03',
      cleanInput({
        applications: [
          applicationTraits.openOverdue('o'),
          applicationTraits.phoneReply('p'),
          application({ id: 'ok' }),
        ],
      }),
    );
    assert.deepEqual(ids(r).sort(), ['o', 'p']);
    assert.equal(r.failures.find((f) => f.ref.id === 'o')?.fixable, undefined);
  });

  it('a withdrawn case needs no reply', () => {
    const r = run(
      'A03',
      cleanInput({ applications: [application({ id: 'w', outcome: 'withdrawn', letter: null })] }),
    );
    assert.equal(r.status, 'pass');
  });
});

describe('A05 补正 once and within 7 working days', () => {
  it('the 7th working day passes, the 8th fails', () => {
    assert.equal(
      run('A05', cleanInput({ applications: [applicationTraits.correctionAfter('a', 7)] })).status,
      'pass',
    );
    const r = run('A05', cleanInput({ applications: [applicationTraits.correctionAfter('b', 8)] }));
    assert.equal(r.status, 'fail');
    assert.match(r.failures[0]?.message ?? '', /2025年3月12日前告知补正，实际2025年3月13日告知/);
  });

  it('a second correction request fails', () => {
    const received = '2025-03-03';
    const app = application({
      id: 'twice',
      receivedOn: received,
      answeredOn: wd(received, 30),
      middle: [
        { type: 'correctionRequested', on: wd(received, 2), dueOn: wd(received, 10) },
        { type: 'correctionReceived', on: wd(received, 4) },
        { type: 'correctionRequested', on: wd(received, 6), dueOn: wd(received, 14) },
        { type: 'correctionReceived', on: wd(received, 8) },
      ],
    });
    assert.match(run('A05', cleanInput({ applications: [app] })).failures[0]?.message ?? '', /告知补正2次/);
  });
});

describe('reply letters (A06–A09)', () => {
  it('A06 flags internal-division signature and a missing seal', () => {
    const r = run('A06', cleanInput({ applications: [applicationTraits.letterSignedByDivision('s')] }));
    assert.match(r.failures[0]?.message ?? '', /以本机关名义落款.*印章/);
  });

  it('A06 flags a malformed or duplicate 文号 and a wrong receipt date', () => {
    const r = run(
      'A06',
      cleanInput({
        applications: [
          application({ id: 'a', letter: { docNumber: '新源公复[2025]1号' } }),
          application({ id: 'b', letter: { docNumber: '新源公复〔2025〕900号' } }),
          application({
            id: 'c',
            letter: { docNumber: '新源公复〔2025〕900号', receivedDateStated: '2025-03-04' },
          }),
        ],
      }),
    );
    const msgs = r.failures.map((f) => f.message).join('\n');
    assert.match(msgs, /不符合/);
    assert.match(msgs, /重复使用/);
    assert.match(msgs, /函中为2025年3月4日，登记为2025年3月3日/);
    assert.equal(r.failures.length, 3);
  });

  it('A07 requires a legal basis matching the outcome', () => {
    assert.equal(
      run('A07', cleanInput({ applications: [applicationTraits.refusalWithoutBasis('r')] })).status,
      'fail',
    );
    const wrong = application({
      id: 'w',
      outcome: 'denied.processInfo',
      letter: { ...REFUSAL, legalBasis: ['《政府信息公开条例》第十四条'] },
    });
    assert.match(
      run('A07', cleanInput({ applications: [wrong] })).failures[0]?.message ?? '',
      /应引用第十六条/,
    );
    const halfWidth = application({
      id: 'h',
      outcome: 'unable.notHeld',
      letter: { legalBasis: ['第三十六条第(四)项'], reasonText: '经检索没有该信息。', attachments: [] },
    });
    assert.equal(run('A07', cleanInput({ applications: [halfWidth] })).status, 'pass');
  });

  it('A08 requires 复议机关, 60 日 and 6 个月, and 复议前置 for 不予公开', () => {
    assert.match(
      run('A08', cleanInput({ applications: [applicationTraits.letterWithoutRemedies('n')] })).failures[0]
        ?.message ?? '',
      /未告知复议/,
    );
    assert.match(
      run('A08', cleanInput({ applications: [applicationTraits.refusalWithoutReviewFirst('f')] })).failures[0]
        ?.message ?? '',
      /先申请行政复议/,
    );
    const wrongBody = application({
      id: 'b',
      letter: { remedies: { reviewBody: '长春市人民政府', reviewDays: 60, courtMonths: 6 } },
    });
    assert.match(
      run('A08', cleanInput({ applications: [wrongBody] })).failures[0]?.message ?? '',
      /应为“长春市宽城区人民政府”/,
    );
  });

  it('A09 requires the information or the way to get it', () => {
    const r = run(
      'A09',
      cleanInput({
        applications: [
          application({ id: 'x', letter: { attachments: [] } }),
          application({ id: 'y', letter: { attachments: [], accessPath: 'https://…' } }),
        ],
      }),
    );
    assert.deepEqual(ids(r), ['L-x']);
    assert.equal(r.score, 1.5);
  });
});

describe('A11 register, A12 litigation, A02 postal channel', () => {
  it('A11 fails an unregistered case and a register row without the result', () => {
    const partial = application({
      id: 'p',
      register: {
        applicant: '王某',
        receivedOn: '2025-03-03',
        request: '某文件',
        repliedOn: null,
        result: null,
      },
    });
    const r = run('A11', cleanInput({ applications: [applicationTraits.unregistered('u'), partial] }));
    assert.deepEqual(ids(r).sort(), ['p', 'u']);
    assert.match(r.failures.find((f) => f.ref.id === 'p')?.message ?? '', /答复时间、答复结果/);
  });

  it('A12 deducts each 纠正 in the period', () => {
    const r = run(
      'A12',
      cleanInput({
        litigation: [
          { id: 'a', kind: 'review', decidedOn: '2025-03-01', result: 'corrected' },
          { id: 'b', kind: 'litigation', decidedOn: '2024-12-01', result: 'corrected' },
        ],
      }),
    );
    assert.deepEqual(ids(r), ['a']);
  });

  it('A02 fails a plain letter never confirmed, and a guide without the postcode', () => {
    const plain = application({
      id: 'm',
      channel: 'post_plain',
      receivedOn: '2025-06-02',
      answeredOn: null,
      letter: null,
    });
    const r = run(
      'A02',
      cleanInput({ agency: agency({ guide: guide({ postcode: null }) }), applications: [plain] }),
    );
    assert.deepEqual(ids(r).sort(), ['m', 'postal']);
  });
});

describe('catalogue (P03, P04, P07)', () => {
  it('P04: published on the 20th working day passes, the 21st fails, early publication fails', () => {
    assert.equal(run('P04', cleanInput({ catalogue: [itemTraits.publishedOnDeadline('a')] })).status, 'pass');
    const r = run(
      'P04',
      cleanInput({ catalogue: [itemTraits.publishedLate('b'), itemTraits.publishedEarly('c')] }),
    );
    assert.deepEqual(ids(r).sort(), ['b', 'c']);
    assert.match(r.failures.find((f) => f.ref.id === 'c')?.message ?? '', /提前公开/);
  });

  it('P04: an unpublished item past its deadline fails; a special-law period is honoured', () => {
    const r = run(
      'P04',
      cleanInput({
        catalogue: [
          item({ id: 'u', formedOn: '2025-05-06', publishedOn: null }),
          item({
            id: 's',
            formedOn: '2025-03-03',
            publishedOn: wd('2025-03-03', 25),
            publishWithinWorkingDays: 30,
          }),
        ],
      }),
    );
    assert.deepEqual(ids(r), ['u']);
  });

  it('P03 lists the missing fields', () => {
    const r = run('P03', cleanInput({ catalogue: [itemTraits.missingMetadata('m')] }));
    assert.match(r.failures[0]?.message ?? '', /索引号、内容概述/);
  });

  it('P07 is unassessable until the catalogue was compared with the site', () => {
    assert.equal(
      run('P07', cleanInput({ catalogue: [item({ id: 'a', matchesSite: null })] })).status,
      'unassessable',
    );
  });
});

describe('规范性文件 (N01–N04)', () => {
  it('N02: no validity mark, or still 有效 after repeal or expiry, fails the veto', () => {
    const old = normativeDoc({ id: 'old', publishedOn: '2023-05-05', formedOn: '2023-05-01' });
    const repealer = normativeDoc({ id: 'new', repeals: ['old'] });
    const expired = normativeDoc({ id: 'exp', validUntil: '2025-05-31' });
    const r = run(
      'N02',
      cleanInput({ catalogue: [itemTraits.normativeWithoutValidity('nv'), old, repealer, expired] }),
    );
    assert.deepEqual(ids(r).sort(), ['exp', 'nv', 'old']);
  });

  it('N03: a 解读 the same day passes, a day later fails (lag configurable), none fails', () => {
    assert.equal(run('N03', cleanInput({ catalogue: [normativeDoc({ id: 'ok' })] })).status, 'pass');
    const late = cleanInput({
      catalogue: [
        itemTraits.normativeLateInterpretation('l'),
        itemTraits.normativeWithoutInterpretation('n'),
      ],
    });
    assert.deepEqual(ids(run('N03', late)).sort(), ['l', 'n']);
    assert.deepEqual(ids(run('N03', { ...late, options: { interpretationLagDays: 1 } })), ['n']);
  });

  it('N01: a valid document outside the 规范性文件 column fails', () => {
    assert.deepEqual(
      ids(run('N01', cleanInput({ catalogue: [normativeDoc({ id: 'x', columnKey: 'tzgg' })] }))),
      ['x'],
    );
  });
});

describe('columns (P01, P05, P05a, P05b)', () => {
  it('a 动态 column is fresh for 14 days exactly', () => {
    const at = (lastItemOn: string) =>
      run('P05a', cleanInput({ columns: columns([{ ...staleColumn(), lastItemOn }]) })).status;
    assert.equal(at('2025-06-16'), 'pass');
    assert.equal(at('2025-06-15'), 'fail');
  });

  it('P05 vetoes at 5 stale or 5 blank columns, not at 4', () => {
    const four = columns([1, 2, 3, 4].map((n) => blankColumn(`b${n}`)));
    const r4 = run('P05', cleanInput({ columns: four }));
    assert.equal(r4.status, 'pass');
    assert.match(r4.reason ?? '', /未达到否决标准/);
    assert.equal(run('P05a', cleanInput({ columns: four })).failures.length, 4);
    const five = columns([1, 2, 3, 4, 5].map((n) => staleColumn(`s${n}`)));
    const r5 = run('P05', cleanInput({ columns: five }));
    assert.equal(r5.status, 'fail');
    assert.equal(r5.failures.length, 5);
  });

  it('P05b: the 政策文件 column must change within 6 months', () => {
    const policyColumnUpdatedOn = (lastItemOn: string) =>
      cleanInput({
        columns: columns([
          { key: 'zcwj', title: '政策文件', kind: 'policy', level: 1, itemCount: 5, lastItemOn },
        ]),
      });
    const r = run('P05b', policyColumnUpdatedOn('2024-12-29'));
    assert.equal(r.status, 'fail');
    const ok = run('P05b', policyColumnUpdatedOn('2024-12-30'));
    assert.equal(ok.status, 'pass');
  });

  it('P01 fails a missing standard column', () => {
    const cols = columns().filter((c) => c.kind !== 'annualReport');
    assert.deepEqual(ids(run('P01', cleanInput({ columns: cols }))), ['missing:annualReport']);
  });
});

describe('interaction (W01, W02, W04)', () => {
  it('W04: an error report answered on the 3rd working day passes, the 4th fails (over a 调休 Sunday)', () => {
    // 2025-04-25 (Fri) + 3 WD = 04-29 (04-27 is a 调休上班日).
    assert.equal(wd('2025-04-25', 3), '2025-04-29');
    const r = run(
      'W04',
      cleanInput({
        interaction: {
          errorReports: [
            errorReport('a', '2025-04-25', '2025-04-29'),
            errorReport('b', '2025-04-25', '2025-04-30'),
          ],
        },
      }),
    );
    assert.deepEqual(ids(r), ['b']);
  });

  it('W01: unanswered for exactly 3 months passes, a day more fails', () => {
    const at = (received: string) =>
      run('W01', cleanInput({ interaction: { questions: [question('q', received, null)] } })).status;
    assert.equal(at('2025-03-30'), 'pass');
    assert.equal(at('2025-03-29'), 'fail');
  });

  it('W02: the latest reply must be within 2 months', () => {
    const r = run(
      'W02',
      cleanInput({
        interaction: {
          questions: [question('q1', '2025-02-01', '2025-02-10'), question('q2', '2025-06-20', null)],
        },
      }),
    );
    assert.equal(r.status, 'fail');
    assert.equal(r.failures[0]?.fixable, true);
  });
});

describe('annual report (R01–R07)', () => {
  it('R01: published on the due date passes, a day later fails, absent fails', () => {
    assert.equal(
      run('R01', cleanInput({ annualReports: [annualReport({ publishedOn: '2025-01-31' })] })).status,
      'pass',
    );
    assert.equal(
      run('R01', cleanInput({ annualReports: [annualReport({ publishedOn: '2025-02-01' })] })).status,
      'fail',
    );
    assert.match(
      run('R01', cleanInput({ annualReports: [annualReport({ publishedOn: null })] })).failures[0]?.message ??
        '',
      /仍未发布/,
    );
  });

  it('R01 is unassessable when no report is due in the period', () => {
    const r = run('R01', cleanInput({ period: { from: '2025-03-01', to: '2025-03-31' } }));
    assert.equal(r.status, 'unassessable');
  });

  it('R03: the wrong format fails', () => {
    assert.match(
      run('R03', cleanInput({ annualReports: [annualReport({ formatUsed: '2019' })] })).failures[0]
        ?.message ?? '',
      /2019/,
    );
  });

  it('R04: each error finding is a failing cell', () => {
    const finding = {
      id: 'R1-1',
      rule: 'R1',
      severity: 'error',
      table: 'applications',
      row: null,
      column: 'total',
      expected: 11,
      actual: 12,
      message: '总计列不平衡。',
    } as const;
    const r = run(
      'R04',
      cleanInput({
        annualReports: [annualReport({ findings: [finding, { ...finding, id: 'w', severity: 'warning' }] })],
      }),
    );
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]?.ref.type, 'report-cell');
  });

  it('R05: a published figure that differs from the recount fails unless explained', () => {
    const report = annualReport({ tables: tables({ 'normativeDocs.made': 3 }) });
    const r = run('R05', cleanInput({ annualReports: [report] }));
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0]?.message ?? '', /公布为3，按台账统计为2/);
    const explained = annualReport({
      tables: tables({ 'normativeDocs.made': 3 }),
      explainedCells: ['proactive:normativeDocs.made'],
    });
    assert.equal(run('R05', cleanInput({ annualReports: [explained] })).status, 'pass');
  });

  it('R06: a copied report is flagged with the similarity as a percentage; the threshold is configurable', () => {
    const r = run('R06', cleanInput({ annualReports: [copiedReport()] }));
    assert.equal(r.status, 'fail');
    assert.match(r.failures[0]?.message ?? '', /相似度\d+%，超过50%/);
    assert.equal(r.metrics?.['similarity.2024.二'], 100);
    const lenient = run(
      'R06',
      cleanInput({ annualReports: [copiedReport()], options: { similarityThreshold: 1 } }),
    );
    assert.equal(lenient.status, 'pass');
  });

  it('R06 boundary: exactly at the threshold passes', () => {
    const a = '甲乙丙丁戊';
    const b = '甲乙丙己庚';
    const s = textSimilarity(a, b);
    const report = annualReport({ sections: { 一: a }, previousSections: { 一: b } });
    assert.equal(
      run('R06', cleanInput({ annualReports: [report], options: { similarityThreshold: s } })).status,
      'pass',
    );
    assert.equal(
      run('R06', cleanInput({ annualReports: [report], options: { similarityThreshold: s - 0.01 } })).status,
      'fail',
    );
  });
});
