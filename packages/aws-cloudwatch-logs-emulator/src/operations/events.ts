import {
  DAY_MS,
  eventId,
  pad,
  readGroupName,
  readGroupNameOrIdentifier,
  resolveGroup,
  retentionCutoff,
  type ServiceContext,
} from '../context.js';
import {
  groupNotFound,
  invalidNextToken,
  invalidParameter,
  serializationError,
  streamNotFound,
} from '../errors.js';
import type { InputEvent } from '../event-columns.js';
import type { LogGroupState, LogStreamState } from '../state.js';
import { decodeTuple, encodeToken } from '../tokens.js';
import { Input, LOG_STREAM_NAME } from '../validate.js';
import { readStreamName } from './streams.js';

type Body = Record<string, unknown>;

export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
export const MAX_BATCH_EVENTS = 10_000;
const MAX_SPAN_MS = DAY_MS;
const TOO_NEW_MS = 2 * 3_600_000;
const TOO_OLD_MS = 14 * DAY_MS;
const MAX_RESPONSE_BYTES = 1_048_576;

export function putLogEvents(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const streamName = readStreamName(input);
  input.string('sequenceToken', { min: 1 });
  const events = input.list('logEvents', { required: true, min: 1, max: MAX_BATCH_EVENTS }) as
    | InputEvent[]
    | undefined;
  input.struct('entity');
  let batchBytes = 0;
  let messageBytes = 0;
  if (events) {
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i] as unknown;
      if (typeof event !== 'object' || event === null || Array.isArray(event))
        throw serializationError(
          `Cannot deserialize 'logEvents.${i + 1}.member': expected a structure.`,
        );
      const { timestamp, message } = event as { timestamp: unknown; message: unknown };
      if (timestamp === undefined || timestamp === null)
        input.violation(`logEvents.${i + 1}.member.timestamp`, null, 'Member must not be null');
      else if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp))
        throw serializationError(
          `Cannot deserialize 'logEvents.${i + 1}.member.timestamp': expected an integer (milliseconds since the epoch).`,
        );
      else if (timestamp < 0)
        input.violation(
          `logEvents.${i + 1}.member.timestamp`,
          timestamp,
          'Member must have value greater than or equal to 0',
        );
      if (message === undefined || message === null)
        input.violation(`logEvents.${i + 1}.member.message`, null, 'Member must not be null');
      else if (typeof message !== 'string')
        throw serializationError(
          `Cannot deserialize 'logEvents.${i + 1}.member.message': expected a string.`,
        );
      else if (message.length === 0)
        input.violation(
          `logEvents.${i + 1}.member.message`,
          message,
          'Member must have length greater than or equal to 1',
        );
      else {
        // One UTF-16 unit is at most 3 UTF-8 bytes; only count exactly when it could matter.
        const bytes =
          message.length < 128 && isAscii(message) ? message.length : Buffer.byteLength(message);
        messageBytes += bytes;
      }
    }
    batchBytes = messageBytes + EVENT_OVERHEAD_BYTES * events.length;
  }
  input.done();
  const list = events!;

  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  const stream = group.streams.get(streamName!);
  if (!stream) throw streamNotFound();

  if (batchBytes > MAX_BATCH_BYTES)
    throw invalidParameter(
      `Upload too large: ${batchBytes} bytes exceeds limit of ${MAX_BATCH_BYTES}. The batch size is the sum of the UTF-8 bytes of every message plus ${EVENT_OVERHEAD_BYTES} bytes per event.`,
    );
  let previous = list[0]!.timestamp;
  for (let i = 1; i < list.length; i += 1) {
    const t = list[i]!.timestamp;
    if (t < previous)
      throw invalidParameter(
        'Log events in a single PutLogEvents request must be in chronological order.',
      );
    previous = t;
  }
  if (list[list.length - 1]!.timestamp - list[0]!.timestamp > MAX_SPAN_MS)
    throw invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );

  const now = ctx.now();
  const tooOldBefore = now - TOO_OLD_MS;
  const expiredBefore =
    group.retentionInDays === undefined
      ? Number.NEGATIVE_INFINITY
      : now - group.retentionInDays * DAY_MS;
  const tooNewAfter = now + TOO_NEW_MS;
  let tooOldEnd = 0;
  while (tooOldEnd < list.length && list[tooOldEnd]!.timestamp < tooOldBefore) tooOldEnd += 1;
  let expiredEnd = 0;
  while (expiredEnd < list.length && list[expiredEnd]!.timestamp < expiredBefore) expiredEnd += 1;
  let tooNewStart = list.length;
  while (tooNewStart > 0 && list[tooNewStart - 1]!.timestamp > tooNewAfter) tooNewStart -= 1;
  const from = Math.max(tooOldEnd, expiredEnd);
  const to = Math.max(from, tooNewStart);

  const firstOrdinal = stream.events.size;
  if (to > from) {
    ctx.commit({
      t: 'putEvents',
      group: group.name,
      stream: stream.name,
      at: now,
      events: from === 0 && to === list.length ? list : list.slice(from, to),
    });
    publish(ctx, group, stream, list, from, to, firstOrdinal);
  }
  const rejected: Body = {};
  if (tooNewStart < list.length) rejected.tooNewLogEventStartIndex = tooNewStart;
  if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
  if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
  return {
    nextSequenceToken: pad(stream.uploads + 1, 56),
    ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
  };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Counts the new events into metric filters and hands matches to subscription filters. */
