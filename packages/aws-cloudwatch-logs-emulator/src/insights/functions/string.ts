import type { ScalarFunction, Value } from '../value.js';
import { bit, define, toNumber, toText, VARIADIC } from './coerce.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Length in Unicode code points, as `strlen` documents. */
function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** `substr` counts code points from 0; a negative start counts as 0, a negative length as 0. */
function substring(s: string, start: number, length: number | undefined): string {
  const from = Math.max(0, Math.trunc(start));
  const count = length === undefined ? undefined : Math.max(0, Math.trunc(length));
  if (!SURROGATE.test(s)) {
    return count === undefined ? s.slice(from) : s.slice(from, from + count);
  }
  const points = Array.from(s);
  return (count === undefined ? points.slice(from) : points.slice(from, from + count)).join('');
}

type TrimSide = 'left' | 'right' | 'both';

/**
 * With one argument, white space goes; with a second, its characters (a set, not a prefix)
 * go instead and white space stays: `trim("xyZxyfooxyxyZ", "xyZ")` is `"foo"`.
 */
function trimmer(name: string, side: TrimSide): ScalarFunction {
  return define(name, 1, 2, 'string', (args) => {
    const s = toText(args[0]);
    if (s === undefined) return undefined;
    if (args.length < 2) {
      return side === 'left' ? s.trimStart() : side === 'right' ? s.trimEnd() : s.trim();
    }
    const chars = toText(args[1]);
    if (chars === undefined) return undefined;
    const set = new Set(Array.from(chars));
    const points = Array.from(s);
    let start = 0;
    let end = points.length;
    if (side !== 'right') while (start < end && set.has(points[start]!)) start++;
    if (side !== 'left') while (end > start && set.has(points[end - 1]!)) end--;
    return points.slice(start, end).join('');
  });
}

/** `strcontains`, `startsWith`, `endsWith`: 1 or 0 as documented, absent when `str` is absent. */
function stringTest(
  name: string,
  maxArgs: number,
  test: (s: string, search: string) => boolean,
): ScalarFunction {
  return define(name, 2, maxArgs, 'number', (args) => {
    let s = toText(args[0]);
    let search = toText(args[1]);
    if (s === undefined || search === undefined) return undefined;
    if (args[2] === true || args[2] === 1 || args[2] === 'true') {
      s = s.toLowerCase();
      search = search.toLowerCase();
    }
    return bit(test(s, search));
  });
}

const regexCache = new Map<string, RegExp | null>();
const REGEX_CACHE_LIMIT = 256;

/** Compiled global patterns, cached because a query applies one pattern to every record. */
function globalRegex(pattern: string): RegExp | undefined {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'g');
    } catch {
      re = null;
    }
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re ?? undefined;
}

const HEX = /^\s*(-)?(?:0[xX])?([0-9a-fA-F]+)\s*$/;

function isEmptyText(value: Value): boolean {
  return value === undefined || value === '';
}

export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  // `isempty`/`isblank` answer 1 or 0 (documented result type: number).
  define('isempty', 1, 1, 'number', (args) => bit(isEmptyText(args[0]))),
  define('isblank', 1, 1, 'number', (args) => {
    const v = args[0];
    return bit(v === undefined || (typeof v === 'string' && v.trim() === ''));
  }),
  // Absent arguments contribute nothing; with every argument absent the result is absent.
  define('concat', 1, VARIADIC, 'string', (args) => {
    let out: string | undefined;
    for (const a of args) {
      const s = toText(a);
      if (s !== undefined) out = out === undefined ? s : out + s;
    }
    return out;
  }),
  trimmer('ltrim', 'left'),
  trimmer('rtrim', 'right'),
  trimmer('trim', 'both'),
  define('strlen', 1, 1, 'number', (args) => {
    const s = toText(args[0]);
    return s === undefined ? undefined : codePointLength(s);
  }),
  define('toupper', 1, 1, 'string', (args) => toText(args[0])?.toUpperCase()),
  define('tolower', 1, 1, 'string', (args) => toText(args[0])?.toLowerCase()),
  define('substr', 2, 3, 'string', (args) => {
    const s = toText(args[0]);
    const start = toNumber(args[1]);
    if (s === undefined || start === undefined) return undefined;
    if (args.length < 3) return substring(s, start, undefined);
    const length = toNumber(args[2]);
    return length === undefined ? undefined : substring(s, start, length);
  }),
  // Literal: `searchValue` is not a pattern and `$` in `replaceValue` is not special.
  define('replace', 3, 3, 'string', (args) => {
    const s = toText(args[0]);
    const search = toText(args[1]);
    const replacement = toText(args[2]);
    if (s === undefined || search === undefined || replacement === undefined) return undefined;
    return s.replaceAll(search, () => replacement);
  }),
  define('regexReplace', 3, 3, 'string', (args) => {
    const s = toText(args[0]);
    const pattern = toText(args[1]);
    const replacement = toText(args[2]);
    if (s === undefined || pattern === undefined || replacement === undefined) return undefined;
    const re = globalRegex(pattern);
    if (re === undefined) return undefined;
    re.lastIndex = 0;
    return s.replace(re, replacement);
  }),
  stringTest('strcontains', 3, (s, search) => s.includes(search)),
  stringTest('startsWith', 2, (s, search) => s.startsWith(search)),
  stringTest('endsWith', 2, (s, search) => s.endsWith(search)),
  define('urlencode', 1, 1, 'string', (args) => {
    const s = toText(args[0]);
    return s === undefined ? undefined : encodeURIComponent(s);
  }),
  define('urldecode', 1, 1, 'string', (args) => {
    const s = toText(args[0]);
    if (s === undefined) return undefined;
    try {
      return decodeURIComponent(s.replaceAll('+', ' '));
    } catch {
      return undefined;
    }
  }),
  define('base64encode', 1, 1, 'string', (args) => {
    const s = toText(args[0]);
    return s === undefined ? undefined : Buffer.from(s, 'utf8').toString('base64');
  }),
  define('base64decode', 1, 1, 'string', (args) => {
    const s = toText(args[0]);
    if (s === undefined || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(s.trim())) return undefined;
    return Buffer.from(s.trim(), 'base64').toString('utf8');
  }),
  define('hexToAscii', 1, 1, 'string', (args) => {
    const s = toText(args[0])
      ?.trim()
      .replace(/^0[xX]/, '');
    if (s === undefined || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
    return Buffer.from(s, 'hex').toString('latin1');
  }),
  define('hexToDec', 1, 1, 'number', (args) => {
    const s = toText(args[0]);
    const m = s === undefined ? null : HEX.exec(s);
    if (m === null) return undefined;
    const n = Number.parseInt(m[2]!, 16);
    return m[1] === '-' ? -n : n;
  }),
  // Lower-case hex with a `0x` prefix, `-0x` for negatives; fractions are truncated.
  define('decToHex', 1, 1, 'string', (args) => {
    const n = toNumber(args[0]);
    if (n === undefined || !Number.isFinite(n)) return undefined;
    const t = Math.trunc(n);
    return t < 0 ? `-0x${(-t).toString(16)}` : `0x${t.toString(16)}`;
  }),
];
