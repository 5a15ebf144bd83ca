import type { QueryEvent } from '../query-engine.js';
import type { Value, ValueType } from './value.js';

/** One row of a query: a log event (with its discovered and computed fields) or a stats group. */
export interface Row {
  get(name: string): Value;
  set(name: string, value: Value): void;
}

/** The fields every event has, and their static types. */
export const SYSTEM_FIELDS: ReadonlyMap<string, ValueType> = new Map<string, ValueType>([
  ['@timestamp', 'datetime'],
  ['@ingestionTime', 'datetime'],
  ['@message', 'string'],
  ['@logStream', 'string'],
  ['@log', 'string'],
  ['@ptr', 'string'],
]);

/** What an event row needs besides its event. */
export interface EventContext {
  accountId: string;
  flattenJson(message: string): Map<string, Value> | undefined;
}

/** `@ptr`: an opaque, stable reference to one event. */
export function eventPointer(event: QueryEvent): string {
  return Buffer.from(`${event.logGroupName}\n${event.logStreamName}\n${event.eventId}`).toString(
    'base64url',
  );
}

/**
 * A log event as a query sees it. JSON fields are discovered on first use only (most queries
 * never need them), and fields that commands compute live beside them, taking precedence.
 */
export class EventRow implements Row {
  private json: Map<string, Value> | null | undefined;
  private computed: Map<string, Value> | undefined;

  constructor(
    readonly event: QueryEvent,
    private readonly context: EventContext,
  ) {}

  get timestamp(): number {
    return this.event.timestamp;
  }

  get(name: string): Value {
    const computed = this.computed;
    if (computed?.has(name)) return computed.get(name);
    if (name.charCodeAt(0) === 64) {
      switch (name) {
        case '@timestamp':
          return this.event.timestamp;
        case '@message':
          return this.event.message;
        case '@logStream':
          return this.event.logStreamName;
        case '@log':
          return `${this.context.accountId}:${this.event.logGroupName}`;
        case '@ingestionTime':
          return this.event.ingestionTime;
        case '@ptr':
          return eventPointer(this.event);
        default:
          break;
      }
    }
    if (this.json === undefined) this.json = this.context.flattenJson(this.event.message) ?? null;
    return this.json === null ? undefined : this.json.get(name);
  }

  set(name: string, value: Value): void {
    this.computed ??= new Map();
    this.computed.set(name, value);
  }
}

/** A row made of named values: a stats group, or what later commands make of one. */
export class ValueRow implements Row {
  constructor(private readonly values = new Map<string, Value>()) {}

  get(name: string): Value {
    return this.values.get(name);
  }

  set(name: string, value: Value): void {
    this.values.set(name, value);
  }
}
