import { instantOf, MONTHS, utc, WEEKDAYS, wallClock } from './calendar.js';

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

function offsetText(offset: number, colon: boolean): string {
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(minutes / 60), 2)}${colon ? ':' : ''}${pad(minutes % 60, 2)}`;
}

/**
 * `formatDate(timestamp, format[, timezone])`: strftime directives (`%Y-%m-%d %H:%M:%S`, `%b`,
 * `%A`, `%j`, `%z`, `%s`, `%f`, `%L` …) on the wall clock of the zone, UTC by default.
 * Undefined for an unknown zone or an instant out of range; unknown directives stay as written.
 */
export function strftime(t: number, format: string, timeZone?: string): string | undefined {
  const w = wallClock(t, timeZone);
  if (w === undefined) return undefined;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const d = format[++i]!;
    switch (d) {
      case 'Y':
        out += pad(w.year, 4);
        break;
      case 'y':
        out += pad(((w.year % 100) + 100) % 100, 2);
        break;
      case 'C':
        out += pad(Math.floor(w.year / 100), 2);
        break;
      case 'm':
        out += pad(w.month, 2);
        break;
      case 'd':
        out += pad(w.day, 2);
        break;
      case 'e':
        out += String(w.day).padStart(2, ' ');
        break;
      case 'H':
        out += pad(w.hour, 2);
        break;
      case 'I':
        out += pad(((w.hour + 11) % 12) + 1, 2);
        break;
      case 'M':
        out += pad(w.minute, 2);
        break;
      case 'S':
        out += pad(w.second, 2);
        break;
      case 'L':
        out += pad(w.millisecond, 3);
        break;
      case 'f':
        out += `${pad(w.millisecond, 3)}000`;
        break;
      case 'p':
        out += w.hour < 12 ? 'AM' : 'PM';
        break;
      case 'j': {
        const start = utc(w.year, 1, 1, 0, 0, 0, 0);
        const today = utc(w.year, w.month, w.day, 0, 0, 0, 0);
        out += pad((today - start) / 86_400_000 + 1, 3);
        break;
      }
      case 'a':
        out += WEEKDAYS[w.weekday]!.slice(0, 3);
        break;
      case 'A':
        out += WEEKDAYS[w.weekday]!;
        break;
      case 'b':
      case 'h':
        out += MONTHS[w.month - 1]!.slice(0, 3);
        break;
      case 'B':
        out += MONTHS[w.month - 1]!;
        break;
      case 'u':
        out += String(w.weekday === 0 ? 7 : w.weekday);
        break;
      case 'w':
        out += String(w.weekday);
        break;
      case 'z':
        out += offsetText(w.offset, false);
        break;
      case 'Z':
        out += w.offset === 0 ? 'UTC' : offsetText(w.offset, true);
        break;
      case 's':
        out += String(Math.floor(t / 1000));
        break;
      case 'F':
        out += `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)}`;
        break;
      case 'T':
        out += `${pad(w.hour, 2)}:${pad(w.minute, 2)}:${pad(w.second, 2)}`;
        break;
      case 'R':
        out += `${pad(w.hour, 2)}:${pad(w.minute, 2)}`;
        break;
      case 'D':
        out += `${pad(w.month, 2)}/${pad(w.day, 2)}/${pad(((w.year % 100) + 100) % 100, 2)}`;
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '%':
        out += '%';
        break;
      default:
        out += `%${d}`;
    }
  }
  return out;
}

/** Stores a matched group; `false` rejects the text. */
type Setter = (fields: ParsedFields, text: string) => boolean | undefined;

interface ParsedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  pm: boolean | undefined;
  offset: number | undefined;
  zone: string | undefined;
}

interface DateParser {
  regex: RegExp;
  setters: Setter[];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function numeric(count: number, set: (f: ParsedFields, n: number) => void): [string, Setter] {
  const source = count === 1 ? '(\\d{1,2})' : `(\\d{${count}})`;
  return [
    source,
    (f, text) => {
      set(f, Number(text));
      return undefined;
    },
  ];
}

const monthIndex = (text: string) =>
  MONTHS.findIndex((m) => m.toLowerCase().startsWith(text.toLowerCase())) + 1;

function parseOffset(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return (text[0] === '-' ? -minutes : minutes) * 60_000;
}

/** One pattern letter run of a Java DateTimeFormatter pattern, as a regex group and its setter. */
function field(letter: string, count: number): [string, Setter] | undefined {
  switch (letter) {
    case 'y':
    case 'u':
      if (count === 2)
        return numeric(2, (f, n) => {
          f.year = 2000 + n;
        });
      return [
        count >= 4 ? '([+-]?\\d{4,9})' : '([+-]?\\d{1,9})',
        (f, text) => {
          f.year = Number(text);
          return undefined;
        },
      ];
    case 'M':
    case 'L':
      if (count <= 2)
        return numeric(count, (f, n) => {
          f.month = n;
        });
      return [
        count === 3 ? '([A-Za-z]{3})' : '([A-Za-z]+)',
        (f, text) => {
          const m = monthIndex(text);
          f.month = m;
          return m > 0 && (count === 3 || MONTHS[m - 1]!.toLowerCase() === text.toLowerCase());
        },
      ];
    case 'd':
      return numeric(count, (f, n) => {
        f.day = n;
      });
    case 'H':
    case 'k':
      return numeric(count, (f, n) => {
        f.hour = n % 24;
      });
    case 'h':
    case 'K':
      return numeric(count, (f, n) => {
        f.hour = n % 12;
      });
    case 'm':
      return numeric(count, (f, n) => {
        f.minute = n;
      });
    case 's':
      return numeric(count, (f, n) => {
        f.second = n;
      });
    case 'S':
      return [
        `(\\d{${count}})`,
        (f, text) => {
          f.millisecond = Number(text.padEnd(3, '0').slice(0, 3));
          return undefined;
        },
      ];
    case 'a':
      return [
        '([AaPp][Mm])',
        (f, text) => {
          f.pm = text.toUpperCase() === 'PM';
          return undefined;
        },
      ];
    case 'E':
      return ['([A-Za-z]+)', () => undefined];
    case 'X':
      return [
        '(Z|[+-]\\d{2}(?::?\\d{2})?)',
        (f, text) => {
          f.offset = parseOffset(text);
          return undefined;
        },
      ];
    case 'x':
    case 'Z':
      return [
        '([+-]\\d{2}(?::?\\d{2})?)',
        (f, text) => {
          f.offset = parseOffset(text);
          return undefined;
        },
      ];
    case 'z':
    case 'V':
      return [
        '([A-Za-z][A-Za-z0-9_/+-]*)',
        (f, text) => {
          f.zone = text;
          return undefined;
        },
      ];
    default:
      return undefined;
  }
}

function compileParser(pattern: string): DateParser | undefined {
  let source = '^';
  const setters: Setter[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      // Quoted literal text; '' is a quote, inside quotes or out.
      if (pattern[i + 1] === "'") {
        source += "'";
        i += 2;
        continue;
      }
      let literal = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) return undefined;
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          literal += "'";
          j += 2;
          continue;
        }
        literal += pattern[j];
        j++;
      }
      source += escapeRegex(literal);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      const f = field(c, j - i);
      if (f === undefined) return undefined;
      source += f[0];
      setters.push(f[1]);
      i = j;
      continue;
    }
    source += escapeRegex(c);
    i++;
  }
  return { regex: new RegExp(`${source}$`, 'i'), setters };
}

const parsers = new Map<string, DateParser | null>();
const PARSER_CACHE_LIMIT = 128;

/**
 * `parseDate(text, pattern[, timezone])`: the instant, epoch milliseconds, that `text` names
 * under a Java DateTimeFormatter pattern (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX`, `dd/MMM/yyyy` …).
 * Fields the pattern leaves out default to the start of the day / year; an offset or zone in
 * the text wins over `timezone`, which defaults to UTC. Undefined when the text does not match.
 */
