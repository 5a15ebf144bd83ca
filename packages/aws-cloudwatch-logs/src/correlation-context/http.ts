import type * as NodeCrypto from 'node:crypto';
import type { Correlation } from './correlation.js';

/** Headers as `node:http` gives them (`request.headers`), or a fetch `Headers`. */
export type HeadersLike =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

export interface CorrelationFromHeadersOptions {
  /** Fill what the headers lack: a W3C trace ID, a span ID for this service, a request ID. Default true. */
  generate?: boolean;
  /** The service name written with every event. */
  service?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const XRAY_ROOT = /(?:^|;)\s*Root=1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})\s*(?:;|$)/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const MAX_REQUEST_ID_LENGTH = 200;

// node:crypto is loaded by the first generated ID rather than at import, where it costs milliseconds.
const crypto = (): typeof NodeCrypto => process.getBuiltinModule('node:crypto');

/** A new W3C trace ID: 32 lowercase hex digits, never all zeros. */
export function generateTraceId(): string {
  for (;;) {
    const id = crypto().randomBytes(16).toString('hex');
    if (id !== ZERO_TRACE) return id;
  }
}

/** A new W3C span (parent) ID: 16 lowercase hex digits, never all zeros. */
export function generateSpanId(): string {
  for (;;) {
    const id = crypto().randomBytes(8).toString('hex');
    if (id !== ZERO_SPAN) return id;
  }
}

/** The trace and parent IDs of a valid W3C `traceparent` header, else undefined. */
export function parseTraceparent(
  value: string | undefined,
): { traceId: string; parentSpanId: string; sampled: boolean } | undefined {
  const match = value === undefined ? null : TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = match;
  // Version ff is invalid; version 00 has no trailing fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || parentSpanId === ZERO_SPAN) return undefined;
  return {
    traceId: traceId!,
    parentSpanId: parentSpanId!,
    sampled: (Number.parseInt(flags!, 16) & 1) === 1,
  };
}

/** A `traceparent` header value for outgoing calls carrying `correlation`'s trace and span. */
export function formatTraceparent(correlation: Correlation, sampled = true): string | undefined {
  const { traceId, spanId } = correlation;
  if (traceId === undefined || spanId === undefined) return undefined;
  if (!/^[0-9a-f]{32}$/.test(traceId) || traceId === ZERO_TRACE) return undefined;
  if (!/^[0-9a-f]{16}$/.test(spanId) || spanId === ZERO_SPAN) return undefined;
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

function header(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The correlation of an incoming request: the trace ID from `traceparent` (W3C), else from
 * `x-amzn-trace-id` (X-Ray's `Root=1-<8 hex>-<24 hex>`, written as the equivalent 32-hex W3C ID,
 * as OpenTelemetry's X-Ray propagator does); the request ID from `x-request-id`. With `generate`
 * (the default), missing IDs are created and this service gets its own span ID.
 */
export function correlationFromHeaders(
  headers: HeadersLike,
  options: CorrelationFromHeadersOptions = {},
): Correlation {
  const generate = options.generate ?? true;
  const out: Correlation = {};
  const parent = parseTraceparent(header(headers, 'traceparent'));
  if (parent) out.traceId = parent.traceId;
  else {
    const xray = XRAY_ROOT.exec(header(headers, 'x-amzn-trace-id') ?? '');
    const id = xray ? `${xray[1]}${xray[2]}`.toLowerCase() : undefined;
    if (id !== undefined && id !== ZERO_TRACE) out.traceId = id;
  }
  const requestId = header(headers, 'x-request-id')?.trim();
  if (requestId) out.requestId = requestId.slice(0, MAX_REQUEST_ID_LENGTH);
  if (generate) {
    out.traceId ??= generateTraceId();
    out.spanId = generateSpanId();
    out.requestId ??= crypto().randomUUID();
  }
  if (options.service !== undefined) out.service = options.service;
  return out;
}

/** `correlationFromHeaders(request.headers, options)` for a `node:http` IncomingMessage. */
export function correlationFromRequest(
  request: { headers: HeadersLike },
  options: CorrelationFromHeadersOptions = {},
): Correlation {
  return correlationFromHeaders(request.headers, options);
}
