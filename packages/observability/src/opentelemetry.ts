import { cleanAttribute, cleanAttributes, toException } from './attributes.js';
import { ObservabilityConfigError, OpenTelemetryNotInstalledError } from './errors.js';
import { noopLogger } from './noop.js';
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
  SpanStatus,
  StartSpanOptions,
  Tags,
  Tracer,
} from './types.js';

// The parts of @opentelemetry/api the bridge uses, described structurally so this package's
// types never require @opentelemetry/api to be installed. The real module satisfies them.

export interface OtelSpanLike {
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Attributes): unknown;
  addEvent(name: string, attributes?: Attributes): unknown;
  recordException(exception: { name: string; message: string; stack?: string }): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(endTime?: number): void;
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
}

export interface OtelTracerLike {
  startSpan(
    name: string,
    options?: { attributes?: Attributes; kind?: number; startTime?: number },
    context?: unknown,
  ): OtelSpanLike;
}

export interface OtelTracerProviderLike {
  getTracer(name: string, version?: string): OtelTracerLike;
}

export interface OtelInstrumentOptions {
  description?: string;
  unit?: string;
  advice?: { explicitBucketBoundaries?: number[] };
}

export interface OtelMeterLike {
  createCounter(
    name: string,
    options?: OtelInstrumentOptions,
  ): {
    add(value: number, attributes?: Attributes): void;
  };
  createHistogram(
    name: string,
    options?: OtelInstrumentOptions,
  ): {
    record(value: number, attributes?: Attributes): void;
  };
  /** Synchronous gauges arrived in @opentelemetry/api 1.9; without one an observable gauge is used. */
  createGauge?(
    name: string,
    options?: OtelInstrumentOptions,
  ): {
    record(value: number, attributes?: Attributes): void;
  };
  createObservableGauge(
    name: string,
    options?: OtelInstrumentOptions,
  ): {
    addCallback(
      callback: (result: { observe(value: number, attributes?: Attributes): void }) => void,
    ): void;
  };
}

export interface OtelMeterProviderLike {
  getMeter(name: string, version?: string): OtelMeterLike;
}

/** The shape of `@opentelemetry/api` the bridge needs; pass `import * as api from '@opentelemetry/api'`. */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): OtelTracerLike;
    getActiveSpan(): OtelSpanLike | undefined;
    setSpan(context: unknown, span: OtelSpanLike): unknown;
  };
  metrics: {
    getMeterProvider(): OtelMeterProviderLike;
  };
  context: {
    active(): unknown;
    with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
      context: unknown,
      fn: F,
      thisArg?: ThisParameterType<F>,
      ...args: A
    ): ReturnType<F>;
  };
  ROOT_CONTEXT: unknown;
}

export interface InstrumentDescription {
  description?: string;
  unit?: string;
  /** Histogram bucket boundaries (ascending), as OpenTelemetry's `explicitBucketBoundaries` advice. */
  boundaries?: number[];
}

export interface OpenTelemetryObservabilityOptions {
  /** The `@opentelemetry/api` module. Default: loaded with `import()` on first use. */
  api?: OpenTelemetryApi;
  /** The instrumentation scope name of the tracer. Default `'@integrations/observability'`. */
  tracerName?: string;
  /** The instrumentation scope name of the meter. Default: `tracerName`. */
  meterName?: string;
  /** The instrumentation scope version of both. */
  version?: string;
  /** A tracer provider to use instead of the global one. */
  tracerProvider?: OtelTracerProviderLike;
  /**
   * A meter provider to use instead of the global one. Without it the global provider is looked up
   * on each record, so a provider registered after the bridge was created still receives metrics.
   */
  meterProvider?: OtelMeterProviderLike;
  /** Where log records go (OpenTelemetry's logs API is not bridged). Default: the no-op logger. */
  logger?: Logger;
  /**
   * Whether log records made while an OpenTelemetry span is active carry its `trace_id` and
   * `span_id`. Default true.
   */
  logCorrelation?: boolean;
  /** Descriptions, units and histogram buckets by instrument name. */
  instruments?: Record<string, InstrumentDescription>;
  /** Redaction of span attributes, metric tags and exception texts; `false` turns it off. */
  redact?: RedactOptions | false;
}

