import { AsyncLocalStorage } from 'node:async_hooks';
import {
  cleanAttribute,
  cleanAttributes,
  type RecordedException,
  toException,
} from './attributes.js';
import { ObservabilityConfigError } from './errors.js';
import { isLogLevelName, severityOf } from './levels.js';
import { createRedactor, type RedactOptions, type Redactor } from './redact.js';
import type {
  Attributes,
  AttributeValue,
  Fields,
  Logger,
  LogLevelName,
  Metrics,
  Observability,
  Span,
  SpanContextInfo,
  SpanKind,
  StartSpanOptions,
  Tags,
  Tracer,
} from './types.js';

export interface LogRecord {
  level: LogLevelName;
  msg: string;
  /** The child loggers' fields and the record's own, redacted as a console logger writes them. */
  fields: Fields;
  time: number;
}

export type MetricKind = 'counter' | 'histogram' | 'gauge';

export interface MetricRecord {
  kind: MetricKind;
  name: string;
  value: number;
  tags: Tags;
  time: number;
}

export interface RecordedSpanEvent {
  name: string;
  attributes: Attributes;
  time: number;
}

export type { RecordedException };

export interface RecordedSpan {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  attributes: Attributes;
  events: RecordedSpanEvent[];
  exceptions: RecordedException[];
  status: { code: 'unset' | SpanStatusCode; message?: string };
  startTime: number;
  endTime: number | undefined;
  ended: boolean;
}

type SpanStatusCode = 'ok' | 'error';

export interface InMemoryObservabilityOptions {
  /** Milliseconds since the epoch for record times and span times. Default `Date.now`. */
  clock?: () => number;
  /** The least severe level recorded. Default `'debug'` (everything). */
  level?: LogLevelName;
  /** Fields every log record carries. */
  fields?: Fields;
  /**
   * Redaction of log fields, span attributes and metric tags, as the real implementations do.
   * `false` records values as given. Default: the default redaction.
   */
  redact?: RedactOptions | false;
}

/** An `Observability` that keeps everything in arrays for tests to assert against. */
export interface InMemoryObservability extends Observability {
  /** Log records, oldest first. */
  readonly logs: LogRecord[];
  /** Every counter, histogram and gauge call, oldest first. */
  readonly metricRecords: MetricRecord[];
  /** Spans in the order they started; a span is here from its start, `ended` once ended. */
  readonly spans: RecordedSpan[];
  /** Empties the three arrays in place. */
  reset(): void;
  /** Log records at `level`. */
  logsAt(level: LogLevelName): LogRecord[];
  /** The sum of the counter's values over records whose tags include `tags`. */
  counterTotal(name: string, tags?: Tags): number;
  /** The histogram's values, oldest first, over records whose tags include `tags`. */
  histogramValues(name: string, tags?: Tags): number[];
  /** The gauge's latest value over records whose tags include `tags`, or undefined. */
  gaugeValue(name: string, tags?: Tags): number | undefined;
  /** Spans named `name`, in start order. */
  spansNamed(name: string): RecordedSpan[];
}

export function createInMemoryObservability(
  options: InMemoryObservabilityOptions = {},
): InMemoryObservability {
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') throw new ObservabilityConfigError('clock', clock, 'a function');
  const level = options.level ?? 'debug';
  if (!isLogLevelName(level)) {
    throw new ObservabilityConfigError('level', level, '"debug", "info", "warn" or "error"');
  }
  const redactor = options.redact === false ? undefined : createRedactor(options.redact);
  const logs: LogRecord[] = [];
  const metricRecords: MetricRecord[] = [];
  const spans: RecordedSpan[] = [];
  const store: Store = { logs, clock, threshold: severityOf(level), redactor };

  const metric = (kind: MetricKind, name: string, value: number, tags: Tags | undefined) => {
    metricRecords.push({
      kind,
      name,
      value,
      tags: cleanAttributes(tags, redactor),
      time: clock(),
    });
  };
  const metrics: Metrics = {
    counter: (name, value = 1, tags) => metric('counter', name, value, tags),
    histogram: (name, value, tags) => metric('histogram', name, value, tags),
    gauge: (name, value, tags) => metric('gauge', name, value, tags),
  };

  const matching = (kind: MetricKind, name: string, tags: Tags | undefined) =>
    metricRecords.filter(
      (record) => record.kind === kind && record.name === name && includesTags(record.tags, tags),
    );

  return {
    logger: new InMemoryLogger(
      store,
      redactor ? redactor.redact(options.fields) : { ...options.fields },
    ),
    metrics,
    tracer: new InMemoryTracer(spans, clock, redactor),
    logs,
    metricRecords,
    spans,
    reset() {
      logs.length = 0;
      metricRecords.length = 0;
      spans.length = 0;
    },
    logsAt: (wanted) => logs.filter((record) => record.level === wanted),
    counterTotal: (name, tags) =>
      matching('counter', name, tags).reduce((sum, record) => sum + record.value, 0),
    histogramValues: (name, tags) =>
      matching('histogram', name, tags).map((record) => record.value),
    gaugeValue: (name, tags) => matching('gauge', name, tags).at(-1)?.value,
    spansNamed: (name) => spans.filter((span) => span.name === name),
  };
}

