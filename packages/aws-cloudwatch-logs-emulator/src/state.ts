import { EventColumns, type InputEvent } from './event-columns.js';

export type LogGroupClass = 'STANDARD' | 'INFREQUENT_ACCESS' | 'DELIVERY';

export interface MetricTransformationState {
  metricName: string;
  metricNamespace: string;
  metricValue: string;
  defaultValue?: number;
  dimensions?: Record<string, string>;
  unit?: string;
}

export interface MetricFilterState {
  filterName: string;
  filterPattern: string;
  metricTransformations: MetricTransformationState[];
  creationTime: number;
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFieldDimensions?: string[];
}

export interface SubscriptionFilterState {
  filterName: string;
  filterPattern: string;
  destinationArn: string;
  roleArn?: string;
  distribution: 'ByLogStream' | 'Random';
  creationTime: number;
  applyOnTransformedLogs?: boolean;
}

export class LogStreamState {
  readonly events = new EventColumns();
  firstEventTimestamp: number | undefined;
  lastEventTimestamp: number | undefined;
  lastIngestionTime: number | undefined;
  uploads = 0;

  constructor(
    readonly name: string,
    /** A number unique in the emulator, the first half of this stream's event IDs. */
    readonly uid: number,
    readonly creationTime: number,
    readonly arn: string,
  ) {}
}

export class LogGroupState {
  readonly streams = new Map<string, LogStreamState>();
  readonly tags = new Map<string, string>();
  readonly metricFilters = new Map<string, MetricFilterState>();
  readonly subscriptionFilters = new Map<string, SubscriptionFilterState>();
  retentionInDays: number | undefined;
  storedBytes = 0;
  private sortedStreamNames: string[] | undefined;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly creationTime: number,
    readonly logGroupClass: LogGroupClass,
    readonly kmsKeyId: string | undefined,
  ) {}

  streamNames(): string[] {
    this.sortedStreamNames ??= [...this.streams.keys()].sort(compareStrings);
    return this.sortedStreamNames;
  }

  invalidateStreamNames(): void {
    this.sortedStreamNames = undefined;
  }
}

/** Every change to the emulator's data, in the form the journal records and replays. */
export type Mutation =
  | {
      t: 'createGroup';
      name: string;
      at: number;
      logGroupClass: LogGroupClass;
      kmsKeyId?: string;
      tags?: Record<string, string>;
    }
  | { t: 'deleteGroup'; name: string }
  | { t: 'createStream'; group: string; name: string; at: number; uid?: number }
  | { t: 'deleteStream'; group: string; name: string }
  | { t: 'putEvents'; group: string; stream: string; at: number; events: InputEvent[] }
  | { t: 'retention'; group: string; days: number | null }
  | { t: 'putMetricFilter'; group: string; filter: MetricFilterState }
  | { t: 'deleteMetricFilter'; group: string; name: string }
  | { t: 'putSubscriptionFilter'; group: string; filter: SubscriptionFilterState }
  | { t: 'deleteSubscriptionFilter'; group: string; name: string }
  | { t: 'tag'; group: string; tags: Record<string, string> }
  | { t: 'untag'; group: string; keys: string[] }
  /** Snapshot bookkeeping, so IDs and sequence tokens survive a restart unchanged. */
  | { t: 'counters'; nextStreamUid: number }
  | { t: 'uploads'; group: string; stream: string; uploads: number };

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The emulator's data: log groups by name, with their streams, filters and tags. */
export class State {
  readonly groups = new Map<string, LogGroupState>();
  private sortedGroupNames: string[] | undefined;
  private nextStreamUid = 1;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  groupNames(): string[] {
    this.sortedGroupNames ??= [...this.groups.keys()].sort(compareStrings);
    return this.sortedGroupNames;
  }