function publish(
  ctx: ServiceContext,
  group: LogGroupState,
  stream: LogStreamState,
  events: readonly InputEvent[],
  from: number,
  to: number,
  firstOrdinal: number,
): void {
  for (const filter of group.metricFilters.values()) {
    const compiled = ctx.patterns.get(filter.filterPattern);
    for (const transformation of filter.metricTransformations) {
      for (let i = from; i < to; i += 1) {
        const event = events[i]!;
        const extracted = compiled.extract(
          event.message,
          transformation.metricValue,
          transformation.dimensions,
        );
        if (extracted)
          ctx.metrics.record(
            transformation.metricNamespace,
            transformation.metricName,
            extracted.dimensions,
            transformation.unit,
            extracted.value,
            event.timestamp,
          );
        else if (transformation.defaultValue !== undefined && !compiled.matches(event.message))
          ctx.metrics.record(
            transformation.metricNamespace,
            transformation.metricName,
            {},
            transformation.unit,
            transformation.defaultValue,
            event.timestamp,
          );
      }
    }
  }
  for (const filter of group.subscriptionFilters.values()) {
    const compiled = ctx.patterns.get(filter.filterPattern);
    const logEvents: Array<{ id: string; timestamp: number; message: string }> = [];
    for (let i = from; i < to; i += 1) {
      const event = events[i]!;
      if (compiled.matches(event.message))
        logEvents.push({
          id: eventId(stream.uid, firstOrdinal + i - from),
          timestamp: event.timestamp,
          message: event.message,
        });
    }
    if (logEvents.length === 0) continue;
    ctx.subscriptions.deliver(filter.destinationArn, filter.filterName, {
      messageType: 'DATA_MESSAGE',
      owner: ctx.state.accountId,
      logGroup: group.name,
      logStream: stream.name,
      subscriptionFilters: [filter.filterName],
      logEvents,
    });
  }
}

const GET_TOKEN = /^([fb])\/(\d{16})(\d{20})(\d{20})$/;

/** A boundary between events of one stream: after (ts, ordinal), or before all of ts when ordinal is -1. */
interface Boundary {
  ts: number;
  ordinal: number;
}

const boundaryToken = (direction: 'f' | 'b', stream: LogStreamState, b: Boundary) =>
  `${direction}/${pad(stream.uid, 16)}${pad(b.ts, 20)}${pad(b.ordinal + 1, 20)}`;

function boundaryAt(stream: LogStreamState, pos: number): Boundary {
  if (pos === 0) return { ts: 0, ordinal: -1 };
  return { ts: stream.events.timestampAt(pos - 1), ordinal: stream.events.ordinalAt(pos - 1) };
}

function positionOf(stream: LogStreamState, b: Boundary): number {
  return b.ordinal < 0
    ? stream.events.lowerBound(b.ts)
    : stream.events.positionAfter(b.ts, b.ordinal);
}

