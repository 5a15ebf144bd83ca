import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, renderValue } from '../../src/insights/render.js';

/** What the service shows, derived from the ISO form: `2024-01-15T10:27:41.999Z` → `2024-01-15 10:27:41.999`. */
function viaDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

describe('renderValue', () => {
  it('formats datetimes as yyyy-MM-dd HH:mm:ss.SSS in UTC', () => {
    expect(renderValue(Date.UTC(2024, 0, 15, 10, 27, 41, 999), 'datetime')).toBe(
      '2024-01-15 10:27:41.999',
    );
    expect(renderValue(Date.UTC(2019, 3, 8, 21, 14, 4), 'datetime')).toBe(
      '2019-04-08 21:14:04.000',
    );
    expect(renderValue(0, 'datetime')).toBe('1970-01-01 00:00:00.000');
    expect(renderValue(-1, 'datetime')).toBe('1969-12-31 23:59:59.999');
    expect(renderValue(Date.UTC(2024, 1, 29, 0, 0, 0, 7), 'datetime')).toBe(
      '2024-02-29 00:00:00.007',
    );
  });

  it('prints integers without a fraction and other numbers in their shortest form', () => {
    expect(renderValue(42, 'number')).toBe('42');
    expect(renderValue(42.0, 'number')).toBe('42');
    expect(renderValue(-0, 'number')).toBe('0');
    expect(renderValue(2.5, 'number')).toBe('2.5');
    expect(renderValue(1 / 3, 'number')).toBe('0.3333333333333333');
    expect(renderValue(0.1 + 0.2, 'number')).toBe('0.30000000000000004');
    expect(renderValue(1642195111000, 'number')).toBe('1642195111000');
    expect(renderValue(1642195111000, 'any')).toBe('1642195111000');
  });

  it('shows booleans as 1 and 0, strings as they are', () => {
    expect(renderValue(true, 'boolean')).toBe('1');
    expect(renderValue(false, 'boolean')).toBe('0');
    expect(renderValue('', 'string')).toBe('');
    expect(renderValue('2024-01-01', 'datetime')).toBe('2024-01-01');
    expect(renderValue('x', 'number')).toBe('x');
  });

  it('leaves absent values and non-finite numbers out of the row', () => {
    expect(renderValue(undefined, 'string')).toBeUndefined();
    expect(renderValue(undefined, 'datetime')).toBeUndefined();
    expect(renderValue(Number.NaN, 'number')).toBeUndefined();
    expect(renderValue(Number.POSITIVE_INFINITY, 'number')).toBeUndefined();
    expect(renderValue(Number.NaN, 'datetime')).toBeUndefined();
    expect(renderValue(9e15, 'datetime')).toBeUndefined();
  });
});

describe('formatTimestamp', () => {
  it('agrees with Date for every instant of years 0000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(formatTimestamp(ms)).toBe(viaDate(ms));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with Date around day, month, year and leap-day boundaries', () => {
    const days = fc.integer({ min: -800_000, max: 3_000_000 });
    const edge = fc.constantFrom(0, 1, 999, 86_399_999, 86_399_000, 43_200_000);
    fc.assert(
      fc.property(days, edge, (day, offset) => {
        const ms = day * 86_400_000 + offset;
        if (Math.abs(ms) > 8.64e15) return;
        const expected = new Date(ms).toISOString();
        // Years past 9999 or before 0 are signed six-digit years in ISO form; compare the rest.
        const got = formatTimestamp(ms)!;
        expect(got.slice(-23 + 4)).toBe(expected.slice(-20, -1).replace('T', ' '));
      }),
    );
  });

  it('drops fractions of a millisecond as a Date does', () => {
    expect(formatTimestamp(1.9)).toBe('1970-01-01 00:00:00.001');
    expect(formatTimestamp(-0.5)).toBe('1970-01-01 00:00:00.000');
  });
});
