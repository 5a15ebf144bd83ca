/** A right-hand side of a comparison in a JSON or space-delimited pattern. */
export type Value =
  | { readonly kind: 'number'; readonly n: number; readonly text: string }
  | { readonly kind: 'string'; readonly text: string; readonly test: (s: string) => boolean }
  | { readonly kind: 'regex'; readonly text: string; readonly re: RegExp };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `s` is a number as the filter pattern syntax writes one (sign, decimals, exponent). */
export const isNumberText = (s: string): boolean => NUMBER.test(s);

/**
 * The documented wildcard: `*` matches any text at the start or the end of the value
 * (`*Event`, `Event*`, `*Event*`, `*`); a `*` in the middle is the character itself.
 */
export function wildcardTest(text: string): (s: string) => boolean {
  if (text === '*') return () => true;
  const leading = text.startsWith('*');
  const trailing = text.length > 1 && text.endsWith('*');
  const core = text.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (s) => s.includes(core);
  if (leading) return (s) => s.endsWith(core);
  if (trailing) return (s) => s.startsWith(core);
  return (s) => s === core;
}

/**
 * The literal text every matching value contains, for a cheap substring pre-check of raw
 * messages; undefined when there is none worth checking.
 */
export function requiredText(value: Value): string | undefined {
  if (value.kind !== 'string') return undefined;
  let core = value.text;
  if (core.startsWith('*')) core = core.slice(1);
  if (core.endsWith('*')) core = core.slice(0, -1);
  // A number field compares by its text, which only holds these characters.
  return /[^0-9.eE+-]/.test(core) ? core : undefined;
}

export function compareNumbers(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    default:
      return a !== b;
  }
}
