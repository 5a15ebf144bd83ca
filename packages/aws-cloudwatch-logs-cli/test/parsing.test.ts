import { describe, expect, it } from 'vitest';
import { parseDuration, parsePositiveInt, parseTime } from '../src/duration.js';
import { describeError, UsageError } from '../src/errors.js';
import { coloursFor } from '../src/io.js';
import { groupsRequest, windowFrom } from '../src/time-window.js';

describe('flags', () => {
  it('parses durations and refuses anything else as bad usage', () => {
    expect(parseDuration('10m', '--since')).toBe(600_000);
    expect(parseDuration('1.5h', '--since')).toBe(5_400_000);
    expect(parseDuration('250ms', '--x')).toBe(250);
    expect(() => parseDuration('10 minutes', '--since')).toThrow(UsageError);
    expect(() => parseDuration('10x', '--since')).toThrow(/--since must be a duration/);
  });

  it('parses times as ISO or epoch milliseconds', () => {
    expect(parseTime('2024-05-01T00:00:00Z', '--start')).toBe(Date.UTC(2024, 4, 1));
    expect(parseTime('1714521600000', '--start')).toBe(1714521600000);
    expect(() => parseTime('yesterday', '--start')).toThrow(/--start must be an ISO/);
    expect(() => parsePositiveInt('0', '--limit')).toThrow(UsageError);
  });

  it('builds query windows and group lists', () => {
    const w = windowFrom({ start: '2024-05-01T00:00:00Z', end: '2024-05-01T01:00:00Z' });
    expect(w.toEpochSeconds()).toEqual({ startTime: 1714521600, endTime: 1714525200 });
    expect(() => windowFrom({ since: '1h', start: '2024-05-01T00:00:00Z' })).toThrow(UsageError);
    expect(() => windowFrom({ end: '2024-05-01T00:00:00Z' })).toThrow(/--end needs --start/);
    expect(groupsRequest(['/a', '/b'])).toEqual({ logGroupNames: ['/a', '/b'] });
    expect(groupsRequest(['/a', 'arn:aws:logs:us-east-1:1:log-group:/b'])).toEqual({
      logGroupIdentifiers: ['/a', 'arn:aws:logs:us-east-1:1:log-group:/b'],
    });
    expect(() => groupsRequest([])).toThrow(UsageError);
  });
});

describe('output conventions', () => {
  it('colours only on a TTY and never with NO_COLOR', () => {
    expect(coloursFor({ isTTY: true }, {}).isColorSupported).toBe(true);
    expect(coloursFor({ isTTY: false }, {}).isColorSupported).toBe(false);
    expect(coloursFor({ isTTY: true }, { NO_COLOR: '1' }).isColorSupported).toBe(false);
    expect(coloursFor({ isTTY: false }, { FORCE_COLOR: '1' }).isColorSupported).toBe(true);
  });

  it('describes an error in one line with a hint', () => {
    const error = Object.assign(new Error('Log group /x does not exist.\nmore'), {
      code: 'ResourceNotFoundException',
    });
    expect(describeError(error)).toBe(
      'Log group /x does not exist. (check the log group and stream names with `cwlogs groups ls`)',
    );
  });
});
