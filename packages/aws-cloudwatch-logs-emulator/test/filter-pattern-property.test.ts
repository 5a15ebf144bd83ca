import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from '../src/filter-pattern/index.js';

/** Strings made of the pattern language's own pieces, so the parser's deep paths are reached. */
const patternish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '(',
        ')',
        '$.',
        '$.a',
        '$.a[0]',
        "$.['k.k']",
        '=',
        '!=',
        '<',
        '>=',
        '&&',
        '||',
        ' ',
        ',',
        '...',
        '"',
        '%',
        '\\',
        '*',
        '?',
        '-',
        'IS',
        'NULL',
        'NOT',
        'EXISTS',
        'TRUE',
        'a',
        '1',
        '1e3',
        '\\d',
        '{1,3}',
        '^',
        '$',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''));

const message = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
  fc
    .array(fc.constantFrom('a', '1', '"x y"', '[p q]', 'ERROR', ' ', '12.5'), { maxLength: 8 })
    .map((w) => w.join(' ')),
);

const check = (pattern: string, messages: string[]) => {
  let compiled: ReturnType<typeof compileFilterPattern>;
  try {
    compiled = compileFilterPattern(pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterPatternError);
    expect((error as FilterPatternError).message.length).toBeGreaterThan(0);
    return;
  }
  for (const m of messages) {
    const matched = compiled.matches(m);
    expect(typeof matched).toBe('boolean');
    const observed = compiled.extract(m, '1');
    expect(observed !== undefined).toBe(matched);
  }
};

describe('filter patterns against arbitrary input', () => {
  it('compiling any string throws only FilterPatternError; matching never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), patternish),
        fc.array(message, { maxLength: 5 }),
        check,
      ),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('the JSON raw-text pre-check agrees with a full evaluation', () => {
    const value = fc.oneof(
      fc.constantFrom('ERROR', 'ERR', 'WARN', 'a\\"b', 'E\\u0052ROR'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(value, fc.constantFrom('ERROR', 'ERR*', '*ROR', 'a\\"b'), (v, literal) => {
        const m = `{"level":"${v.replaceAll('"', '')}"}`;
        let parsed: unknown;
        try {
          parsed = JSON.parse(m);
        } catch {
          return;
        }
        const level = (parsed as { level: string }).level;
        const lit = literal.replaceAll('\\"', '"');
        const core = lit.replaceAll('*', '');
        const expected = lit.startsWith('*')
          ? level.endsWith(core)
          : lit.endsWith('*')
            ? level.startsWith(core)
            : level === core;
        expect(compileFilterPattern(`{ $.level = "${literal}" }`).matches(m)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});
