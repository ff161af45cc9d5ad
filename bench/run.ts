/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line). Each exports
 * `run(): Promise<void>` and prints its own lines: what was measured, the baseline measured in the
 * same run, and the ratio. Timings are never asserted; ratios are printed.
 */
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.tsx'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
for (const f of files) {
  console.log(`\n== ${f}`);
  const mod = (await import(new URL(f, dir).href)) as { run: () => Promise<void> };
  await mod.run();
}
