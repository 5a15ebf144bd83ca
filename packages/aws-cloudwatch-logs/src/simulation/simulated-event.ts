import type { LogLevel } from '../log-level.js';

/** A structured event as the simulator makes it: the shape `events.putStructured` takes. */
export interface SimulatedEvent {
  level: LogLevel;
  message: string;
  /** Epoch milliseconds. */
  timestamp: number;
  traceId: string;
  requestId: string;
  spanId: string;
  service: string;
  fields: Record<string, string | number | boolean>;
}

/** The JSON line this library writes for a structured event (the architecture's shape). */
export function simulatedEventToJson(event: SimulatedEvent): string {
  return JSON.stringify({
    level: event.level,
    message: event.message,
    timestamp: new Date(event.timestamp).toISOString(),
    trace_id: event.traceId,
    request_id: event.requestId,
    span_id: event.spanId,
    service: event.service,
    ...event.fields,
  });
}
