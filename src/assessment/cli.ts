/**
 * `gongkai assess --agency NAME [--from DATE --to DATE] [--profile ID] [--default-weights] [--json]`: the
 * 政务公开体检 of one agency, as a readable Chinese summary or as JSON. Output goes through `io`; the lead
 * supplies `loadInput` (agency, period → input from the database, or a Chinese message when the agency is
 * unknown) and `loadOverrides` (the weights an administrator stored for a profile, as the dashboard uses
 * them). Without `--from/--to`, `loadInput` receives `undefined` and picks the default period (this year up
 * to today); with `--default-weights` the stored weights are ignored.
 *
 * Exit codes: 0 no veto fails, 1 a veto fails, 2 bad usage or input (Chinese message on stderr).
 * Errors thrown by `loadInput` (database down) propagate to the caller.
 */
import { formatChineseDate, type IsoDate, isIsoDate } from '../calendar/dates.ts';
import { parseCommandArgs, runWithArgs, UsageError } from '../shared/cli-args.ts';
import { KIND_LABELS } from './indicators.ts';
import { type AssessmentInput, checkInput } from './input.ts';
import {
  type Assessment,
  assess,
  PROFILE_IDS,
  PROFILES,
  type ProfileId,
  type ScoringOverrides,
} from './score.ts';

export interface AssessIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export type LoadAssessmentInput = (
  agencyName: string,
  from: IsoDate | undefined,
  to: IsoDate | undefined,
) => Promise<AssessmentInput | string>;

/** The scoring overrides stored for a profile (the 权重 page); `{}` when none. */
export type LoadOverrides = (profile: ProfileId) => Promise<ScoringOverrides>;

export const EXIT_NO_VETO = 0;
export const EXIT_VETO = 1;
export const EXIT_USAGE = 2;
/** Failing records listed per indicator in the readable summary. */
export const MAX_RECORDS_SHOWN = 10;
/** Suggestions listed under 优先整改. */
export const MAX_SUGGESTIONS_SHOWN = 10;

export const ASSESS_USAGE = [
  '用法：',
  '  gongkai assess --agency 机关名称 [--from 起始日期 --to 截止日期] [--profile 方案] [--default-weights] [--json]',
  `  方案：${PROFILE_IDS.map((p) => `${p}（${PROFILES[p].name}）`).join('、')}，默认 cass-like`,
  '  按管理员在“政务公开体检权重”页面保存的权重计分（与网页相同）；--default-weights 按方案的默认权重计分。',
  '日期格式为YYYY-MM-DD。退出码：0 无否决项未达标，1 有否决项未达标（或配置、数据库有误），2 参数或数据有误。',
].join('\n');

export interface AssessArgs {
  readonly agency: string;
  readonly from: IsoDate | undefined;
  readonly to: IsoDate | undefined;
  readonly profile: ProfileId;
  readonly defaultWeights: boolean;
  readonly json: boolean;
}

/** The arguments of `gongkai assess` (a leading `assess` is tolerated); a `UsageError` says what is wrong. */
export function parseAssessArgs(argv: readonly string[]): AssessArgs {
  const { values } = parseCommandArgs(argv[0] === 'assess' ? argv.slice(1) : argv, {
    options: {
      agency: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      profile: { type: 'string', default: 'cass-like' },
      json: { type: 'boolean', default: false },
      'default-weights': { type: 'boolean', default: false },
    },
  });
  const { agency, from, to, profile } = values;
  const fail = (message: string): never => {
    throw new UsageError(message);
  };
  if (agency === undefined || agency.trim() === '') fail('请用 --agency 指定被评估的机关名称。');
  if ((from === undefined) !== (to === undefined)) fail('--from 与 --to 需同时提供。');
  if (from !== undefined && !isIsoDate(from)) fail(`起始日期“${from}”无效，请使用YYYY-MM-DD格式的真实日期。`);
  if (to !== undefined && !isIsoDate(to)) fail(`截止日期“${to}”无效，请使用YYYY-MM-DD格式的真实日期。`);
  if (from !== undefined && to !== undefined && from > to) fail(`起始日期（${from}）晚于截止日期（${to}）。`);
  if (!(PROFILE_IDS as readonly string[]).includes(profile))
    fail(`未知的评分方案“${profile}”，可选：${PROFILE_IDS.join('、')}。`);
  return {
    agency: (agency as string).trim(),
    from,
    to,
    profile: profile as ProfileId,
    defaultWeights: values['default-weights'],
    json: values.json,
  };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}

/** Whether overrides change anything (an empty object or empty maps do not). */
export function hasOverrides(o: ScoringOverrides): boolean {
  return Object.keys(o.areaWeights ?? {}).length > 0 || Object.keys(o.rows ?? {}).length > 0;
}

/**
 * The readable Chinese summary of an assessment; `weights` says which weights it was scored with.
 */
