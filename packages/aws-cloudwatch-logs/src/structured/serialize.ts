import type { Correlation } from '../correlation-context/correlation.js';
import { safeStringify } from './safe-json.js';
import { RESERVED_KEYS, type StructuredLogEvent } from './structured-log-event.js';

function renameReserved(fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    if (RESERVED_KEYS.has(key)) {
      const out: Record<string, unknown> = {};
      for (const k in fields) out[RESERVED_KEYS.has(k) ? `_${k}` : k] = fields[k];
      return out;
    }
  }
  return fields;
}

/**
 * The one serialization of a structured event: `{"level","message","timestamp","trace_id",
 * "request_id","span_id","service",<fields>}`, IDs taken from the event, else from `scope`.
 */
export function serializeStructured(
  event: StructuredLogEvent,
  timestamp: number,
  scope: Correlation | undefined,
): string {
  let out = `{"level":${JSON.stringify(event.level)},"message":${JSON.stringify(String(event.message))},"timestamp":"${new Date(timestamp).toISOString()}"`;
  const traceId = event.traceId ?? scope?.traceId;
  if (traceId !== undefined) out += `,"trace_id":${JSON.stringify(traceId)}`;
  const requestId = event.requestId ?? scope?.requestId;
  if (requestId !== undefined) out += `,"request_id":${JSON.stringify(requestId)}`;
  const spanId = event.spanId ?? scope?.spanId;
  if (spanId !== undefined) out += `,"span_id":${JSON.stringify(spanId)}`;
  const service = event.service ?? scope?.service;
  if (service !== undefined) out += `,"service":${JSON.stringify(service)}`;
  const fields = event.fields;
  if (fields !== undefined && fields !== null) {
    const json = safeStringify(renameReserved(fields));
    if (json.length > 2 && json.charCodeAt(0) === 123 /* { */) out += `,${json.slice(1, -1)}`;
  }
  return `${out}}`;
}

/** Epoch milliseconds of an event's timestamp; invalid values fall back to `now`. */
export function timestampOf(event: StructuredLogEvent, now: () => number): number {
  const t = event.timestamp;
  if (t === undefined) return now();
  const ms = typeof t === 'number' ? t : t.getTime();
  return Number.isFinite(ms) ? Math.trunc(ms) : now();
}
