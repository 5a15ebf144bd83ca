import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceilToPeriod, floorToPeriod } from '../../src/insights/functions/index.js';
import { call, fn, NOW } from './functions-helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('datetime functions', () => {
  const t = Date.UTC(2024, 0, 15, 10, 27, 41, 999);

  it('datefloor truncates to the bottom of the period', () => {
    expect(call('datefloor', t, HOUR)).toBe(Date.UTC(2024, 0, 15, 10));
    expect(call('datefloor', t, 5 * MINUTE)).toBe(Date.UTC(2024, 0, 15, 10, 25));
    expect(call('datefloor', t, DAY)).toBe(Date.UTC(2024, 0, 15));
    expect(fn('datefloor').returns(['datetime', 'number'])).toBe('datetime');
  });

  it('dateceil rounds up to the top of the period, leaving boundaries alone', () => {
    expect(call('dateceil', t, HOUR)).toBe(Date.UTC(2024, 0, 15, 11));
    expect(call('dateceil', Date.UTC(2024, 0, 15, 11), HOUR)).toBe(Date.UTC(2024, 0, 15, 11));
  });

  it('bin floors the record @timestamp to the period', () => {
    expect(call('bin', 5 * MINUTE)).toBe(Date.UTC(2024, 0, 15, 10, 25));
    expect(call('bin', HOUR)).toBe(Date.UTC(2024, 0, 15, 10));
    expect(fn('bin').call([HOUR], { now: () => NOW })).toBeUndefined();
  });

  it('converts between milliseconds and timestamps', () => {
    expect(call('fromMillis', 1642195111000)).toBe(1642195111000);
    expect(fn('fromMillis').returns(['number'])).toBe('datetime');
    expect(call('fromMillis', '1642195111000')).toBe(1642195111000);
    // The documented example: 2022-01-14T13:18:31.000-08:00 is 1642195111000.
    expect(call('toMillis', '2022-01-14T13:18:31.000-08:00')).toBe(1642195111000);
    expect(call('toMillis', 1642195111000)).toBe(1642195111000);
    expect(fn('toMillis').returns(['datetime'])).toBe('number');
  });

  it('now() is the query start in epoch seconds', () => {
    expect(call('now')).toBe(Math.floor(NOW / 1000));
  });

  it('is absent for absent values and unusable periods', () => {
    expect(call('datefloor', undefined, HOUR)).toBeUndefined();
    expect(call('datefloor', t, 0)).toBeUndefined();
    expect(call('datefloor', t, -HOUR)).toBeUndefined();
    expect(call('dateceil', 'not a date', HOUR)).toBeUndefined();
    expect(call('fromMillis', 'x')).toBeUndefined();
    expect(call('toMillis', undefined)).toBeUndefined();
    expect(call('bin', undefined)).toBeUndefined();
  });

  const instant = fc.integer({ min: -8.64e15, max: 8.64e15 });
  const period = fc.oneof(
    fc.constantFrom(1, 1000, MINUTE, 5 * MINUTE, HOUR, DAY, 7 * DAY),
    fc.integer({ min: 1, max: 10 * DAY }),
  );

  it('datefloor(t) <= t < datefloor(t) + period, on a period boundary', () => {
    fc.assert(
      fc.property(instant, period, (at, p) => {
        const floor = call('datefloor', at, p) as number;
        expect(floor).toBeLessThanOrEqual(at);
        expect(at).toBeLessThan(floor + p);
        expect(Math.abs(floor % p)).toBe(0);
      }),
    );
  });

  it('dateceil(t) - period < t <= dateceil(t)', () => {
    fc.assert(
      fc.property(instant, period, (at, p) => {
        const ceil = call('dateceil', at, p) as number;
        expect(ceil).toBeGreaterThanOrEqual(at);
        expect(ceil - p).toBeLessThan(at);
      }),
    );
  });

  it('binning is idempotent', () => {
    fc.assert(
      fc.property(instant, period, (at, p) => {
        const once = floorToPeriod(at, p);
        expect(floorToPeriod(once, p)).toBe(once);
        expect(ceilToPeriod(ceilToPeriod(at, p), p)).toBe(ceilToPeriod(at, p));
        const bin = fn('bin');
        expect(bin.call([p], { now: () => NOW, timestamp: () => at })).toBe(once);
      }),
    );
  });
});

