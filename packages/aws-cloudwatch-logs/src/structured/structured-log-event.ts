import type { LogLevel } from '../log-level.js';

/** One application log event, as `events.putStructured` and the logger write it. */
export interface StructuredLogEvent {
  level: LogLevel;
  message: string;
  /** Epoch milliseconds or a Date. Default: the client's clock at the call. */
  timestamp?: number | Date;
  /** Default: the correlation in scope (`runWithCorrelation`, else the active OpenTelemetry span). */
  traceId?: string;
  requestId?: string;
  spanId?: string;
  service?: string;
  /** Any JSON-able values; BigInt, Date, Error, Map, Set and cycles are written safely. */
  fields?: Record<string, unknown>;
}

/** The keys this library writes itself; a field of the same name is written as `_<name>`. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'level',
  'message',
  'timestamp',
  'trace_id',
  'request_id',
  'span_id',
  'service',
]);
