import { largeInput } from '../src/assessment/fixtures.testing.ts';
import { assess } from '../src/assessment/score.ts';

/** Issue 6: one agency with 10,000 cases and 10,000 items in < 1 s. Baseline: the same with 100 of each. */
export async function run(): Promise<void> {
  const time = (cases: number, items: number) => {
    const input = largeInput(cases, items);
    assess(input); // warm
    const runs = 3;
    const start = performance.now();
    for (let i = 0; i < runs; i++) assess({ ...input });
    return (performance.now() - start) / runs;
  };
  const base = time(100, 100);
  const big = time(10_000, 10_000);
  console.log(`assess 100 cases + 100 items (baseline): ${base.toFixed(1)} ms`);
  console.log(
    `assess 10,000 cases + 10,000 items: ${big.toFixed(0)} ms (target < 1000 ms; ${(big / 1000).toFixed(2)} of target; ${(big / base).toFixed(0)}× baseline)`,
  );
}