interface Store {
  logs: LogRecord[];
  clock: () => number;
  threshold: number;
  redactor: Redactor | undefined;
}

class InMemoryLogger implements Logger {
  readonly #store: Store;
  readonly #base: Fields;

  constructor(store: Store, base: Fields) {
    this.#store = store;
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
    const own = this.#store.redactor ? this.#store.redactor.redact(fields) : fields;
    return new InMemoryLogger(this.#store, { ...this.#base, ...own });
  }

  isLevelEnabled(level: LogLevelName): boolean {
    return severityOf(level) >= this.#store.threshold;
  }

  #log(level: LogLevelName, msg: string, fields: Fields | undefined): void {
    const store = this.#store;
    if (severityOf(level) < store.threshold) return;
    const redactor = store.redactor;
    const own = fields === undefined ? {} : redactor ? redactor.redact(fields) : fields;
    store.logs.push({
      level,
      msg: redactor ? redactor.scrub(String(msg)) : msg,
      fields: { ...this.#base, ...own },
      time: store.clock(),
    });
  }
}

// node:crypto is loaded by the first span rather than at import, where it would cost milliseconds.
const newId = (bytes: number): string =>
  process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');

class InMemoryTracer implements Tracer {
  readonly #spans: RecordedSpan[];
  readonly #clock: () => number;
  readonly #redactor: Redactor | undefined;
  readonly #active = new AsyncLocalStorage<InMemorySpan>();

  constructor(spans: RecordedSpan[], clock: () => number, redactor: Redactor | undefined) {
    this.#spans = spans;
    this.#clock = clock;
    this.#redactor = redactor;
  }

  startSpan(name: string, attributes?: Attributes, options: StartSpanOptions = {}): Span {
    const parent =
      options.parent === undefined
        ? this.#active.getStore()
        : options.parent instanceof InMemorySpan
          ? options.parent
          : undefined;
    const record: RecordedSpan = {
      name,
      kind: options.kind ?? 'internal',
      traceId: parent ? parent.record.traceId : newId(16),
      spanId: newId(8),
      parentSpanId: parent?.record.spanId,
      attributes: cleanAttributes(attributes, this.#redactor),
      events: [],
      exceptions: [],
      status: { code: 'unset' },
      startTime: options.startTime ?? this.#clock(),
      endTime: undefined,
      ended: false,
    };
    this.#spans.push(record);
    return new InMemorySpan(record, this.#clock, this.#redactor);
  }

  withActiveSpan<T>(span: Span, fn: () => T): T {
    return span instanceof InMemorySpan ? this.#active.run(span, fn) : fn();
  }
}

class InMemorySpan implements Span {
  readonly record: RecordedSpan;
  readonly #clock: () => number;
  readonly #redactor: Redactor | undefined;

  constructor(record: RecordedSpan, clock: () => number, redactor: Redactor | undefined) {
    this.record = record;
    this.#clock = clock;
    this.#redactor = redactor;
  }

  setAttribute(key: string, value: AttributeValue): Span {
    if (this.record.ended) return this;
    const clean = cleanAttribute(key, value, this.#redactor);
    if (clean !== undefined) this.record.attributes[key] = clean;
    return this;
  }

  setAttributes(attributes: Attributes): Span {
    if (!this.record.ended)
      Object.assign(this.record.attributes, cleanAttributes(attributes, this.#redactor));
    return this;
  }

  addEvent(name: string, attributes?: Attributes): Span {
    if (!this.record.ended) {
      this.record.events.push({
        name,
        attributes: cleanAttributes(attributes, this.#redactor),
        time: this.#clock(),
      });
    }
    return this;
  }

  recordException(error: unknown): Span {
    if (!this.record.ended) this.record.exceptions.push(toException(error, this.#redactor));
    return this;
  }

  setStatus(status: SpanStatusCode, message?: string): Span {
    if (!this.record.ended) {
      this.record.status =
        status === 'error' && message !== undefined
          ? { code: status, message: this.#redactor ? this.#redactor.scrub(message) : message }
          : { code: status };
    }
    return this;
  }

  end(endTime?: number): void {
    if (this.record.ended) return;
    this.record.ended = true;
    this.record.endTime = endTime ?? this.#clock();
  }

  spanContext(): SpanContextInfo {
    return { traceId: this.record.traceId, spanId: this.record.spanId };
  }
}

function includesTags(tags: Tags, wanted: Tags | undefined): boolean {
  if (!wanted) return true;
  for (const key of Object.keys(wanted)) if (tags[key] !== wanted[key]) return false;
  return true;
}