export function getLogEvents(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const ref = readGroupNameOrIdentifier(input);
  const streamName = readStreamName(input);
  const startTime = input.int('startTime', { min: 0 });
  const endTime = input.int('endTime', { min: 0 });
  const nextToken = input.string('nextToken', { min: 1 });
  const limit = input.int('limit', { min: 1, max: 10_000 }) ?? 10_000;
  const startFromHead = input.bool('startFromHead') ?? false;
  input.bool('unmask');
  input.done();
  const group = resolveGroup(ctx, ref);
  const stream = group.streams.get(streamName!);
  if (!stream) throw streamNotFound();
  const events = stream.events;

  let lo = events.lowerBound(Math.max(startTime ?? 0, retentionCutoff(ctx, group)));
  const hi = endTime === undefined ? events.size : events.lowerBound(endTime);
  if (lo > hi) lo = hi;

  let forward = startFromHead;
  let boundary = forward ? lo : hi;
  if (nextToken !== undefined) {
    const m = GET_TOKEN.exec(nextToken);
    if (!m || Number(m[2]) !== stream.uid) throw invalidNextToken();
    forward = m[1] === 'f';
    const ordinal = Number(m[4]) - 1;
    boundary = positionOf(stream, { ts: Number(m[3]), ordinal });
    boundary = Math.min(Math.max(boundary, lo), hi);
  }

  let start: number;
  let end: number;
  if (forward) {
    start = boundary;
    end = start;
    let bytes = 0;
    while (end < hi && end - start < limit) {
      bytes += Buffer.byteLength(events.messageAt(end)) + EVENT_OVERHEAD_BYTES;
      if (bytes > MAX_RESPONSE_BYTES && end > start) break;
      end += 1;
    }
  } else {
    end = boundary;
    start = end;
    let bytes = 0;
    while (start > lo && end - start < limit) {
      bytes += Buffer.byteLength(events.messageAt(start - 1)) + EVENT_OVERHEAD_BYTES;
      if (bytes > MAX_RESPONSE_BYTES && end > start) break;
      start -= 1;
    }
  }
  const out: Body[] = new Array(end - start);
  for (let pos = start; pos < end; pos += 1)
    out[pos - start] = {
      timestamp: events.timestampAt(pos),
      message: events.messageAt(pos),
      ingestionTime: events.ingestionTimeAt(pos),
    };
  if (out.length === 0 && nextToken !== undefined) {
    const same = boundaryToken(forward ? 'b' : 'f', stream, boundaryAt(stream, boundary));
    return forward
      ? { events: out, nextForwardToken: nextToken, nextBackwardToken: same }
      : { events: out, nextForwardToken: same, nextBackwardToken: nextToken };
  }
  return {
    events: out,
    nextForwardToken: boundaryToken('f', stream, boundaryAt(stream, end)),
    nextBackwardToken: boundaryToken('b', stream, boundaryAt(stream, start)),
  };
}

interface Cursor {
  stream: LogStreamState;
  pos: number;
  end: number;
  ts: number;
}