  /** Applies a validated change. Replaying the journal calls this with the same records. */
  apply(m: Mutation): void {
    switch (m.t) {
      case 'createGroup': {
        const group = new LogGroupState(
          m.name,
          this.groupArn(m.name),
          m.at,
          m.logGroupClass,
          m.kmsKeyId,
        );
        for (const [k, v] of Object.entries(m.tags ?? {})) group.tags.set(k, v);
        this.groups.set(m.name, group);
        this.sortedGroupNames = undefined;
        return;
      }
      case 'deleteGroup':
        this.groups.delete(m.name);
        this.sortedGroupNames = undefined;
        return;
      case 'createStream': {
        const group = this.require(m.group);
        const arn = `${group.arn}:log-stream:${m.name}`;
        const uid = m.uid ?? this.nextStreamUid;
        if (uid >= this.nextStreamUid) this.nextStreamUid = uid + 1;
        group.streams.set(m.name, new LogStreamState(m.name, uid, m.at, arn));
        group.invalidateStreamNames();
        return;
      }
      case 'deleteStream': {
        const group = this.require(m.group);
        const stream = group.streams.get(m.name);
        if (stream) group.storedBytes -= streamBytes(stream);
        group.streams.delete(m.name);
        group.invalidateStreamNames();
        return;
      }
      case 'putEvents': {
        const group = this.require(m.group);
        const stream = group.streams.get(m.stream);
        if (!stream) throw new Error(`journal names a missing log stream ${m.stream}`);
        appendEvents(group, stream, m.events, 0, m.events.length, m.at);
        return;
      }
      case 'retention':
        this.require(m.group).retentionInDays = m.days ?? undefined;
        return;
      case 'putMetricFilter':
        this.require(m.group).metricFilters.set(m.filter.filterName, m.filter);
        return;
      case 'deleteMetricFilter':
        this.require(m.group).metricFilters.delete(m.name);
        return;
      case 'putSubscriptionFilter':
        this.require(m.group).subscriptionFilters.set(m.filter.filterName, m.filter);
        return;
      case 'deleteSubscriptionFilter':
        this.require(m.group).subscriptionFilters.delete(m.name);
        return;
      case 'tag': {
        const group = this.require(m.group);
        for (const [k, v] of Object.entries(m.tags)) group.tags.set(k, v);
        return;
      }
      case 'untag': {
        const group = this.require(m.group);
        for (const k of m.keys) group.tags.delete(k);
        return;
      }
      case 'counters':
        this.nextStreamUid = Math.max(this.nextStreamUid, m.nextStreamUid);
        return;
      case 'uploads': {
        const stream = this.require(m.group).streams.get(m.stream);
        if (stream) stream.uploads = m.uploads;
        return;
      }
    }
  }

  private require(name: string): LogGroupState {
    const group = this.groups.get(name);
    if (!group) throw new Error(`journal names a missing log group ${name}`);
    return group;
  }

  /**
   * Everything the emulator holds, as plain data in a stable order: for tests that check a
   * failed request changed nothing, and for snapshots.
   */
  *mutations(): Generator<Mutation> {
    yield { t: 'counters', nextStreamUid: this.nextStreamUid };
    for (const name of this.groupNames()) {
      const g = this.groups.get(name)!;
      yield {
        t: 'createGroup',
        name,
        at: g.creationTime,
        logGroupClass: g.logGroupClass,
        ...(g.kmsKeyId !== undefined ? { kmsKeyId: g.kmsKeyId } : {}),
        ...(g.tags.size > 0 ? { tags: Object.fromEntries(g.tags) } : {}),
      };
      if (g.retentionInDays !== undefined)
        yield { t: 'retention', group: name, days: g.retentionInDays };
      for (const filter of g.metricFilters.values())
        yield { t: 'putMetricFilter', group: name, filter };
      for (const filter of g.subscriptionFilters.values())
        yield { t: 'putSubscriptionFilter', group: name, filter };
      for (const streamName of g.streamNames()) {
        const s = g.streams.get(streamName)!;
        yield { t: 'createStream', group: name, name: streamName, at: s.creationTime, uid: s.uid };
        // Events go in their arrival order with their own ingestion times, in chunks.
        const { timestamps, ingestionTimes, messages } = s.events.columns();
        let start = 0;
        while (start < s.events.size) {
          const at = ingestionTimes[start]!;
          let end = start;
          const events: InputEvent[] = [];
          while (end < s.events.size && ingestionTimes[end] === at && end - start < 10_000) {
            events.push({ timestamp: timestamps[end]!, message: messages[end]! });
            end += 1;
          }
          yield { t: 'putEvents', group: name, stream: streamName, at, events };
          start = end;
        }
        yield { t: 'uploads', group: name, stream: streamName, uploads: s.uploads };
      }
    }
  }
}

function streamBytes(stream: LogStreamState): number {
  const { messages } = stream.events.columns();
  let total = 0;
  for (let i = 0; i < stream.events.size; i += 1) total += utf8Length(messages[i]!);
  return total;
}

/** Stores `events[from, to)` in `stream`; the hot path of PutLogEvents. */
export function appendEvents(
  group: LogGroupState,
  stream: LogStreamState,
  events: readonly InputEvent[],
  from: number,
  to: number,
  ingestionTime: number,
  bytes?: number,
): void {
  if (to <= from) {
    stream.uploads += 1;
    return;
  }
  stream.events.append(events, from, to, ingestionTime);
  let added = bytes;
  if (added === undefined) {
    added = 0;
    for (let i = from; i < to; i += 1) added += utf8Length(events[i]!.message);
  }
  group.storedBytes += added;
  const first = events[from]!.timestamp;
  const last = events[to - 1]!.timestamp;
  if (stream.firstEventTimestamp === undefined || first < stream.firstEventTimestamp)
    stream.firstEventTimestamp = first;
  if (stream.lastEventTimestamp === undefined || last > stream.lastEventTimestamp)
    stream.lastEventTimestamp = last;
  stream.lastIngestionTime = ingestionTime;
  stream.uploads += 1;
}
