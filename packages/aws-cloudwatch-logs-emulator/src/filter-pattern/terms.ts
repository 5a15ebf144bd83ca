import { invalidPattern } from './errors.js';

/** An unstructured-text pattern: terms that must, may or must not appear (case-sensitive). */
export interface TermsPattern {
  /** Every one must appear. */
  readonly required: readonly string[];
  /** `?term`: when there are no required terms, at least one must appear. */
  readonly optional: readonly string[];
  /** `-term`: none may appear. */
  readonly excluded: readonly string[];
}

// Unquoted terms: letters, digits and _ as documented, plus - . : / which are common in log
// words; anything else (such as @, quotes or brackets) must be quoted.
const BARE = /^[\p{L}\p{N}_\-.:/]+$/u;
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Parses `ERROR "exact phrase" ?maybe -never`. A quoted term that is only spaces (`" "`) matches
 * every event, as documented; an empty one (`""`) is refused as the service refuses it.
 */
export function parseTerms(pattern: string): TermsPattern {
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    while (i < n && isSpace(pattern[i])) i++;
    if (i >= n) break;
    const tokenStart = i;
    let kind: 'required' | 'optional' | 'excluded' = 'required';
    if (pattern[i] === '?' || pattern[i] === '-') {
      kind = pattern[i] === '?' ? 'optional' : 'excluded';
      i++;
      if (kind === 'excluded' && (i >= n || isSpace(pattern[i]))) {
        // `"ERROR" - "Exiting"`: a lone minus excludes the term after it.
        while (i < n && isSpace(pattern[i])) i++;
        if (i >= n)
          throw invalidPattern(pattern, "'-' must be followed by the term to exclude", tokenStart);
      }
    }
    let term: string;
    let matchesAll = false;
    if (pattern[i] === '"') {
      const open = i;
      term = '';
      i++;
      for (;;) {
        if (i >= n)
          throw invalidPattern(
            pattern,
            `the double quote at position ${open} is never closed`,
            open,
          );
        const ch = pattern[i]!;
        if (ch === '"') break;
        if (ch === '\\' && (pattern[i + 1] === '"' || pattern[i + 1] === '\\')) {
          term += pattern[i + 1];
          i += 2;
          continue;
        }
        term += ch;
        i++;
      }
      i++;
      if (i < n && !isSpace(pattern[i])) {
        throw invalidPattern(
          pattern,
          `expected a space after the quoted term ending at position ${i - 1}`,
          i,
        );
      }
      if (term.length === 0) {
        throw invalidPattern(pattern, `Invalid character(s) in term '""'`, open);
      }
      matchesAll = term.trim().length === 0;
    } else {
      const start = i;
      while (i < n && !isSpace(pattern[i])) i++;
      term = pattern.slice(start, i);
      if (term.length === 0 || !BARE.test(term)) {
        throw invalidPattern(
          pattern,
          `Invalid character(s) in term '${pattern.slice(tokenStart, i)}'; enclose terms with characters other than letters, digits and _ in double quotes, for example "${term.replaceAll('"', '\\"')}"`,
          tokenStart,
        );
      }
    }
    if (matchesAll) {
      // `" "` is the documented way to match everything; as `?" "` or `-" "` it means the same
      // (or, excluded, nothing), so treat it as a term every event has.
      if (kind === 'excluded') excluded.push('');
      continue;
    }
    (kind === 'required' ? required : kind === 'optional' ? optional : excluded).push(term);
  }
  return { required, optional, excluded };
}

export function termsMatcher(p: TermsPattern): (message: string) => boolean {
  const { required, excluded } = p;
  // With any required term, the service ignores the ?-terms.
  const optional = required.length > 0 ? [] : p.optional;
  if (required.length === 1 && optional.length === 0 && excluded.length === 0) {
    const only = required[0]!;
    return (m) => m.includes(only);
  }
  return (m) => {
    for (let k = 0; k < required.length; k++) if (!m.includes(required[k]!)) return false;
    for (let k = 0; k < excluded.length; k++) if (m.includes(excluded[k]!)) return false;
    if (optional.length === 0) return true;
    for (let k = 0; k < optional.length; k++) if (m.includes(optional[k]!)) return true;
    return false;
  };
}