export function parseJavaDate(
  text: string,
  pattern: string,
  timeZone?: string,
): number | undefined {
  let parser = parsers.get(pattern);
  if (parser === undefined) {
    parser = compileParser(pattern) ?? null;
    if (parsers.size >= PARSER_CACHE_LIMIT) parsers.clear();
    parsers.set(pattern, parser);
  }
  if (parser === null) return undefined;
  const match = parser.regex.exec(text.trim());
  if (match === null) return undefined;
  const f: ParsedFields = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    pm: undefined,
    offset: undefined,
    zone: undefined,
  };
  for (let i = 0; i < parser.setters.length; i++) {
    if (parser.setters[i]!(f, match[i + 1]!) === false) return undefined;
  }
  if (f.pm !== undefined) f.hour = (f.hour % 12) + (f.pm ? 12 : 0);
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) return undefined;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return undefined;
  const wall = utc(f.year, f.month, f.day, f.hour, f.minute, f.second, f.millisecond);
  // 31 February and friends roll over in Date; the service's parser rejects them.
  const check = new Date(wall);
  if (check.getUTCDate() !== f.day || check.getUTCMonth() + 1 !== f.month) return undefined;
  if (f.offset !== undefined) return wall - f.offset;
  return instantOf(wall, f.zone ?? timeZone);
}