export function formatAssessment(a: Assessment, weights: 'default' | 'stored' = 'default'): string {
  const lines: string[] = [];
  const cn = formatChineseDate;
  lines.push(`政务公开体检：${a.agency}`);
  lines.push(`评估期间：${cn(a.period.from)}至${cn(a.period.to)}（检查点：${cn(a.checkpoint)}）`);
  lines.push(
    `评分方案：${a.profile.name}（${weights === 'stored' ? '管理员调整后的权重；按默认权重计分请加 --default-weights' : '默认权重'}）`,
  );
  lines.push(
    a.percent === null
      ? '总分：无法评估（没有可评估的领域）'
      : `总分：${fmt(a.total)} / ${fmt(a.maxTotal)}（${fmt(a.percent)}%），评估覆盖率${Math.round(a.coverage * 100)}%`,
  );
  lines.push(`结论：${a.verdict}`);
  lines.push('');
  lines.push('各领域：');
  for (const area of a.areas) {
    if (area.weight === 0) {
      lines.push(`  ${area.label}：本方案不计分`);
      continue;
    }
    const score = area.score === null ? '无法评估' : `${fmt(area.score)} / ${fmt(area.weight)}`;
    const notes = [
      area.red ? '否决项未达标' : null,
      area.unassessable > 0 ? `${area.unassessable}项无法评估` : null,
      area.manual > 0 ? `${area.manual}项需人工核验` : null,
    ].filter(Boolean);
    lines.push(
      `  ${area.red ? '✗' : '·'} ${area.label}：${score}${notes.length ? `（${notes.join('，')}）` : ''}`,
    );
  }
  lines.push('');
  if (a.failing.length === 0) lines.push('未达标指标：无');
  else {
    lines.push('未达标指标（否决项在前）：');
    for (const s of a.failing) {
      const mark = s.unconfirmed ? '*' : '';
      const lost = s.scored ? `，扣${fmt(s.lost)}分` : '，本方案不计分';
      lines.push(
        `  [${KIND_LABELS[s.kind]}] ${s.id}${mark} ${s.title}（${s.result.failures.length}条${lost}）`,
      );
      for (const f of s.result.failures.slice(0, MAX_RECORDS_SHOWN))
        lines.push(`      - ${f.ref.label}：${f.message}`);
      const more = s.result.failures.length - MAX_RECORDS_SHOWN;
      if (more > 0) lines.push(`      ……另有${more}条`);
    }
  }
  if (a.fixFirst.length > 0) {
    lines.push('');
    lines.push('优先整改（按每单位工作量可挽回的分数排序）：');
    a.fixFirst.slice(0, MAX_SUGGESTIONS_SHOWN).forEach((f, i) => {
      lines.push(
        `  ${i + 1}. ${f.indicatorId} ${f.title}：纠正${f.records.length}条记录，可挽回${fmt(f.pointsRecovered)}分，工作量${fmt(f.effort)}`,
      );
    });
  }
  const skippedRows = a.indicators.filter(
    (s) => s.result.skipped.length > 0 && s.result.status !== 'unassessable',
  );
  if (a.unassessable.length > 0 || skippedRows.length > 0) {
    lines.push('');
    lines.push('无法评估：');
    for (const s of a.unassessable) lines.push(`  ${s.id} ${s.title}：${s.result.reason ?? ''}`);
    for (const s of skippedRows) {
      lines.push(
        `  ${s.id} ${s.title}：${s.result.skipped.length}条记录无法判断，例如${s.result.skipped[0]?.ref.label}：${s.result.skipped[0]?.message}`,
      );
    }
  }
  if (a.manual.length > 0) {
    lines.push('');
    lines.push('需人工核验：');
    for (const s of a.manual) lines.push(`  ${s.id} ${s.title}：${s.result.reason ?? ''}`);
  }
  if (a.indicators.some((s) => s.unconfirmed && s.result.status === 'fail')) {
    lines.push('');
    lines.push('注：标“*”的指标，其评估口径或分值来自回忆或系统推导，尚未经原文核实。');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `gongkai assess` with the arguments after `assess` (a leading `assess` is tolerated).
 *
 * @example await runAssessCommand(['--agency', '新源街道办事处', '--json'], io, loadInput) // 0 or 1
 */
export async function runAssessCommand(
  argv: readonly string[],
  io: AssessIo,
  loadInput: LoadAssessmentInput,
  loadOverrides?: LoadOverrides,
): Promise<number> {
  return runWithArgs(
    io,
    ASSESS_USAGE,
    () => parseAssessArgs(argv),
    (args) => assessAndPrint(args, io, loadInput, loadOverrides),
  );
}

/** Assesses the agency of `args` and prints the result; exit 0 (no veto fails), 1 or 2 (unusable input). */
export async function assessAndPrint(
  args: AssessArgs,
  io: AssessIo,
  loadInput: LoadAssessmentInput,
  loadOverrides?: LoadOverrides,
): Promise<number> {
  const input = await loadInput(args.agency, args.from, args.to);
  if (typeof input === 'string') {
    io.stderr(`${input}\n`);
    return EXIT_USAGE;
  }
  const problems = checkInput(input);
  if (problems.length > 0) {
    io.stderr(`评估数据有误：\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return EXIT_USAGE;
  }
  const overrides = args.defaultWeights || !loadOverrides ? {} : await loadOverrides(args.profile);
  const a = assess(input, PROFILES[args.profile], overrides);
  io.stdout(
    args.json
      ? `${JSON.stringify(a, null, 2)}\n`
      : formatAssessment(a, hasOverrides(overrides) ? 'stored' : 'default'),
  );
  return a.vetoFailed ? EXIT_VETO : EXIT_NO_VETO;
}
