import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AssessIo, runAssessCommand } from './cli.ts';
import { AGENCY_NAME, cleanInput, faultyInput } from './fixtures.testing.ts';
import type { AssessmentInput } from './input.ts';

function capture(): AssessIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
  };
  return io;
}

function loader(input: AssessmentInput) {
  const calls: [string, string | undefined, string | undefined][] = [];
  const load = async (name: string, from: string | undefined, to: string | undefined) => {
    calls.push([name, from, to]);
    if (name !== AGENCY_NAME) return `找不到机关“${name}”。`;
    return from && to ? { ...input, period: { from, to } } : input;
  };
  return { load, calls };
}

describe('gongkai assess', () => {
  it('exit 0 and a Chinese summary when no veto fails', async () => {
    const io = capture();
    const { load, calls } = loader(cleanInput());
    assert.equal(await runAssessCommand(['assess', '--agency', AGENCY_NAME], io, load), 0);
    assert.deepEqual(calls, [[AGENCY_NAME, undefined, undefined]]);
    assert.match(io.out, /政务公开体检：长春市宽城区新源街道办事处/);
    assert.match(io.out, /总分：100 \/ 100（100%）/);
    assert.match(io.out, /未达标指标：无/);
    assert.equal(io.err, '');
  });

  it('exit 1 when a veto fails; vetoes first, with the records', async () => {
    const io = capture();
    const { load } = loader(faultyInput());
    assert.equal(
      await runAssessCommand(
        ['--agency', AGENCY_NAME, '--from', '2025-01-01', '--to', '2025-06-30'],
        io,
        load,
      ),
      1,
    );
    const lines = io.out.split('\n');
    const first = lines.findIndex((l) => l.includes('[否决项]'));
    const deduct = lines.findIndex((l) => l.includes('[扣分项]'));
    assert.ok(first > 0 && first < deduct);
    assert.match(io.out, /答复书未告知复议、诉讼等救济途径/);
    assert.match(io.out, /优先整改/);
    assert.match(io.out, /R06\* 年报不雷同/);
  });

  it('--json prints the assessment; --profile chooses the scheme', async () => {
    const io = capture();
    const { load } = loader(faultyInput());
    assert.equal(
      await runAssessCommand(['--agency', AGENCY_NAME, '--json', '--profile', 'local'], io, load),
      0,
    );
    const a = JSON.parse(io.out);
    assert.equal(a.profile.id, 'local');
    assert.equal(a.total, 14);
    assert.ok(Array.isArray(a.failing));
  });

  it('scores with the stored weights, or the defaults with --default-weights', async () => {
    const { load } = loader(faultyInput());
    const asked: string[] = [];
    const stored = async (profile: string) => {
      asked.push(profile);
      return { areaWeights: { applications: 0 } };
    };
    const io = capture();
    await runAssessCommand(['--agency', AGENCY_NAME], io, load, stored);
    assert.deepEqual(asked, ['cass-like']);
    assert.match(io.out, /评分方案：.+（管理员调整后的权重；按默认权重计分请加 --default-weights）/);
    assert.match(io.out, /依申请公开：本方案不计分/);

    const json = capture();
    await runAssessCommand(['--agency', AGENCY_NAME, '--json', '--profile', 'local'], json, load, stored);
    assert.deepEqual(asked, ['cass-like', 'local']);
    const area = (JSON.parse(json.out) as { areas: { key: string; weight: number }[] }).areas.find(
      (x) => x.key === 'applications',
    );
    assert.equal(area?.weight, 0);

    const plain = capture();
    await runAssessCommand(['--agency', AGENCY_NAME, '--default-weights'], plain, load, stored);
    assert.deepEqual(asked, ['cass-like', 'local'], 'the stored weights are not read');
    assert.match(plain.out, /评分方案：.+（默认权重）/);
    assert.doesNotMatch(plain.out, /依申请公开：本方案不计分/);
  });

  it('exit 2 with a Chinese message on bad input', async () => {
    const { load } = loader(cleanInput());
    const cases: [string[], RegExp][] = [
      [[], /--agency/],
      [['--agency', AGENCY_NAME, '--from', '2025-01-01'], /同时提供/],
      [['--agency', AGENCY_NAME, '--from', '2025-02-30', '--to', '2025-03-01'], /起始日期“2025-02-30”无效/],
      [['--agency', AGENCY_NAME, '--from', '2025-03-01', '--to', '2025-02-01'], /晚于/],
      [['--agency', AGENCY_NAME, '--profile', 'cass'], /未知的评分方案/],
      [['--agency', AGENCY_NAME, '--verbose'], /无法识别/],
      [['--agency', '不存在的局'], /找不到机关/],
    ];
    for (const [argv, message] of cases) {
      const io = capture();
      assert.equal(await runAssessCommand(argv, io, load), 2, argv.join(' '));
      assert.match(io.err, message);
      assert.equal(io.out, '');
    }
  });

  it('exit 2 when the loaded input is unusable', async () => {
    const io = capture();
    const bad = { ...cleanInput(), today: '2025-13-01' };
    assert.equal(await runAssessCommand(['--agency', AGENCY_NAME], io, async () => bad), 2);
    assert.match(io.err, /评估数据有误/);
  });
});
