import { AsyncLocalStorage } from 'node:async_hooks';

/** The IDs that tie one request's events together across services. */
export interface Correlation {
  traceId?: string;
  requestId?: string;
  spanId?: string;
  service?: string;
}

const storage = new AsyncLocalStorage<Correlation>();

/**
 * Copies the IDs `source` sets into `target`: an ID given as undefined does not hide an outer
 * one. Plain assignments rather than a spread: the result is read on every event, and V8 builds
 * spread objects in a shape that is slower to create and read.
 */
function mergeDefined(target: Correlation, source: Correlation | undefined): Correlation {
  if (source === undefined) return target;
  if (source.traceId !== undefined) target.traceId = source.traceId;
  if (source.requestId !== undefined) target.requestId = source.requestId;
  if (source.spanId !== undefined) target.spanId = source.spanId;
  if (source.service !== undefined) target.service = source.service;
  return target;
}

/**
 * Runs `fn` with `correlation` in scope for everything it calls, synchronously or across
 * awaits; nested calls add to (and override) the outer scope. Every structured event written
 * inside that carries no IDs of its own gets these.
 */
export function runWithCorrelation<T>(correlation: Correlation, fn: () => T): T {
  const outer = storage.getStore();
  return storage.run(mergeDefined(mergeDefined({}, outer), correlation), fn);
}

/**
 * The correlation in scope: the innermost `runWithCorrelation`, else the active OpenTelemetry
 * span's trace and span IDs when `@opentelemetry/api` is in use, else undefined.
 */
export function getCorrelation(): Correlation | undefined {
  const scoped = storage.getStore();
  if (scoped?.traceId !== undefined) return scoped;
  const otel = openTelemetryCorrelation();
  return otel === undefined ? scoped : mergeDefined(otel, scoped);
}

// @opentelemetry/api keeps its registered context manager on this global (API v1), and the
// active span under this context key; reading them needs no import of the package.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const INVALID_TRACE = '00000000000000000000000000000000';

interface OtelGlobal {
  context?: { active(): { getValue(key: symbol): unknown } };
}

function openTelemetryCorrelation(): Correlation | undefined {
  const api = (globalThis as Record<symbol, OtelGlobal | undefined>)[OTEL_GLOBAL];
  const manager = api?.context;
  if (manager === undefined) return undefined;
  try {
    const span = manager.active().getValue(SPAN_KEY) as
      | { spanContext?: () => { traceId: string; spanId: string } }
      | undefined;
    const ids = span?.spanContext?.();
    if (ids === undefined || ids.traceId === INVALID_TRACE) return undefined;
    return { traceId: ids.traceId, spanId: ids.spanId };
  } catch {
    return undefined;
  }
}