const OTEL_API = '@opentelemetry/api';
const DEFAULT_SCOPE = '@integrations/observability';
const SPAN_KIND: Readonly<Record<SpanKind, number>> = {
  internal: 0,
  server: 1,
  client: 2,
  producer: 3,
  consumer: 4,
};
const STATUS_OK = 1;
const STATUS_ERROR = 2;
const INVALID_TRACE_ID = '00000000000000000000000000000000';

/**
 * An `Observability` whose spans and metrics flow into the application's OpenTelemetry setup.
 * Loads `@opentelemetry/api` (an optional peer dependency) with `import()` unless `api` is passed;
 * rejects with `OpenTelemetryNotInstalledError` when it is not installed.
 */
export async function createOpenTelemetryObservability(
  options: OpenTelemetryObservabilityOptions = {},
): Promise<Observability> {
  const api = options.api ?? (await loadOpenTelemetryApi());
  return createOpenTelemetryObservabilitySync({ ...options, api });
}

/** The same as `createOpenTelemetryObservability`, for a caller that already holds the api module. */
export function createOpenTelemetryObservabilitySync(
  options: OpenTelemetryObservabilityOptions & { api: OpenTelemetryApi },
): Observability {
  const { api } = options;
  if (!api || typeof api !== 'object' || !api.trace || !api.metrics || !api.context) {
    throw new ObservabilityConfigError('api', api, 'the @opentelemetry/api module');
  }
  const tracerName = options.tracerName ?? DEFAULT_SCOPE;
  const meterName = options.meterName ?? tracerName;
  for (const [field, value] of [
    ['tracerName', tracerName],
    ['meterName', meterName],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new ObservabilityConfigError(field, value, 'a non-empty string');
    }
  }
  if (options.version !== undefined && typeof options.version !== 'string') {
    throw new ObservabilityConfigError('version', options.version, 'a string');
  }
  const instruments = options.instruments ?? {};
  for (const [name, description] of Object.entries(instruments)) {
    const boundaries = description?.boundaries;
    if (
      boundaries !== undefined &&
      (!Array.isArray(boundaries) ||
        boundaries.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= boundaries[i - 1]!)))
    ) {
      throw new ObservabilityConfigError(
        `instruments.${name}.boundaries`,
        boundaries,
        'finite numbers in strictly ascending order',
      );
    }
  }
  const redactor = options.redact === false ? undefined : createRedactor(options.redact);
  const tracer = options.tracerProvider
    ? options.tracerProvider.getTracer(tracerName, options.version)
    : api.trace.getTracer(tracerName, options.version);
  const logger = options.logger ?? noopLogger;
  return {
    logger: options.logCorrelation === false ? logger : new CorrelatedLogger(logger, api),
    metrics: new OtelMetrics(api, options, meterName, instruments, redactor),
    tracer: new OtelTracer(api, tracer, redactor),
  };
}

async function loadOpenTelemetryApi(): Promise<OpenTelemetryApi> {
  let loaded: unknown;
  try {
    loaded = await import(OTEL_API);
  } catch (error) {
    if (isMissing(error)) throw new OpenTelemetryNotInstalledError({ cause: error });
    throw error;
  }
  const module = loaded as OpenTelemetryApi & { default?: OpenTelemetryApi };
  return module.trace ? module : (module.default as OpenTelemetryApi);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as { message?: unknown } | null)?.message;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${OTEL_API}'`) || message.includes(`"${OTEL_API}"`))
  );
}

class OtelTracer implements Tracer {
  readonly #api: OpenTelemetryApi;
  readonly #tracer: OtelTracerLike;
  readonly #redactor: Redactor | undefined;

  constructor(api: OpenTelemetryApi, tracer: OtelTracerLike, redactor: Redactor | undefined) {
    this.#api = api;
    this.#tracer = tracer;
    this.#redactor = redactor;
  }

