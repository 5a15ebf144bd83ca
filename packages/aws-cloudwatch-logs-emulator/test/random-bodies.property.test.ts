import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../src/index.js';
import { MUTATING_OPERATIONS } from '../src/service.js';
import { NOW, testEmulator } from './helpers.js';
import { dump } from './state-dump.js';

const FIELDS = [
  'logGroupName',
  'logStreamName',
  'logGroupIdentifier',
  'logEvents',
  'limit',
  'nextToken',
  'filterPattern',
  'filterName',
  'startTime',
  'endTime',
  'startFromHead',
  'retentionInDays',
  'tags',
  'tagKeys',
  'resourceArn',
  'metricTransformations',
  'destinationArn',
  'logStreamNames',
  'logStreamNamePrefix',
  'orderBy',
  'descending',
  'queryString',
  'queryId',
  'logEventMessages',
  'logGroupNamePrefix',
] as const;

const value = fc.oneof(
  fc.constantFrom(
    '/seed',
    'web-1',
    '',
    'a:b',
    '{ $.x = 1 }',
    '[a, b',
    NOW,
    -1,
    0,
    10_001,
    true,
    null,
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(
    fc.record({
      timestamp: fc.oneof(fc.integer(), fc.string()),
      message: fc.oneof(fc.string(), fc.integer()),
    }),
    {
      maxLength: 4,
    },
  ),
);
const nearValid = fc
  .dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 })
  .map((o) => JSON.stringify(o));
const anyJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
const body = fc.oneof(
  nearValid,
  anyJson,
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  // Truncated JSON.
  nearValid.map((s) => s.slice(0, Math.max(0, s.length - 3))),
);

describe('random bodies at every operation', () => {
  it('always get an AWS-shaped answer, and a refused request changes nothing', {
    timeout: 120_000,
  }, async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: '/seed' });
    await t.ok('CreateLogStream', { logGroupName: '/seed', logStreamName: 'web-1' });
    await t.ok('PutLogEvents', {
      logGroupName: '/seed',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW - 5, message: 'seed one' },
        { timestamp: NOW, message: '{"x":1}' },
      ],
    });
    let expected = await dump(t);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATION_NAMES), body, async (operation, payload) => {
        const answer = await t.raw(payload, { 'x-amz-target': `Logs_20140328.${operation}` });
        expect(answer.headers['x-amzn-requestid']).toBeTruthy();
        if (answer.status === 200) {
          if (MUTATING_OPERATIONS.has(operation)) expected = await dump(t);
          return;
        }
        expect([400, 403, 404, 413, 503]).toContain(answer.status);
        expect(typeof answer.body.__type).toBe('string');
        expect(answer.body.__type).not.toBe('InternalFailure');
        expect(typeof answer.body.message).toBe('string');
        expect(await dump(t)).toEqual(expected);
      }),
      { numRuns: 1000, seed: 20240601 },
    );
  });
});
