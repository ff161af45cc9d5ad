import { execFile } from 'node:child_process';
import type { PlacedWord } from '../positioned.ts';

/**
 * Tesseract and pdftoppm as child processes (Debian `tesseract-ocr`, `tesseract-ocr-chi-sim`,
 * `poppler-utils`). Nothing leaves the machine. One tesseract process per page, and one for all the
 * cropped figure cells of a file (a list of images), with `OMP_THREAD_LIMIT=1` so that parallel
 * checks do not fight over the cores.
 */
export class OcrUnavailable extends Error {}

export const TESSERACT_TIMEOUT_MS = 120_000;

export function run(
  command: string,
  args: readonly string[],
  timeout = TESSERACT_TIMEOUT_MS,
): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        timeout,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'buffer',
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr: stderr.toString('utf8') });
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT') return reject(new OcrUnavailable(command));
        reject(
          new Error(
            `${command} failed${e.killed ? ' (timeout)' : ''}: ${stderr.toString('utf8').slice(0, 300)}`,
          ),
        );
      },
    );
  });
}

/** A word of tesseract's TSV output, with the image (`page_num`, 1-based) it was found in. */
export interface TsvWord extends PlacedWord {
  readonly image: number;
}

/** Parses `tesseract … tsv`: level-5 rows are words (left, top, width, height, conf 0–100, text). */
export function parseTsv(tsv: string): TsvWord[] {
  const out: TsvWord[] = [];
  for (const line of tsv.split('\n')) {
    const f = line.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = f.slice(11).join('\t').trim();
    if (text === '') continue;
    const left = Number(f[6]);
    const top = Number(f[7]);
    out.push({
      image: Number(f[1]),
      text,
      xMin: left,
      yMin: top,
      xMax: left + Number(f[8]),
      yMax: top + Number(f[9]),
      confidence: Math.max(0, Math.min(1, Number(f[10]) / 100)),
    });
  }
  return out;
}

/** Page segmentation mode for whole pages; chosen by measurement (decision 016). */
export const PAGE_PSM = '6';

/** Words of a whole page image (PGM file), Simplified Chinese with English digits. */
export async function ocrPage(file: string, dpi: number): Promise<TsvWord[]> {
  const { stdout } = await run('tesseract', [
    file,
    'stdout',
    '-l',
    'chi_sim',
    '--psm',
    PAGE_PSM,
    '--dpi',
    String(dpi),
    'tsv',
  ]);
  return parseTsv(stdout.toString('utf8'));
}

/**
 * Digits of many cropped cells at once: `listFile` names one image per line; each is read as a single
 * line of digits (`--psm 7`, whitelist 0–9 and the decimal point). Result by image number (1-based).
 */
export async function ocrDigits(listFile: string, dpi: number): Promise<TsvWord[]> {
  const { stdout } = await run('tesseract', [
    listFile,
    'stdout',
    '-l',
    'eng',
    '--psm',
    '7',
    '--dpi',
    String(dpi),
    '-c',
    'tessedit_char_whitelist=0123456789.',
    'tsv',
  ]);
  return parseTsv(stdout.toString('utf8'));
}

/** Renders the pages of a PDF file as PPM images `prefix-N.ppm` at `dpi`. */
export async function rasterise(pdf: string, prefix: string, dpi: number, timeout = 60_000): Promise<void> {
  await run('pdftoppm', ['-r', String(dpi), pdf, prefix], timeout);
}
