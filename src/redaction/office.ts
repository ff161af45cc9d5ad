/**
 * Office documents (DOCX, XLSX) become PDF before redaction: LibreOffice headless from Debian
 * (`libreoffice-writer-nogui`, `libreoffice-calc-nogui`) run as a separate program with its own
 * throw-away profile, in a temporary directory removed afterwards (decision 017 has the measurements).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { RedactionError } from './engine.ts';

const run = promisify(execFile);
export const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';
const TIMEOUT_MS = 120_000;

export type OfficeKind = 'docx' | 'xlsx';

/** The Office kind of a file name, or null for anything else (treated as PDF). */
export function officeKind(fileName: string): OfficeKind | null {
  const ext = extname(fileName).toLowerCase();
  return ext === '.docx' ? 'docx' : ext === '.xlsx' ? 'xlsx' : null;
}

export async function officeToPdf(bytes: Buffer, kind: OfficeKind): Promise<Buffer> {
  if (bytes.subarray(0, 2).toString('latin1') !== 'PK') throw new RedactionError('damaged');
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-office-'));
  try {
    const input = join(dir, `in.${kind}`);
    await writeFile(input, bytes);
    try {
      await run(
        SOFFICE,
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          input,
        ],
        { timeout: TIMEOUT_MS, env: { ...process.env, HOME: dir } },
      );
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') throw new RedactionError('office-unavailable');
      throw new RedactionError('damaged');
    }
    const out = await readFile(join(dir, 'in.pdf')).catch(() => null);
    if (!out) throw new RedactionError('damaged');
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
