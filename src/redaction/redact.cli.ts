/**
 * `gongkai redact INPUT.pdf --find TEXT… [--pattern id,phone,…] [--reason GROUND] --out OUTPUT.pdf [--json]`:
 * batch redaction for integrators. Reads files only (no database). Exit 0 when something was removed,
 * 1 when nothing matched (nothing written) or the engine failed, 2 on bad usage or bad input (encrypted,
 * damaged, not a PDF). The output is written to a temporary file beside it and renamed: never half-written.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  parseCommandArgs,
  UsageError,
  usageFailure,
} from '../shared/cli-args.ts';
import type { Io } from '../shared/io.ts';
import { type Box, RedactionError, readPdf, redactPdf } from './engine.ts';
import { isPatternId, PATTERN_IDS, PATTERN_LABELS, type PatternId } from './finders.rules.ts';
import { GROUND_IDS, GROUNDS, type GroundId } from './grounds.rules.ts';
import { officeKind, officeToPdf } from './office.ts';
import { suggest } from './redaction.rules.ts';

export const REDACT_USAGE = [
  '用法：gongkai redact 输入.pdf [--find 文字]... [--pattern id,phone,...] [--reason 理由] --out 输出.pdf [--json]',
  '  --find 文字      删除这段文字的每一处（可多次给出）',
  `  --pattern 类型   按类型查找并删除，逗号分隔：${PATTERN_IDS.map((p) => `${p}（${PATTERN_LABELS[p]}）`).join('、')}；all 为全部`,
  `  --reason 理由    框内和说明页写明的理由：${GROUND_IDS.map((g) => `${g}（${GROUNDS[g].label}）`).join('、')}；`,
  '                   默认个人信息按第十五条个人隐私、统一社会信用代码按第十五条商业秘密',
  '  --no-legend      不附区分处理说明页',
  '  --json           以 JSON 列出删除的内容和位置',
  '输入也可以是 .docx 或 .xlsx（先用 LibreOffice 转换为 PDF）。',
  '退出状态：0 已删除内容；1 没有找到要删除的内容（不写输出文件）或处理失败；2 参数或输入文件有误。',
].join('\n');

export interface RedactArgs {
  readonly input: string;
  readonly out: string;
  readonly find: readonly string[];
  readonly patterns: readonly PatternId[];
  readonly reason: GroundId | null;
  readonly legend: boolean;
  readonly json: boolean;
}

/** The ground named by an id ("privacy"), its label ("第十五条 个人隐私") or part of it ("个人隐私"). */
export function groundOf(text: string): GroundId | null {
  const t = text.trim();
  if (t === '') return null;
  for (const g of GROUND_IDS) if (g === t || GROUNDS[g].label === t) return g;
  const hits = GROUND_IDS.filter((g) => GROUNDS[g].label.includes(t) || GROUNDS[g].reason.includes(t));
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

export function parseRedactArgs(argv: readonly string[]): RedactArgs {
  const { values, positionals } = parseCommandArgs(argv, {
    allowPositionals: true,
    options: {
      find: { type: 'string', multiple: true },
      pattern: { type: 'string', multiple: true },
      reason: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'no-legend': { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('请给出一个输入文件。');
  if (!values.out) throw new UsageError('请用 --out 给出输出文件。');
  const patterns: PatternId[] = [];
  for (const item of (values.pattern ?? []).flatMap((p) => p.split(/[,，]/)).map((p) => p.trim())) {
    if (item === '') continue;
    if (item === 'all') patterns.push(...PATTERN_IDS);
    else if (isPatternId(item)) patterns.push(item);
    else throw new UsageError(`无法识别的类型“${item}”，可用：${PATTERN_IDS.join(',')},all。`);
  }
  const find = (values.find ?? []).filter((f) => f.trim() !== '');
  if (find.length === 0 && patterns.length === 0)
    throw new UsageError('请用 --find 或 --pattern 说明要删除什么。');
  let reason: GroundId | null = null;
  if (values.reason !== undefined) {
    reason = groundOf(values.reason);
    if (!reason)
      throw new UsageError(`无法识别的理由“${values.reason}”，可用：${GROUND_IDS.join(',')}，或其中文名称。`);
  }
  const input = positionals[0] ?? '';
  if (join(dirname(values.out), basename(values.out)) === join(dirname(input), basename(input)))
    throw new UsageError('输出文件不能与输入文件相同（原文件须保持不变）。');
  return {
    input,
    out: values.out,
    find,
    patterns: [...new Set(patterns)],
    reason,
    legend: !values['no-legend'],
    json: values.json ?? false,
  };
}

/** Writes `bytes` to `path` through a temporary file in the same folder and a rename. */
export async function writeWhole(path: string, bytes: Buffer): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function runRedactCommand(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(REDACT_USAGE);
    return EXIT_OK;
  }
  let args: RedactArgs;
  try {
    args = parseRedactArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(io, err, REDACT_USAGE);
    throw err;
  }
  const original = await readFile(args.input).catch(() => null);
  if (!original) {
    io.stderr(`无法读取输入文件“${args.input}”。`);
    return EXIT_USAGE;
  }
  try {
    const kind = officeKind(args.input);
    const pdf = kind ? await officeToPdf(original, kind) : original;
    const text = await readPdf(pdf);
    const found = suggest(text.pages, { patterns: args.patterns, exact: args.find });
    if (found.length === 0) {
      if (args.json) io.stdout(JSON.stringify({ input: args.input, output: null, removed: [] }, null, 2));
      else io.stderr('没有找到要删除的内容，未写输出文件。');
      return EXIT_FAILURE;
    }
    const boxes: Box[] = found.flatMap((s) =>
      s.rects.map((rect) => ({ page: s.page, rect, ground: args.reason ?? s.ground, text: s.value })),
    );
    const { bytes: out, rasterPages } = await redactPdf(pdf, boxes, {
      fileName: basename(args.input),
      legend: args.legend,
      known: text,
    });
    await writeWhole(args.out, out);
    if (args.json) {
      io.stdout(
        JSON.stringify(
          {
            input: args.input,
            output: args.out,
            pages: text.pages.length,
            imagePages: rasterPages.map((p) => p + 1),
            removed: found.map((s) => ({
              page: s.page + 1,
              kind: s.kind,
              text: s.value,
              ground: GROUNDS[args.reason ?? s.ground].label,
              rects: s.rects,
            })),
          },
          null,
          2,
        ),
      );
    } else {
      for (const s of found)
        io.stdout(`第${s.page + 1}页  ${PATTERN_LABELS[s.kind]}  ${GROUNDS[args.reason ?? s.ground].label}`);
      if (rasterPages.length > 0)
        io.stdout(
          `第${rasterPages.map((p) => p + 1).join('、')}页的字体使逐字删除会连带相邻文字，这些页已改为图像（外观不变，文字不能再复制）。`,
        );
      io.stdout(`已删除 ${found.length} 处，写入 ${args.out}。`);
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof RedactionError) {
      io.stderr(`“${args.input}”：${err.message}`);
      return err.problem === 'unavailable' ||
        err.problem === 'office-unavailable' ||
        err.problem === 'leak' ||
        err.problem === 'collateral'
        ? EXIT_FAILURE
        : EXIT_USAGE;
    }
    throw err;
  }
}
