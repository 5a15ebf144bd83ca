/** Structured context attached to a log record. Any value is accepted; see `redactFields`. */
export type Fields = Record<string, unknown>;

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger whose records all carry `fields` (a record's own fields win on a clash). */
  child(fields: Fields): Logger;
  /** Whether a record at `level` would be written; lets callers skip building costly fields. */
  isLevelEnabled?(level: LogLevelName): boolean;
}

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;
export type Tags = Record<string, AttributeValue>;

export interface Metrics {
  /** Adds `value` (default 1) to a monotonic counter; negative values are dropped by OpenTelemetry. */
  counter(name: string, value?: number, tags?: Tags): void;
  /** Records one observation of a distribution, such as a latency in milliseconds. */
  histogram(name: string, value: number, tags?: Tags): void;
  /** Sets the current value of something that goes up and down, such as a queue length. */
  gauge(name: string, value: number, tags?: Tags): void;
}

export type SpanStatus = 'ok' | 'error';

/** What a span describes, as OpenTelemetry's `SpanKind`. */
export type SpanKind = 'internal' | 'client' | 'server' | 'producer' | 'consumer';

/** The W3C trace context identifiers of a span (lower-case hex). */
export interface SpanContextInfo {
  traceId: string;
  spanId: string;
}

export interface Span {
  setAttribute(key: string, value: AttributeValue): Span;
  setAttributes?(attributes: Attributes): Span;
  addEvent?(name: string, attributes?: Attributes): Span;
  /** Records an error on the span; it does not change the status (call `setStatus('error')`). */
  recordException(error: unknown): Span;
  setStatus(status: SpanStatus, message?: string): Span;
  /** Ends the span at `endTime` (milliseconds since the epoch) or now. Later calls are ignored. */
  end(endTime?: number): void;
  spanContext?(): SpanContextInfo | undefined;
}

export interface StartSpanOptions {
  /** Default `'internal'`. */
  kind?: SpanKind;
  /** Milliseconds since the epoch; default now. */
  startTime?: number;
  /**
   * The parent span. Omitted: the active span (see `Tracer.withActiveSpan`), if any.
   * `null`: start a new trace.
   */
  parent?: Span | null;
}

export interface Tracer {
  startSpan(name: string, attributes?: Attributes, options?: StartSpanOptions): Span;
  /**
   * Runs `fn` with `span` as the active span, so spans started inside (by this tracer, or by
   * OpenTelemetry instrumentation when bridged) become its children.
   */
  withActiveSpan?<T>(span: Span, fn: () => T): T;
}

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}
