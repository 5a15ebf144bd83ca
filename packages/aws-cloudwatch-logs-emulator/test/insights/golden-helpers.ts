import { expect } from 'vitest';
import { type TestEmulator, testEmulator } from '../helpers.js';
import { DAY, GOLDEN_STREAMS } from './fixtures/golden-data.js';

export type Row = Record<string, string>;

/** An emulator holding the golden data set, queries running at once. */
export async function goldenEmulator(): Promise<TestEmulator> {
  const t = testEmulator({ queryDelayMs: 0 });
  const groups = new Set<string>();
  for (const s of GOLDEN_STREAMS) {
    if (!groups.has(s.group)) await t.ok('CreateLogGroup', { logGroupName: s.group });
    groups.add(s.group);
    await t.ok('CreateLogStream', { logGroupName: s.group, logStreamName: s.stream });
    await t.ok('PutLogEvents', {
      logGroupName: s.group,
      logStreamName: s.stream,
      logEvents: s.events,
    });
  }
  return t;
}

/** Polls GetQueryResults until the query is no longer Scheduled or Running. */
export async function waitForQuery(t: TestEmulator, queryId: unknown) {
  for (let i = 0; i < 500; i += 1) {
    const answer = await t.ok('GetQueryResults', { queryId });
    if (answer.status !== 'Scheduled' && answer.status !== 'Running') return answer;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`query ${String(queryId)} did not finish`);
}

/**
 * Runs a query over the whole day of one or more groups and answers its rows as objects in
 * result order (field order kept). Rows of event queries must carry `@ptr`, which is dropped.
 */
export async function runQuery(
  t: TestEmulator,
  groups: string | string[],
  queryString: string,
): Promise<{ rows: Row[]; fieldOrder: string[][]; statistics: Record<string, number> }> {
  const { queryId } = await t.ok('StartQuery', {
    ...(typeof groups === 'string' ? { logGroupName: groups } : { logGroupNames: groups }),
    startTime: DAY / 1000,
    endTime: DAY / 1000 + 86_399,
    queryString,
  });
  const answer = await waitForQuery(t, queryId);
  expect(answer.status).toBe('Complete');
  const results = answer.results as Array<Array<{ field: string; value: string }>>;
  const isStats = /\bstats\b/i.test(queryString);
  const rows = results.map((fields) => {
    const row: Row = {};
    for (const { field, value } of fields) {
      expect(typeof value).toBe('string');
      if (field === '@ptr') continue;
      row[field] = value;
    }
    const ptr = fields.find((f) => f.field === '@ptr');
    if (isStats) expect(ptr).toBeUndefined();
    else expect(ptr?.value).toMatch(/^[A-Za-z0-9_-]+$/);
    return row;
  });
  return {
    rows,
    fieldOrder: results.map((fields) => fields.map((f) => f.field).filter((f) => f !== '@ptr')),
    statistics: answer.statistics as Record<string, number>,
  };
}