export function filterLogEvents(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const ref = readGroupNameOrIdentifier(input);
  const streamNames = input.stringList('logStreamNames', {
    min: 1,
    max: 100,
    item: { min: 1, max: 512, pattern: LOG_STREAM_NAME },
  });
  const prefix = readStreamName(input, 'logStreamNamePrefix', false);
  const startTime = input.int('startTime', { min: 0 });
  const endTime = input.int('endTime', { min: 0 });
  const filterPattern = input.string('filterPattern', { max: 1024 });
  const nextToken = input.string('nextToken', { min: 1 });
  const limit = input.int('limit', { min: 1, max: 10_000 }) ?? 10_000;
  input.bool('interleaved');
  input.bool('unmask');
  input.bool('startFromHead');
  input.done();
  const group = resolveGroup(ctx, ref);
  if (streamNames !== undefined && prefix !== undefined)
    throw invalidParameter(
      'logStreamNames and logStreamNamePrefix are mutually exclusive: specify at most one of them.',
    );
  if (startTime !== undefined && endTime !== undefined && endTime < startTime)
    throw invalidParameter('endTime must be greater than or equal to startTime.');
  const compiled =
    filterPattern === undefined || filterPattern.trim() === ''
      ? undefined
      : ctx.patterns.get(filterPattern);

  let after: [number, string, number] | undefined;
  if (nextToken !== undefined)
    after = decodeTuple('filter', nextToken, 'nsn') as [number, string, number];

  let names: string[];
  if (streamNames !== undefined)
    names = [...new Set(streamNames)].filter((n) => group.streams.has(n));
  else if (prefix !== undefined) names = group.streamNames().filter((n) => n.startsWith(prefix));
  else names = group.streamNames();

  const lowest = Math.max(startTime ?? 0, retentionCutoff(ctx, group));
  const cursors: Cursor[] = [];
  for (const name of names) {
    const stream = group.streams.get(name)!;
    const events = stream.events;
    let pos = events.lowerBound(lowest);
    if (after) {
      const [t, s, o] = after;
      const resume =
        name < s
          ? events.lowerBound(t, true)
          : name === s
            ? events.positionAfter(t, o)
            : events.lowerBound(t);
      if (resume > pos) pos = resume;
    }
    const end = endTime === undefined ? events.size : events.lowerBound(endTime, true);
    if (pos < end) cursors.push({ stream, pos, end, ts: events.timestampAt(pos) });
  }

  const out: Body[] = [];
  let bytes = 0;
  let last: [number, string, number] | undefined;
  let exhausted = true;
  const matches = compiled ? (m: string) => compiled.matches(m) : undefined;

  if (cursors.length === 1) {
    // One stream: scan its columns directly.
    const c = cursors[0]!;
    const { timestamps, ingestionTimes, messages, order } = c.stream.events.columns();
    let pos = c.pos;
    for (; pos < c.end; pos += 1) {
      const i = order ? order[pos]! : pos;
      const message = messages[i]!;
      if (matches && !matches(message)) continue;
      const size = Buffer.byteLength(message) + EVENT_OVERHEAD_BYTES;
      if (out.length === limit || (out.length > 0 && bytes + size > MAX_RESPONSE_BYTES)) {
        exhausted = false;
        break;
      }
      bytes += size;
      const timestamp = timestamps[i]!;
      out.push({
        logStreamName: c.stream.name,
        timestamp,
        message,
        ingestionTime: ingestionTimes[i]!,
        eventId: eventId(c.stream.uid, i),
      });
      last = [timestamp, c.stream.name, i];
    }
  } else if (cursors.length > 1) {
    const heap = new CursorHeap(cursors);
    for (let c = heap.peek(); c; c = heap.peek()) {
      const events = c.stream.events;
      const message = events.messageAt(c.pos);
      if (!matches || matches(message)) {
        const size = Buffer.byteLength(message) + EVENT_OVERHEAD_BYTES;
        if (out.length === limit || (out.length > 0 && bytes + size > MAX_RESPONSE_BYTES)) {
          exhausted = false;
          break;
        }
        bytes += size;
        const ordinal = events.ordinalAt(c.pos);
        out.push({
          logStreamName: c.stream.name,
          timestamp: c.ts,
          message,
          ingestionTime: events.ingestionTimeAt(c.pos),
          eventId: eventId(c.stream.uid, ordinal),
        });
        last = [c.ts, c.stream.name, ordinal];
      }
      c.pos += 1;
      if (c.pos < c.end) {
        c.ts = events.timestampAt(c.pos);
        heap.update();
      } else heap.pop();
    }
  }
  return {
    events: out,
    searchedLogStreams: [],
    ...(!exhausted && last ? { nextToken: encodeToken('filter', last) } : {}),
  };
}

const before = (a: Cursor, b: Cursor): boolean =>
  a.ts < b.ts || (a.ts === b.ts && a.stream.name < b.stream.name);

/** A binary min-heap of stream cursors ordered by (timestamp, stream name). */
class CursorHeap {
  private readonly items: Cursor[];

  constructor(items: Cursor[]) {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i -= 1) this.down(i);
  }

  peek(): Cursor | undefined {
    return this.items[0];
  }

  /** Restores order after the top cursor advanced. */
  update(): void {
    this.down(0);
  }

  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.down(0);
    }
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && before(items[l]!, items[m]!)) m = l;
      if (r < n && before(items[r]!, items[m]!)) m = r;
      if (m === i) return;
      const tmp = items[i]!;
      items[i] = items[m]!;
      items[m] = tmp;
      i = m;
    }
  }
}
