import type { InsightsRegex } from './ast.js';

/** Thrown by {@link compileRegex}; the parser turns it into a located QuerySyntaxError. */
export class RegexError extends Error {
  override readonly name = 'RegexError';
}

/**
 * Translates a Logs Insights regular expression (RE2/Java flavoured) to a JavaScript RegExp:
 * inline flag groups such as `(?i)` anywhere outside a character class become flags of the
 * whole expression, and named groups may carry any field name (`(?<@user>…)`, `(?<user.id>…)`),
 * which JavaScript group names cannot, so they are renamed and mapped back.
 */
export function compileRegex(source: string): InsightsRegex {
  let out = '';
  let flags = '';
  const groups: Array<[string, string]> = [];
  let inClass = false;
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i += 1;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const inline = /^\(\?([imsx]+)\)/.exec(source.slice(i));
      if (inline) {
        for (const f of inline[1]!) {
          if (f === 'x') throw new RegexError('The (?x) flag (free spacing) is not supported');
          if (!flags.includes(f)) flags += f;
        }
        i += inline[0].length;
        continue;
      }
      const named = /^\(\?P?<([^>=!][^>]*)>/.exec(source.slice(i));
      if (named) {
        const js = `g${groups.length}`;
        groups.push([js, named[1]!]);
        out += `(?<${js}>`;
        i += named[0].length;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(out, flags);
  } catch (error) {
    throw new RegexError(
      `Invalid regular expression /${source}/: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}`,
    );
  }
  return { source, regex, groups };
}

/** The regular expression of a `parse` glob: `*` captures lazily, a trailing `*` the rest. */
export function globRegex(glob: string): { regex: RegExp; stars: number } {
  const parts = glob.split('*');
  let out = '';
  for (let i = 0; i < parts.length; i += 1) {
    out += parts[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    if (i < parts.length - 1)
      out += i === parts.length - 2 && parts[i + 1] === '' ? '(.*)' : '(.*?)';
  }
  return { regex: new RegExp(out, 's'), stars: parts.length - 1 };
}
