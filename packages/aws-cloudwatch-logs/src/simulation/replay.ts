import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ValidationError } from '../errors.js';
import { isLogLevel } from '../log-level.js';
import { MockLogStream } from './mock-log-stream.js';
import { type SimulatedEvent, simulatedEventToJson } from './simulated-event.js';

export type ReplaySource =
  | readonly SimulatedEvent[]
  | Iterable<SimulatedEvent>
  | AsyncIterable<SimulatedEvent>
  /** A path to an NDJSON file in this library's structured format, or of SimulatedEvents. */
  | string;

/** Anything with `putStructured(group, stream, event)`: the client's `events` service. */
export interface StructuredSink {
  putStructured(group: string, stream: string, event: SimulatedEvent): void | Promise<void>;
}

/** Anything with `add(group, stream, { timestamp, message })`: a batch buffer. */
export interface BufferSink {
  add(
    group: string,
    stream: string,
    event: { timestamp: number; message: string },
  ): void | Promise<void>;
}

export type ReplayTarget = { events: StructuredSink } | BufferSink | MockLogStream;

export interface ReplayOptions {
  /** 2 replays twice as fast as recorded; `Infinity` as fast as possible. Default 1. */
  speed?: number;
  /** Wait between events as they were spaced (scaled by `speed`). Default true. */
  preserveGaps?: boolean;
  /** Shift timestamps so the first event is now (CloudWatch refuses events over 14 days old). Default true. */
  rebaseTime?: boolean;
  /** Where each event goes. Default: group `/simulation/<service>`, stream `<service>`. */
  route?: (event: SimulatedEvent) => { logGroupName: string; logStreamName: string };
  signal?: AbortSignal;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

const defaultRoute = (e: SimulatedEvent) => ({
  logGroupName: `/simulation/${e.service}`,
  logStreamName: e.service,
});

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function fromJsonLine(line: string, lineNumber: number, path: string): SimulatedEvent {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new ValidationError(
      `${path}:${lineNumber}`,
      line,
      'is not JSON; replay reads NDJSON, one event per line',
    );
  }
  const timestamp = typeof o.timestamp === 'number' ? o.timestamp : Date.parse(String(o.timestamp));
  if (!Number.isFinite(timestamp))
    throw new ValidationError(
      `${path}:${lineNumber}`,
      o.timestamp,
      'needs a timestamp (ISO string or epoch ms)',
    );
  const level = String(o.level ?? 'INFO').toUpperCase();
  const {
    level: _l,
    message,
    timestamp: _t,
    trace_id,
    traceId,
    request_id,
    requestId,
    span_id,
    spanId,
    service,
    fields,
    ...rest
  } = o;
  return {
    level: isLogLevel(level) ? level : 'INFO',
    message: String(message ?? ''),
    timestamp,
    traceId: String(trace_id ?? traceId ?? ''),
    requestId: String(request_id ?? requestId ?? ''),
    spanId: String(span_id ?? spanId ?? ''),
    service: String(service ?? 'unknown'),
    fields: {
      ...(typeof fields === 'object' && fields !== null ? fields : {}),
      ...rest,
    } as SimulatedEvent['fields'],
  };
}

async function* readNdjson(path: string): AsyncGenerator<SimulatedEvent> {
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() !== '') yield fromJsonLine(line, n, path);
  }
}

function deliver(
  target: ReplayTarget,
  event: SimulatedEvent,
  route: NonNullable<ReplayOptions['route']>,
): void | Promise<void> {
  if (target instanceof MockLogStream) return target.put(event);
  const { logGroupName, logStreamName } = route(event);
  if ('events' in target) return target.events.putStructured(logGroupName, logStreamName, event);
  return target.add(logGroupName, logStreamName, {
    timestamp: event.timestamp,
    message: simulatedEventToJson(event),
  });
}

/**
 * Plays events into a client, a batch buffer or a mock stream, spaced as recorded (scaled by
 * `speed`). Resolves with the number of events delivered; rejects with the signal's reason when
 * aborted, after delivering the events before it.
 */
export async function replay(
  source: ReplaySource,
  target: ReplayTarget,
  options: ReplayOptions = {},
): Promise<{ count: number }> {
  const {
    speed = 1,
    preserveGaps = true,
    rebaseTime = true,
    route = defaultRoute,
    signal,
  } = options;
  if (!(speed > 0))
    throw new ValidationError('speed', speed, 'must be > 0 (Infinity for no waiting)');
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const events: Iterable<SimulatedEvent> | AsyncIterable<SimulatedEvent> =
    typeof source === 'string' ? readNdjson(source) : source;
  let first: number | undefined;
  let shift = 0;
  let previous: number | undefined;
  let count = 0;
  for await (const original of events) {
    signal?.throwIfAborted();
    if (first === undefined) {
      first = original.timestamp;
      shift = rebaseTime ? now() - first : 0;
    }
    if (preserveGaps && previous !== undefined && Number.isFinite(speed)) {
      const gap = (original.timestamp - previous) / speed;
      if (gap > 0) await sleep(gap, signal);
    }
    previous = original.timestamp;
    const event = shift === 0 ? original : { ...original, timestamp: original.timestamp + shift };
    const pending = deliver(target, event, route);
    if (pending) await pending;
    count += 1;
  }
  return { count };
}
