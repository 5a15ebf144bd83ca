// Sums every vitest summary line ("Tests  2 failed | 40 passed | 1 skipped (43)") in a log
// into one closing line, so a reader of CI's tail sees the totals across all packages.
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
for (const line of text.split('\n')) {
  const match = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!match) continue;
  totals.files += 1;
  for (const part of match[1].split('|')) {
    const [, count, kind] = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part) ?? [];
    if (kind === 'passed' || kind === 'failed') totals[kind] += Number(count);
    else if (kind) totals.skipped += Number(count);
  }
}
console.log(`\nvitest runs summarized: ${totals.files}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
