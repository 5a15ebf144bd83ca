import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, fn } from './functions-helpers.js';

describe('numeric functions', () => {
  it('computes the documented operations', () => {
    expect(call('abs', -3.5)).toBe(3.5);
    expect(call('ceil', 1.2)).toBe(2);
    expect(call('ceil', -1.2)).toBe(-1);
    expect(call('floor', 1.8)).toBe(1);
    expect(call('floor', -1.2)).toBe(-2);
    expect(call('greatest', 3, 9, 4)).toBe(9);
    expect(call('least', 3, 9, 4)).toBe(3);
    expect(call('log', Math.E)).toBe(1);
    expect(call('sqrt', 16)).toBe(4);
  });

  it('uses strings that hold numbers as numbers', () => {
    expect(call('abs', '-42')).toBe(42);
    expect(call('sqrt', ' 2.25 ')).toBe(1.5);
    expect(call('greatest', '10', 9)).toBe(10);
    expect(call('least', '1e3', 999.5)).toBe(999.5);
    expect(call('ceil', '0x10')).toBeUndefined();
    expect(call('ceil', '')).toBeUndefined();
    expect(call('ceil', 'Infinity')).toBeUndefined();
  });

  it('is absent for absent or non-numeric arguments and for undefined results', () => {
    expect(call('abs', undefined)).toBeUndefined();
    expect(call('floor', 'abc')).toBeUndefined();
    expect(call('log', 0)).toBeUndefined();
    expect(call('log', -1)).toBeUndefined();
    expect(call('sqrt', -4)).toBeUndefined();
    expect(call('greatest', undefined, 'x')).toBeUndefined();
    expect(call('greatest', undefined, 5, 'x')).toBe(5);
  });

  it('keeps datetimes datetimes through greatest and least', () => {
    expect(fn('greatest').returns(['datetime', 'datetime'])).toBe('datetime');
    expect(fn('least').returns(['datetime', 'number'])).toBe('number');
    expect(fn('abs').returns(['string'])).toBe('number');
  });

  it('rounds to an integer or to decimal places', () => {
    expect(call('round', 2.5)).toBe(3);
    expect(call('round', -2.5)).toBe(-2);
    expect(call('round', 1.23456, 2)).toBe(1.23);
    expect(call('round', 1234, -2)).toBe(1200);
    expect(call('round', undefined, 2)).toBeUndefined();
  });

  it('computes great-circle distances in kilometres', () => {
    expect(call('haversine', 0, 0, 0, 0)).toBe(0);
    // Paris to London, about 344 km.
    const d = call('haversine', 48.8566, 2.3522, 51.5074, -0.1278) as number;
    expect(d).toBeGreaterThan(340);
    expect(d).toBeLessThan(346);
    expect(call('haversine', 0, 0, undefined, 0)).toBeUndefined();
  });

  it('converts to numbers, 32-bit and 64-bit integers and doubles', () => {
    expect(call('toNumber', '42.5')).toBe(42.5);
    expect(call('toNumber', 'x')).toBeUndefined();
    expect(call('toDouble', '1e2')).toBe(100);
    expect(call('toInt', '42.9')).toBe(42);
    expect(call('toInt', -42.9)).toBe(-42);
    expect(call('toInt', 2 ** 31)).toBeUndefined();
    expect(call('toLong', 2 ** 40 + 0.5)).toBe(2 ** 40);
  });

  it('floor <= n <= ceil, and greatest/least agree with Math.max/min', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(call('floor', n) as number).toBeLessThanOrEqual(n);
        expect(call('ceil', n) as number).toBeGreaterThanOrEqual(n);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 6 }), (ns) => {
        expect(call('greatest', ...ns)).toBe(Math.max(...ns));
        expect(call('least', ...ns.map(String))).toBe(Math.min(...ns));
      }),
    );
  });
});
