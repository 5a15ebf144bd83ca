import { invalidPattern } from './errors.js';

/** At most this many `%regex%` in one JSON or space-delimited pattern, as the service allows. */
export const MAX_REGEX_PER_PATTERN = 2;

// The documented subset: letters, digits, the symbols _ # = @ / ; , - : and the operators
// ^ $ ? [ ] { } | \ * + . — no parentheses, no spaces, no multi-byte characters.
const ALLOWED = /^[A-Za-z0-9_#=@/;,\-:^$?[\]{}|\\*+.]$/;
const ESCAPABLE_CLASSES = 'dDsSwW';
const ESCAPABLE_LITERALS = '_#=@/;,-:^$?[]{}|\\*+.%';

/**
 * Compiles the body of a `%…%` regular expression (without the percent signs), refusing what the
 * service refuses. `offset` is where the body starts in `pattern`, for error positions.
 */
export function compileRegex(body: string, pattern: string, offset: number): RegExp {
  if (body.length === 0) {
    throw invalidPattern(pattern, 'a regular expression between % and % must not be empty', offset);
  }
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '(' || ch === ')') {
      throw invalidPattern(
        pattern,
        `parentheses are not supported in regular expressions; use character classes and | instead of subpatterns`,
        offset + i,
      );
    }
    if (!ALLOWED.test(ch)) {
      throw invalidPattern(
        pattern,
        `the character '${ch}' is not supported in regular expressions (allowed: letters, digits, _ # = @ / ; , - : and the operators ^ $ ? [ ] { } | \\ * + .)`,
        offset + i,
      );
    }
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === undefined) {
        throw invalidPattern(pattern, 'a regular expression must not end with \\', offset + i);
      }
      if (next === 'x') {
        if (!/^[0-9A-Fa-f]{2}$/.test(body.slice(i + 2, i + 4))) {
          throw invalidPattern(
            pattern,
            '\\x must be followed by two hexadecimal digits',
            offset + i,
          );
        }
        i += 3;
      } else if (ESCAPABLE_CLASSES.includes(next) || ESCAPABLE_LITERALS.includes(next)) {
        i += 1;
      } else {
        throw invalidPattern(
          pattern,
          `unsupported escape '\\${next}' in regular expression (supported: \\d \\D \\s \\S \\w \\W \\xhh and escaped operators)`,
          offset + i,
        );
      }
    }
  }
  try {
    return new RegExp(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalidPattern(pattern, `invalid regular expression %${body}%: ${detail}`, offset);
  }
}
