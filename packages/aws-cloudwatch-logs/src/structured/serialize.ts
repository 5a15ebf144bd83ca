import type { Correlation } from '../correlation-context/correlation.js';
import { safeStringify } from './safe-json.js';
import { RESERVED_KEYS, type StructuredLogEvent } from './structured-log-event.js';

function renameReserved(fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    if (RESERVED_KEYS.has(key)) {
      // No prototype: a field named `__proto__` (as JSON.parse makes) stays a field.
      const out: Record<string, unknown> = Object.create(null);
      for (const k in fields) if (!RESERVED_KEYS.has(k)) out[k] = fields[k];
      for (const k in fields) {
        if (!RESERVED_KEYS.has(k)) continue;
        // `_level`, or `__level` when the fields have a `_level` of their own: nothing is lost.
        let renamed = `_${k}`;
        while (renamed in out) renamed = `_${renamed}`;
        out[renamed] = fields[k];
      }
      return out;
    }
  }
  return fields;
}

// Strings with none of these are written as-is between quotes; others go through JSON.stringify
// (which also escapes lone surrogates, hence the whole surrogate range here).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

// A safe cache: the ISO prefix ("YYYY-MM-DDTHH:MM:SS.") of the last second written. Events come
// in bursts within one second, and toISOString was a quarter of the serialization's time.
let cachedSecond = Number.NaN;
let cachedPrefix = '';
const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

function isoTimestamp(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_FOUR_DIGIT_YEAR_MS)
    return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(ms).toISOString().slice(0, 20);
    cachedSecond = second;
  }
  const frac = ms - second * 1000;
  return `${cachedPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
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
  let out = `{"level":${quote(event.level)},"message":${quote(event.message)},"timestamp":"${isoTimestamp(timestamp)}"`;
  const traceId = event.traceId ?? scope?.traceId;
  if (traceId !== undefined) out += `,"trace_id":${quote(traceId)}`;
  const requestId = event.requestId ?? scope?.requestId;
  if (requestId !== undefined) out += `,"request_id":${quote(requestId)}`;
  const spanId = event.spanId ?? scope?.spanId;
  if (spanId !== undefined) out += `,"span_id":${quote(spanId)}`;
  const service = event.service ?? scope?.service;
  if (service !== undefined) out += `,"service":${quote(service)}`;
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
