export interface Row {
  name: string;
  value: number;
  unit: string;
}

/**
 * Prints rows with each one's ratio to the baseline row; `higherIsBetter` decides which way
 * the ratio reads, so "2.0x" always means "twice as good as the baseline".
 */
export function printRatios(
  title: string,
  rows: Row[],
  baseline: string,
  higherIsBetter = true,
): Map<string, number> {
  const base = rows.find((row) => row.name === baseline);
  if (!base)
    throw new Error(`baseline ${baseline} is not among ${rows.map((r) => r.name).join(', ')}`);
  const ratios = new Map<string, number>();
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.name.length), 10);
  console.log(
    `${'candidate'.padEnd(width)}  ${'value'.padStart(14)}  unit            vs ${baseline}`,
  );
  for (const row of rows) {
    const ratio = higherIsBetter ? row.value / base.value : base.value / row.value;
    ratios.set(row.name, ratio);
    console.log(
      `${row.name.padEnd(width)}  ${format(row.value).padStart(14)}  ${row.unit.padEnd(14)}  ${ratio.toFixed(2)}x`,
    );
  }
  return ratios;
}

/** Prints whether a measured ratio meets its target; never fails the run (machines are noisy). */
export function checkTarget(
  label: string,
  actual: number,
  target: number,
  higherIsBetter = true,
): void {
  const met = higherIsBetter ? actual >= target : actual <= target;
  console.log(
    `target ${label}: ${format(actual)} (want ${higherIsBetter ? '>=' : '<='} ${format(target)}) ${met ? 'MET' : 'NOT MET'}`,
  );
}

function format(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(4);
}