  startSpan(name: string, attributes?: Attributes, options: StartSpanOptions = {}): Span {
    const api = this.#api;
    let context: unknown;
    if (options.parent === null) context = api.ROOT_CONTEXT;
    else if (options.parent instanceof OtelSpan) {
      context = api.trace.setSpan(api.context.active(), options.parent.otelSpan);
    }
    const spanOptions: { attributes: Attributes; kind: number; startTime?: number } = {
      attributes: cleanAttributes(attributes, this.#redactor),
      kind: SPAN_KIND[options.kind ?? 'internal'] ?? 0,
    };
    if (options.startTime !== undefined) spanOptions.startTime = options.startTime;
    const otelSpan = this.#tracer.startSpan(name, spanOptions, context);
    return new OtelSpan(otelSpan, this.#redactor);
  }

  withActiveSpan<T>(span: Span, fn: () => T): T {
    if (!(span instanceof OtelSpan)) return fn();
    const api = this.#api;
    return api.context.with(api.trace.setSpan(api.context.active(), span.otelSpan), fn);
  }
}

class OtelSpan implements Span {
  readonly otelSpan: OtelSpanLike;
  readonly #redactor: Redactor | undefined;
  #ended = false;

  constructor(otelSpan: OtelSpanLike, redactor: Redactor | undefined) {
    this.otelSpan = otelSpan;
    this.#redactor = redactor;
  }

  setAttribute(key: string, value: AttributeValue): Span {
    if (!this.#ended) {
      const clean = cleanAttribute(key, value, this.#redactor);
      if (clean !== undefined) this.otelSpan.setAttribute(key, clean);
    }
    return this;
  }

  setAttributes(attributes: Attributes): Span {
    if (!this.#ended) this.otelSpan.setAttributes(cleanAttributes(attributes, this.#redactor));
    return this;
  }

  addEvent(name: string, attributes?: Attributes): Span {
    if (!this.#ended) this.otelSpan.addEvent(name, cleanAttributes(attributes, this.#redactor));
    return this;
  }

  recordException(error: unknown): Span {
    if (!this.#ended) this.otelSpan.recordException(toException(error, this.#redactor));
    return this;
  }

  setStatus(status: SpanStatus, message?: string): Span {
    if (this.#ended) return this;
    if (status === 'ok') this.otelSpan.setStatus({ code: STATUS_OK });
    else {
      const scrubbed =
        message === undefined
          ? undefined
          : this.#redactor
            ? this.#redactor.scrub(message)
            : message;
      this.otelSpan.setStatus(
        scrubbed === undefined ? { code: STATUS_ERROR } : { code: STATUS_ERROR, message: scrubbed },
      );
    }
    return this;
  }

  end(endTime?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.otelSpan.end(endTime);
  }

  spanContext(): SpanContextInfo | undefined {
    const { traceId, spanId } = this.otelSpan.spanContext();
    return traceId === INVALID_TRACE_ID ? undefined : { traceId, spanId };
  }
}

type Counter = ReturnType<OtelMeterLike['createCounter']>;
type Recorder = { record(value: number, attributes?: Attributes): void };

class OtelMetrics implements Metrics {
  readonly #api: OpenTelemetryApi;
  readonly #fixedProvider: OtelMeterProviderLike | undefined;
  readonly #meterName: string;
  readonly #version: string | undefined;
  readonly #instruments: Record<string, InstrumentDescription>;
  readonly #redactor: Redactor | undefined;
  #provider: OtelMeterProviderLike | undefined;
  #meter: OtelMeterLike | undefined;
  readonly #counters = new Map<string, Counter>();
  readonly #histograms = new Map<string, Recorder>();
  readonly #gauges = new Map<string, Recorder>();

  constructor(
    api: OpenTelemetryApi,
    options: OpenTelemetryObservabilityOptions,
    meterName: string,
    instruments: Record<string, InstrumentDescription>,
    redactor: Redactor | undefined,
  ) {
    this.#api = api;
    this.#fixedProvider = options.meterProvider;
    this.#meterName = meterName;
    this.#version = options.version;
    this.#instruments = instruments;
    this.#redactor = redactor;
  }

  counter(name: string, value = 1, tags?: Tags): void {
    const meter = this.#currentMeter();
    let counter = this.#counters.get(name);
    if (!counter) {
      counter = meter.createCounter(name, this.#describe(name, false));
      this.#counters.set(name, counter);
    }
    counter.add(value, cleanAttributes(tags, this.#redactor));
  }

  histogram(name: string, value: number, tags?: Tags): void {
    const meter = this.#currentMeter();
    let histogram = this.#histograms.get(name);
    if (!histogram) {
      histogram = meter.createHistogram(name, this.#describe(name, true));
      this.#histograms.set(name, histogram);
    }
    histogram.record(value, cleanAttributes(tags, this.#redactor));
  }

  gauge(name: string, value: number, tags?: Tags): void {
    const meter = this.#currentMeter();
    let gauge = this.#gauges.get(name);
    if (!gauge) {
      gauge = meter.createGauge
        ? meter.createGauge(name, this.#describe(name, false))
        : observableGauge(meter, name, this.#describe(name, false));
      this.#gauges.set(name, gauge);
    }
    gauge.record(value, cleanAttributes(tags, this.#redactor));
  }

  /** The meter of the current provider; instruments are re-created when the provider changed. */
  #currentMeter(): OtelMeterLike {
    const provider = this.#fixedProvider ?? this.#api.metrics.getMeterProvider();
    if (provider !== this.#provider || !this.#meter) {
      this.#provider = provider;
      this.#meter = provider.getMeter(this.#meterName, this.#version);
      this.#counters.clear();
      this.#histograms.clear();
      this.#gauges.clear();
    }
    return this.#meter;
  }

  #describe(name: string, histogram: boolean): OtelInstrumentOptions | undefined {
    const description = this.#instruments[name];
    if (!description) return undefined;
    const options: OtelInstrumentOptions = {};
    if (description.description !== undefined) options.description = description.description;
    if (description.unit !== undefined) options.unit = description.unit;
    if (histogram && description.boundaries) {
      options.advice = { explicitBucketBoundaries: [...description.boundaries] };
    }
    return options;
  }
}

/** A gauge for meters without synchronous gauges: reports the latest value per tag set. */
function observableGauge(
  meter: OtelMeterLike,
  name: string,
  options: OtelInstrumentOptions | undefined,
): Recorder {
  const latest = new Map<string, { value: number; attributes: Attributes }>();
  meter.createObservableGauge(name, options).addCallback((result) => {
    for (const { value, attributes } of latest.values()) result.observe(value, attributes);
  });
  return {
    record(value, attributes = {}) {
      latest.set(attributesKey(attributes), { value, attributes });
    },
  };
}

function attributesKey(attributes: Attributes): string {
  return JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((key) => [key, attributes[key]]),
  );
}

class CorrelatedLogger implements Logger {
  readonly #logger: Logger;
  readonly #api: OpenTelemetryApi;

  constructor(logger: Logger, api: OpenTelemetryApi) {
    this.#logger = logger;
    this.#api = api;
  }

  debug(msg: string, fields?: Fields): void {
    this.#logger.debug(msg, this.#correlate(fields));
  }

  info(msg: string, fields?: Fields): void {
    this.#logger.info(msg, this.#correlate(fields));
  }

  warn(msg: string, fields?: Fields): void {
    this.#logger.warn(msg, this.#correlate(fields));
  }

  error(msg: string, fields?: Fields): void {
    this.#logger.error(msg, this.#correlate(fields));
  }

  child(fields: Fields): Logger {
    return new CorrelatedLogger(this.#logger.child(fields), this.#api);
  }

  isLevelEnabled(level: LogLevelName): boolean {
    return this.#logger.isLevelEnabled ? this.#logger.isLevelEnabled(level) : true;
  }

  #correlate(fields: Fields | undefined): Fields | undefined {
    const span = this.#api.trace.getActiveSpan();
    if (!span) return fields;
    const { traceId, spanId } = span.spanContext();
    if (traceId === INVALID_TRACE_ID) return fields;
    return { trace_id: traceId, span_id: spanId, ...fields };
  }
}