describe('formatDate and parseDate', () => {
  const t = Date.UTC(2024, 0, 15, 10, 27, 41, 999);

  it('formats with strftime directives, in UTC unless told otherwise', () => {
    expect(call('formatDate', t, '%Y-%m-%d')).toBe('2024-01-15');
    expect(call('formatDate', t, '%Y-%m-%d', 'UTC')).toBe('2024-01-15');
    expect(call('formatDate', t, '%F %T.%L')).toBe('2024-01-15 10:27:41.999');
    expect(call('formatDate', t, '%a %d %b %Y %I:%M %p %j')).toBe('Mon 15 Jan 2024 10:27 AM 015');
    expect(call('formatDate', t, '%A %B %z %%')).toBe('Monday January +0000 %');
    expect(call('strftime', t, '%s')).toBe(String(Math.floor(t / 1000)));
    expect(call('formatDate', t, '%H:%M %z', 'America/Los_Angeles')).toBe('02:27 -0800');
    expect(call('formatDate', Date.UTC(2024, 6, 1, 12), '%H %z', 'Europe/Paris')).toBe('14 +0200');
    expect(call('formatDate', t, '%H:%M', '+05:30')).toBe('15:57');
  });

  it('formats nothing for absent values or unknown zones', () => {
    expect(call('formatDate', undefined, '%Y')).toBeUndefined();
    expect(call('formatDate', t, undefined)).toBeUndefined();
    expect(call('formatDate', t, '%Y', 'Mars/Olympus_Mons')).toBeUndefined();
  });

  it('parses with Java DateTimeFormatter patterns into epoch milliseconds', () => {
    expect(call('parseDate', '2024-01-15', 'yyyy-MM-dd', 'UTC')).toBe(Date.UTC(2024, 0, 15));
    expect(call('parseDate', '2024-01-15', 'yyyy-MM-dd')).toBe(Date.UTC(2024, 0, 15));
    expect(call('parseDate', '2024-01-15T10:27:41.999Z', "yyyy-MM-dd'T'HH:mm:ss.SSSX")).toBe(t);
    expect(call('parseDate', '2022-01-14T13:18:31.000-08:00', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe(
      1642195111000,
    );
    expect(call('parseDate', '15/Jan/2024:10:27:41 +0000', 'dd/MMM/yyyy:HH:mm:ss Z')).toBe(t - 999);
    expect(call('parseDate', 'January 5, 2024 3:04 PM', 'MMMM d, yyyy h:mm a')).toBe(
      Date.UTC(2024, 0, 5, 15, 4),
    );
    expect(call('parseDate', '2024-01-15 02:27', 'yyyy-MM-dd HH:mm', 'America/Los_Angeles')).toBe(
      Date.UTC(2024, 0, 15, 10, 27),
    );
    expect(call('parseDate', "it's 2024", "'it''s' yyyy")).toBe(Date.UTC(2024, 0, 1));
    expect(fn('parseDate').returns(['string', 'string'])).toBe('number');
  });

  it('rejects text that does not fit the pattern, impossible dates and unknown letters', () => {
    expect(call('parseDate', '2024/01/15', 'yyyy-MM-dd')).toBeUndefined();
    expect(call('parseDate', '2024-02-30', 'yyyy-MM-dd')).toBeUndefined();
    expect(call('parseDate', '2024-13-01', 'yyyy-MM-dd')).toBeUndefined();
    expect(call('parseDate', '2024-01-15', 'yyyy-MM-dd QQ')).toBeUndefined();
    expect(call('parseDate', undefined, 'yyyy')).toBeUndefined();
    expect(call('parseDate', '2024', "yyyy 'unterminated")).toBeUndefined();
  });

  it('parseDate reads back what formatDate writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        const text = call('formatDate', ms, '%Y-%m-%dT%H:%M:%S.%L%z') as string;
        expect(call('parseDate', text, "yyyy-MM-dd'T'HH:mm:ss.SSSxx")).toBe(ms);
      }),
    );
  });
});
