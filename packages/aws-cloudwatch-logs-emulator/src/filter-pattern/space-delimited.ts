import { ConditionParser, compileExpr, type Expr, type ParseBudget } from './conditions.js';
import { invalidPattern, snippet } from './errors.js';
import { compareNumbers, isNumberText } from './values.js';

/** One position of a space-delimited pattern. */
export type Slot =
  | { readonly kind: 'ellipsis' }
  | {
      readonly kind: 'field';
      /** Empty for an unnamed field (`[a, , b]`, or the one after a trailing comma). */
      readonly name: string;
      readonly test: ((value: string) => boolean) | undefined;
    };

export interface SpaceDelimitedPattern {
  readonly slots: readonly Slot[];
  /** The event's fields and, per slot, the index of the field it took; undefined on no match. */
  match(message: string): { fields: string[]; taken: Int32Array } | undefined;
}

const NAME = /^[A-Za-z0-9_-]+/;

const nameReader = {
  read(src: string, pos: number) {
    const m = NAME.exec(src.slice(pos, pos + 256));
    return m ? { operand: m[0], end: pos + m[0].length } : undefined;
  },
  expected: 'a field name',
  unaryTests: false,
};

/** Parses the inside of `[ … ]` (from `start` to `end`, exclusive). */
export function parseSpaceDelimited(
  pattern: string,
  start: number,
  end: number,
  budget: ParseBudget,
): SpaceDelimitedPattern {
  const slots: Slot[] = [];
  const skip = (p: number) => {
    while (
      p < end &&
      (pattern[p] === ' ' || pattern[p] === '\t' || pattern[p] === '\n' || pattern[p] === '\r')
    )
      p++;
    return p;
  };
  let pos = skip(start);
  // `[]` names no field and matches any event, every field by position (the TestMetricFilter
  // API reference's "without specifying any fields" example).
  if (pos >= end) {
    const slots: Slot[] = [{ kind: 'ellipsis' }];
    return { slots, match: matcher(slots) };
  }
  for (;;) {
    pos = skip(pos);
    if (pos >= end || pattern[pos] === ',') {
      slots.push({ kind: 'field', name: '', test: undefined });
    } else if (pattern.startsWith('...', pos)) {
      slots.push({ kind: 'ellipsis' });
      pos += 3;
    } else {
      const read = nameReader.read(pattern, pos);
      if (!read) {
        throw invalidPattern(
          pattern,
          `expected a field name, '...' or ',' but found '${snippet(pattern, pos, end)}'`,
          pos,
        );
      }
      const after = skip(read.end);
      if (after >= end || pattern[after] === ',') {
        slots.push({ kind: 'field', name: read.operand, test: undefined });
        pos = after;
      } else {
        const parser = new ConditionParser<string>(pattern, pos, end, nameReader, ',', budget);
        const expr = parser.parseExpression();
        checkOneField(pattern, expr, read.operand, slots.length + 1);
        slots.push({ kind: 'field', name: read.operand, test: compileExpr(expr, compileLeaf) });
        pos = parser.pos;
      }
    }
    pos = skip(pos);
    if (pos >= end) break;
    if (pattern[pos] !== ',') {
      throw invalidPattern(
        pattern,
        `expected ',' between fields but found '${snippet(pattern, pos, end)}'`,
        pos,
      );
    }
    pos++;
  }
  return { slots, match: matcher(slots) };
}

/** Every condition in a field tests that field: `[…, status = 4* && bytes > 1000]` is refused. */
function checkOneField(pattern: string, expr: Expr<string>, name: string, index: number): void {
  if (expr.kind !== 'compare' && expr.kind !== 'unary') {
    checkOneField(pattern, expr.left, name, index);
    checkOneField(pattern, expr.right, name, index);
  } else if (expr.operand !== name) {
    throw invalidPattern(
      pattern,
      `field ${index} is '${name}' but its condition tests '${expr.operand}'; each field's conditions may only test that field (give '${expr.operand}' its own field)`,
      expr.at,
    );
  }
}

function compileLeaf(
  e: Extract<Expr<string>, { kind: 'compare' | 'unary' }>,
): (f: string) => boolean {
  // The parser refuses IS NULL & co. here, so this is a comparison.
  const { op, value } = e as Extract<Expr<string>, { kind: 'compare' }>;
  let eq: (f: string) => boolean;
  if (value.kind === 'number') {
    const { n, text } = value;
    if (op !== '=' && op !== '!=')
      return (f) => isNumberText(f) && compareNumbers(op, Number(f), n);
    eq = (f) => f === text || (isNumberText(f) && Number(f) === n);
  } else if (value.kind === 'regex') {
    const { re } = value;
    eq = (f) => re.test(f);
  } else {
    eq = value.test;
  }
  return op === '=' ? eq : (f) => !eq(f);
}

/**
 * Splits a message into fields at spaces; characters between `[` and `]`, or between two double
 * quotes, are one field (without the brackets or quotes). Stops after `limit` fields.
 */
export function splitFields(message: string, limit = Number.POSITIVE_INFINITY): string[] {
  const fields: string[] = [];
  const n = message.length;
  let i = 0;
  while (i < n && fields.length < limit) {
    let c = message.charCodeAt(i);
    while (c === 32 || c === 9 || c === 10 || c === 13) {
      if (++i >= n) return fields;
      c = message.charCodeAt(i);
    }
    if (c === 34 /* " */ || c === 91 /* [ */) {
      const close = message.indexOf(c === 34 ? '"' : ']', i + 1);
      if (close > 0) {
        fields.push(message.slice(i + 1, close));
        i = close + 1;
        continue;
      }
    }
    let j = i + 1;
    while (j < n) {
      const d = message.charCodeAt(j);
      if (d === 32 || d === 9 || d === 10 || d === 13) break;
      j++;
    }
    fields.push(message.slice(i, j));
    i = j;
  }
  return fields;
}

function matcher(slots: readonly Slot[]): SpaceDelimitedPattern['match'] {
  const ellipses = slots.filter((s) => s.kind === 'ellipsis').length;
  const fixed = slots.length - ellipses;
  return (message) => {
    // Without an ellipsis one field too many already fails, so stop splitting there.
    const fields = splitFields(message, ellipses === 0 ? fixed + 1 : Number.POSITIVE_INFINITY);
    if (ellipses === 0 ? fields.length !== fixed : fields.length < fixed) return undefined;
    const taken = new Int32Array(slots.length);
    // With two or more ellipses, remember failed (slot, field) pairs so matching stays polynomial.
    const failed =
      ellipses > 1 ? new Uint8Array((slots.length + 1) * (fields.length + 1)) : undefined;
    const walk = (si: number, fi: number): boolean => {
      if (si === slots.length) return fi === fields.length;
      const key = si * (fields.length + 1) + fi;
      if (failed && failed[key] === 1) return false;
      const slot = slots[si]!;
      let ok = false;
      if (slot.kind === 'ellipsis') {
        taken[si] = fi;
        for (let k = fi; k <= fields.length && !ok; k++) ok = walk(si + 1, k);
      } else if (fi < fields.length && (!slot.test || slot.test(fields[fi]!))) {
        taken[si] = fi;
        ok = walk(si + 1, fi + 1);
      }
      if (!ok && failed) failed[key] = 1;
      return ok;
    };
    return walk(0, 0) ? { fields, taken } : undefined;
  };
}
