import { describe, expect, it } from 'vitest';
import { CloudWatchLogsLimits, type InputLogEvent, ValidationError } from '../src/index.js';
import { harness, NOW } from './helpers/harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function put(logEvents: unknown, now = NOW) {
  const h = harness();
  h.now.value = now;
  const error = await h.client.events
    .put({ logGroupName: 'g', logStreamName: 's', logEvents: logEvents as InputLogEvent[] })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  return { error: error as ValidationError | undefined, sent: h.requests.length };
}

describe('PutLogEvents rules, checked before sending', () => {
  it('accepts the window boundaries exactly: 14 days back and 2 hours ahead', async () => {
    const result = await put([
      { timestamp: NOW - 14 * DAY + 1, message: 'oldest allowed' },
      { timestamp: NOW - 14 * DAY + 2, message: 'x' },
    ]);
    expect(result.error).toBeUndefined();
    expect((await put([{ timestamp: NOW - 14 * DAY, message: 'edge' }])).error).toBeUndefined();
    expect((await put([{ timestamp: NOW + 2 * HOUR, message: 'edge' }])).error).toBeUndefined();
  });

  it('refuses an event older than 14 days, naming its index', async () => {
    const { error, sent } = await put([
      { timestamp: NOW - DAY, message: 'fine' },
      { timestamp: NOW - 14 * DAY - 1, message: 'too old' },
    ]);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      field: 'logEvents[1].timestamp',
      value: String(NOW - 14 * DAY - 1),
    });
    expect(error?.rule).toContain('14 days in the past');
    expect(sent).toBe(0);
  });

  it('refuses an event more than 2 hours in the future', async () => {
    const { error } = await put([{ timestamp: NOW + 2 * HOUR + 1, message: 'future' }]);
    expect(error?.field).toBe('logEvents[0].timestamp');
    expect(error?.rule).toContain('2 hours in the future');
  });

  it('judges the window by the injected clock, not the wall clock', async () => {
    const past = Date.UTC(2001, 0, 1);
    expect((await put([{ timestamp: past, message: 'then' }], past)).error).toBeUndefined();
    expect((await put([{ timestamp: past, message: 'then' }], NOW)).error?.field).toBe(
      'logEvents[0].timestamp',
    );
  });

  it('refuses events out of chronological order', async () => {
    const { error } = await put([
      { timestamp: NOW, message: 'b' },
      { timestamp: NOW - 1, message: 'a' },
    ]);
    expect(error?.field).toBe('logEvents[1].timestamp');
    expect(error?.rule).toContain('chronological');
  });

  it('accepts equal timestamps', async () => {
    const { error } = await put([
      { timestamp: NOW, message: 'a' },
      { timestamp: NOW, message: 'b' },
    ]);
    expect(error).toBeUndefined();
  });

  it('refuses a batch spanning more than 24 hours', async () => {
    const start = NOW - 3 * DAY;
    expect(
      (
        await put([
          { timestamp: start, message: 'a' },
          { timestamp: start + DAY, message: 'b' },
        ])
      ).error,
    ).toBeUndefined();
    const { error } = await put([
      { timestamp: start, message: 'a' },
      { timestamp: start + DAY + 1, message: 'b' },
    ]);
    expect(error?.field).toBe('logEvents[1].timestamp');
    expect(error?.rule).toContain('24 hours');
  });

  it('refuses an empty batch and one of more than 10,000 events', async () => {
    expect((await put([])).error?.field).toBe('logEvents');
    const many = Array.from({ length: 10_001 }, () => ({ timestamp: NOW, message: 'x' }));
    const { error } = await put(many);
    expect(error?.field).toBe('logEvents');
    expect(error?.value).toContain('10001 events');
    const max = Array.from({ length: 10_000 }, () => ({ timestamp: NOW, message: 'x' }));
    expect((await put(max)).error).toBeUndefined();
  });

  it('refuses a batch that is not an array', async () => {
    expect((await put(undefined)).error?.field).toBe('logEvents');
  });

  it('counts event size in UTF-8 bytes plus 26, up to 1 MB', async () => {
    const { maxEventBytes, eventOverheadBytes } = CloudWatchLogsLimits;
    const largest = 'a'.repeat(maxEventBytes - eventOverheadBytes);
    expect((await put([{ timestamp: NOW, message: largest }])).error).toBeUndefined();
    const { error } = await put([{ timestamp: NOW, message: `${largest}a` }]);
    expect(error?.field).toBe('logEvents[0].message');
    expect(error?.rule).toContain('1048550');
    // 'é' is 2 UTF-8 bytes but 1 UTF-16 unit: a string short in .length is still too big.
    const wide = 'é'.repeat((maxEventBytes - eventOverheadBytes) / 2 + 1);
    expect(wide.length).toBeLessThan(maxEventBytes - eventOverheadBytes);
    expect((await put([{ timestamp: NOW, message: wide }])).error?.field).toBe(
      'logEvents[0].message',
    );
  });

  it('truncates the offending value in the error', async () => {
    const { error } = await put([{ timestamp: NOW, message: 'x'.repeat(2_000_000) }]);
    expect(error?.value.length).toBeLessThan(120);
    expect(error?.value).toContain('characters');
    expect(error?.message.length).toBeLessThan(400);
  });

  it('refuses a batch over 1,048,576 bytes in all', async () => {
    // 4 events of 262,144 bytes each (with overhead) fill the batch exactly.
    const message = 'm'.repeat(262_144 - 26);
    const full = Array.from({ length: 4 }, () => ({ timestamp: NOW, message }));
    expect((await put(full)).error).toBeUndefined();
    const { error } = await put([...full, { timestamp: NOW, message: 'one more' }]);
    expect(error?.field).toBe('logEvents');
    expect(error?.rule).toContain('1048576');
  });

  it.each([
    [{ timestamp: NOW, message: '' }, 'logEvents[0].message'],
    [{ timestamp: NOW, message: 42 }, 'logEvents[0].message'],
    [{ timestamp: NOW + 0.5, message: 'm' }, 'logEvents[0].timestamp'],
    [{ timestamp: '2024-05-01', message: 'm' }, 'logEvents[0].timestamp'],
    [{ timestamp: -1, message: 'm' }, 'logEvents[0].timestamp'],
    [null, 'logEvents[0]'],
  ])('refuses a malformed event (%j)', async (event, field) => {
    expect((await put([event])).error?.field).toBe(field);
  });
});
