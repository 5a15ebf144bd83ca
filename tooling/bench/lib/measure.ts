import { performance } from 'node:perf_hooks';

export interface Sample {
  name: string;
  /** Median of the repeats, in operations per second. */
  opsPerSecond: number;
  /** Every repeat's rate, for the spread. */
  runs: number[];
}

/**
 * Runs `fn` in rounds of `batch` calls for about `roundMs` each, `repeats` times, and keeps the
 * median: these machines are small and noisy, so one round says little.
 */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  { repeats = 7, roundMs = 300, batch = 1, warmupMs = 200 } = {},
): Promise<Sample> {
  const round = async (ms: number) => {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < batch; i += 1) await fn();
      calls += batch;
      elapsed = performance.now() - start;
    }
    return (calls * 1000) / elapsed;
  };
  await round(warmupMs);
  const runs: number[] = [];
  for (let i = 0; i < repeats; i += 1) runs.push(await round(roundMs));
  return { name, opsPerSecond: median(runs), runs };
}

/** Interleaves the candidates round by round so drift in machine load hits each alike. */
export async function compare(
  candidates: Array<{ name: string; fn: () => unknown | Promise<unknown> }>,
  options: { repeats?: number; roundMs?: number; batch?: number } = {},
): Promise<Sample[]> {
  const { repeats = 7, ...rest } = options;
  const runs = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  for (const candidate of candidates)
    await measure(candidate.name, candidate.fn, { ...rest, repeats: 1 });
  for (let i = 0; i < repeats; i += 1) {
    for (const candidate of candidates) {
      const sample = await measure(candidate.name, candidate.fn, {
        ...rest,
        repeats: 1,
        warmupMs: 0,
      });
      runs.get(candidate.name)!.push(sample.opsPerSecond);
    }
  }
  return candidates.map((c) => ({
    name: c.name,
    opsPerSecond: median(runs.get(c.name)!),
    runs: runs.get(c.name)!,
  }));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
