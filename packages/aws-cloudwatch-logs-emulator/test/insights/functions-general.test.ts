import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCALAR_FUNCTIONS } from '../../src/insights/functions/index.js';
import { call, context, fn } from './functions-helpers.js';

describe('the function registry', () => {
  it('holds every function the query language needs, keyed by lower-cased name', () => {
    const required = [
      'strlen',
      'toupper',
      'tolower',
      'trim',
      'ltrim',
      'rtrim',
      'concat',
      'substr',
      'replace',
      'strcontains',
      'ispresent',
      'isempty',
      'isblank',
      'coalesce',
      'abs',
      'ceil',
      'floor',
      'greatest',
      'least',
      'log',
      'sqrt',
      'bin',
      'datefloor',
      'dateceil',
      'fromMillis',
      'toMillis',
      'isValidIp',
      'isValidIpV4',
      'isValidIpV6',
      'isIpInSubnet',
      'isIpv4InSubnet',
      'isIpv6InSubnet',
    ];
    for (const name of required) {
      const f = SCALAR_FUNCTIONS.get(name.toLowerCase());
      expect(f, name).toBeDefined();
      expect(f?.name.toLowerCase()).toBe(name.toLowerCase());
    }
    for (const [key, f] of SCALAR_FUNCTIONS) {
      expect(key).toBe(f.name.toLowerCase());
      expect(f.minArgs).toBeLessThanOrEqual(f.maxArgs);
    }
  });

  it('declares the documented arities', () => {
    const arity = (name: string) => [fn(name).minArgs, fn(name).maxArgs];
    expect(arity('substr')).toEqual([2, 3]);
    expect(arity('trim')).toEqual([1, 2]);
    expect(arity('strcontains')).toEqual([2, 3]);
    expect(arity('concat')).toEqual([1, Number.POSITIVE_INFINITY]);
    expect(arity('coalesce')).toEqual([1, Number.POSITIVE_INFINITY]);
    expect(arity('datefloor')).toEqual([2, 2]);
    expect(arity('bin')).toEqual([1, 1]);
    expect(arity('now')).toEqual([0, 0]);
    expect(arity('case')).toEqual([2, 21]);
  });
});

describe('every function', () => {
  it('answers a value or absent, never throwing, for any arguments within its arity', () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('', ' ', '42', '-1.5', '192.0.2.1', '10.0.0.0/8', '2001:db8::/32', '%Y'),
      fc.constantFrom('yyyy-MM-dd', "'", '[1,"a"]', 'Europe/Paris', 'bad/zone', '0xff'),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
    );
    const functions = [...SCALAR_FUNCTIONS.values()];
    fc.assert(
      fc.property(fc.constantFrom(...functions), fc.array(value, { maxLength: 6 }), (f, extra) => {
        const max = Math.min(f.maxArgs, f.minArgs + 3);
        const args = extra.slice(0, Math.max(f.minArgs, Math.min(max, extra.length)));
        while (args.length < f.minArgs) args.push(undefined);
        const out = f.call(args, context);
        expect(['string', 'number', 'boolean', 'undefined']).toContain(typeof out);
        if (typeof out === 'number') expect(Number.isNaN(out)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('general functions', () => {
  it('ispresent tells present from absent, empty strings being present', () => {
    expect(call('ispresent', undefined)).toBe(false);
    expect(call('ispresent', '')).toBe(true);
    expect(call('ispresent', 0)).toBe(true);
    expect(fn('ispresent').returns(['any'])).toBe('boolean');
  });

  it('coalesce returns the first non-null value, keeping its type', () => {
    expect(call('coalesce', undefined, '', 'x')).toBe('');
    expect(call('coalesce', undefined, undefined, 3)).toBe(3);
    expect(call('coalesce', undefined)).toBeUndefined();
    expect(fn('coalesce').returns(['datetime', 'datetime'])).toBe('datetime');
    expect(fn('coalesce').returns(['string', 'number'])).toBe('any');
  });

  it('if and case pick a value by condition, 1/0 counting as true/false', () => {
    expect(call('if', true, 'a', 'b')).toBe('a');
    expect(call('if', 0, 'a', 'b')).toBe('b');
    expect(call('if', undefined, 'a', 'b')).toBe('b');
    expect(call('case', false, 'a', 1, 'b', 'c')).toBe('b');
    expect(call('case', false, 'a', 0, 'b', 'c')).toBe('c');
    expect(call('case', false, 'a', 0, 'b')).toBeUndefined();
    expect(fn('case').returns(['boolean', 'number', 'boolean', 'number', 'number'])).toBe('number');
  });

  it('isNumeric and messageSize', () => {
    expect(call('isNumeric', '12.5')).toBe(true);
    expect(call('isNumeric', 7)).toBe(true);
    expect(call('isNumeric', 'x7')).toBe(false);
    expect(call('isNumeric', undefined)).toBe(false);
    expect(call('isNumeric', true)).toBe(false);
    expect(call('messageSize', 'héllo')).toBe(6);
    expect(call('messageSize', undefined)).toBeUndefined();
  });

  it('reads the query window from the context', () => {
    expect(call('queryStartTime')).toBe(Date.UTC(2024, 0, 15, 9, 0));
    expect(call('queryEndTime')).toBe(Date.UTC(2024, 0, 15, 10, 0));
    expect(call('queryTimeRange')).toBe(3_600_000);
    expect(fn('queryTimeRange').call([], { now: () => 0 })).toBeUndefined();
  });
});

describe('JSON functions', () => {
  it('measures and searches JSON arrays held in string fields', () => {
    expect(call('jsonArraySize', '["a","b",3]')).toBe(3);
    expect(call('jsonArraySize', '{"a":1}')).toBeUndefined();
    expect(call('jsonArraySize', 'nope')).toBeUndefined();
    expect(call('jsonArrayContains', '["admin","dev"]', 'admin')).toBe(true);
    expect(call('jsonArrayContains', '["admin","dev"]', 'Admin')).toBe(false);
    expect(call('jsonArrayContains', '[1,2]', 2)).toBe(true);
    expect(call('jsonArrayContains', '[]', 'x')).toBe(false);
    expect(call('jsonArrayContains', '[1,', '1')).toBe(false);
    expect(call('jsonArrayContains', undefined, '1')).toBe(false);
  });
});
