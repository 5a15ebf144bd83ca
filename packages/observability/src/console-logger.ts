import { ObservabilityConfigError } from './errors.js';
import { isLogLevelName, severityOf } from './levels.js';
import { createRedactor, type RedactOptions, type Redactor } from './redact.js';
import type { Fields, Logger, LogLevelName } from './types.js';

export interface ConsoleLoggerOptions {
  /** The least severe level written; `'silent'` writes nothing. Default `'info'`. */
  level?: LogLevelName | 'silent';
  /** Receives each record as one line of JSON, without a newline. Default: stderr, one per line. */
  write?: (line: string) => void;
  /** Milliseconds since the epoch, for `time`. Default `Date.now`. */
  clock?: () => number;
  /** Fields every record carries (a record's own fields win on a clash). */
  fields?: Fields;
  /** Keys to redact besides `DEFAULT_REDACT_KEYS`. */
  redactKeys?: readonly (string | RegExp)[];
  /** Full control of redaction; `redactKeys` is added to its `keys`. */
  redact?: RedactOptions;
}

const RESERVED = new Set(['time', 'level', 'msg']);

const writeToStderr = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * A logger that writes one JSON object per record, `{"time":ISO,"level","msg",...fields}`, with
 * secrets redacted (see `redactFields`). A field named `time`, `level` or `msg` is written as
 * `field.time` and so on. Writing never throws: a failing `write` drops the record.
 */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (level !== 'silent' && !isLogLevelName(level)) {
    throw new ObservabilityConfigError(
      'level',
      level,
      '"debug", "info", "warn", "error" or "silent"',
    );
  }
  const write = options.write ?? writeToStderr;
  if (typeof write !== 'function') throw new ObservabilityConfigError('write', write, 'a function');
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') throw new ObservabilityConfigError('clock', clock, 'a function');
  if (options.redactKeys !== undefined && !Array.isArray(options.redactKeys)) {
    throw new ObservabilityConfigError('redactKeys', options.redactKeys, 'an array');
  }
  if (options.redact?.keys !== undefined && !Array.isArray(options.redact.keys)) {
    throw new ObservabilityConfigError('redact.keys', options.redact.keys, 'an array');
  }
  const redactor = createRedactor({
    ...options.redact,
    keys: [...(options.redact?.keys ?? []), ...(options.redactKeys ?? [])],
  });
  const sink: Sink = { threshold: severityOf(level), write, clock, redactor };
  return new ConsoleLogger(sink, redactor.redact(options.fields));
}

interface Sink {
  threshold: number;
  write: (line: string) => void;
  clock: () => number;
  redactor: Redactor;
}

class ConsoleLogger implements Logger {
  readonly #sink: Sink;
  readonly #base: Fields;

  constructor(sink: Sink, base: Fields) {
    this.#sink = sink;
    this.#base = base;
  }

  debug(msg: string, fields?: Fields): void {
    this.#log('debug', msg, fields);
  }

  info(msg: string, fields?: Fields): void {
    this.#log('info', msg, fields);
  }

  warn(msg: string, fields?: Fields): void {
    this.#log('warn', msg, fields);
  }

  error(msg: string, fields?: Fields): void {
    this.#log('error', msg, fields);
  }

  child(fields: Fields): Logger {
    return new ConsoleLogger(this.#sink, { ...this.#base, ...this.#sink.redactor.redact(fields) });
  }

  isLevelEnabled(level: LogLevelName): boolean {
    return severityOf(level) >= this.#sink.threshold;
  }

  #log(level: LogLevelName, msg: string, fields: Fields | undefined): void {
    const sink = this.#sink;
    if (severityOf(level) < sink.threshold) return;
    try {
      const record: Fields = {
        time: isoTime(sink.clock()),
        level,
        msg: sink.redactor.scrub(String(msg)),
      };
      const own = fields === undefined ? undefined : sink.redactor.redact(fields);
      copyFields(record, this.#base, own);
      copyFields(record, own, undefined);
      sink.write(JSON.stringify(record));
    } catch {
      // A logger must never break its caller (a closed stream, a throwing clock or writer).
    }
  }
}

function copyFields(
  record: Fields,
  from: Fields | undefined,
  overriddenBy: Fields | undefined,
): void {
  if (!from) return;
  for (const key of Object.keys(from)) {
    if (overriddenBy && Object.hasOwn(overriddenBy, key)) continue;
    const target = RESERVED.has(key) ? `field.${key}` : key;
    if (target === '__proto__') {
      Object.defineProperty(record, target, {
        value: from[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      record[target] = from[key];
    }
  }
}

function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
