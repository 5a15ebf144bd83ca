import { ValidationError } from '../errors.js';
import { LogLevel } from '../log-level.js';
import { Prng } from './prng.js';
import type { SimulatedEvent } from './simulated-event.js';

/** Messages per service; `{name}` is replaced by the event's field of that name. */
export type EventTemplates = Record<string, { ok: string[]; error: string[] }>;

export interface GenerateEventsOptions {
  /** Services a request passes through, in call order. Default `['api', 'auth', 'db']`. */
  services?: readonly string[];
  /** Events to make in all (whole requests are cut at this count). Default 1,000. */
  count?: number;
  /** Requests started per second of simulated time. Default 50. */
  ratePerSecond?: number;
  /** Share of requests that fail somewhere along the chain, 0 to 1. Default 0.05. */
  errorRate?: number;
  templates?: EventTemplates;
  /** Same seed, same events. Default 1. */
  seed?: number;
  /** Time of the first request, epoch milliseconds. Default: now. */
  startTime?: number;
}

const DEFAULT_TEMPLATES: EventTemplates = {
  api: {
    ok: ['{method} {route} answered {status} in {duration_ms} ms'],
    error: ['{method} {route} failed with {status} after {duration_ms} ms: {error}'],
  },
  auth: {
    ok: ['token verified for user {user_id} in {duration_ms} ms'],
    error: ['token rejected for user {user_id}: {error}'],
  },
  db: {
    ok: ['{statement} returned {rows} rows in {duration_ms} ms'],
    error: ['{statement} failed after {duration_ms} ms: {error}'],
  },
};
const GENERIC = {
  ok: ['{service} handled the call in {duration_ms} ms'],
  error: ['{service} failed: {error}'],
};
const ROUTES = ['/orders', '/orders/{id}', '/users/{id}', '/cart', '/checkout', '/search'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATEMENTS = [
  'SELECT orders',
  'SELECT users',
  'UPDATE cart',
  'INSERT payments',
  'SELECT products',
];
const ERRORS: Record<string, string[]> = {
  api: ['upstream timeout', 'bad gateway'],
  auth: ['token expired', 'signature mismatch', 'unknown key id'],
  db: ['deadlock detected', 'connection reset by peer', 'statement timeout'],
};
const MEDIAN_MS: Record<string, number> = { api: 4, auth: 6, db: 12 };

function fill(template: string, fields: Record<string, string | number | boolean>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in fields ? String(fields[name]) : whole,
  );
}

function check(options: GenerateEventsOptions): Required<Omit<GenerateEventsOptions, 'startTime'>> {
  const {
    services = ['api', 'auth', 'db'],
    count = 1000,
    ratePerSecond = 50,
    errorRate = 0.05,
  } = options;
  if (services.length === 0)
    throw new ValidationError('services', services, 'name at least one service');
  if (!Number.isInteger(count) || count < 0)
    throw new ValidationError('count', count, 'must be a whole number ≥ 0');
  if (!(ratePerSecond > 0))
    throw new ValidationError('ratePerSecond', ratePerSecond, 'must be > 0');
  if (!(errorRate >= 0 && errorRate <= 1))
    throw new ValidationError('errorRate', errorRate, 'must be from 0 to 1');
  return {
    services,
    count,
    ratePerSecond,
    errorRate,
    templates: options.templates ?? DEFAULT_TEMPLATES,
    seed: options.seed ?? 1,
  };
}

/**
 * Realistic, correlated structured events: each request enters the first service and calls
 * the next one in turn, every service logging with the request's trace and request IDs and a
 * span of its own; a failing request logs an ERROR where it failed and WARNs upstream.
 * Events come in time order; deterministic for a seed.
 */
export function* generateEvents(options: GenerateEventsOptions = {}): Generator<SimulatedEvent> {
  const { services, count, ratePerSecond, errorRate, templates, seed } = check(options);
  const rng = new Prng(seed);
  const start = options.startTime ?? Date.now();
  const gapMs = 1000 / ratePerSecond;
  let produced = 0;
  let requestStart = start;
  const pending: SimulatedEvent[] = [];
  while (produced < count) {
    requestStart += gapMs * (0.5 + rng.next());
    const traceId = rng.hex(32);
    const requestId = `req-${rng.hex(12)}`;
    const failAt = rng.next() < errorRate ? rng.int(0, services.length - 1) : -1;
    const id = rng.int(1000, 99_999);
    const shared = {
      method: rng.pick(METHODS),
      route: rng.pick(ROUTES).replace('{id}', String(id)),
      user_id: `u-${rng.int(1, 500)}`,
    };
    // Each service starts a little after its caller and answers after its callee.
    const chain = services.slice(0, failAt < 0 ? services.length : failAt + 1);
    const starts: number[] = [];
    let t = Math.round(requestStart);
    for (const _ of chain) {
      starts.push(t);
      t += rng.int(1, 3);
    }
    let end = t;
    for (let k = chain.length - 1; k >= 0; k -= 1) {
      const service = chain[k]!;
      end += rng.latency(MEDIAN_MS[service] ?? 5);
      const failed = failAt >= 0;
      const here = k === failAt;
      const fields: Record<string, string | number | boolean> = {
        ...shared,
        service,
        duration_ms: end - starts[k]!,
        status: failed ? (here ? 500 : 502) : 200,
        ...(service === 'db'
          ? { statement: rng.pick(STATEMENTS), rows: failed ? 0 : rng.int(0, 40) }
          : {}),
        ...(failed
          ? {
              error: here
                ? rng.pick(ERRORS[service] ?? ['internal error'])
                : `${chain[failAt]} failed`,
            }
          : {}),
      };
      const set = templates[service] ?? GENERIC;
      const spanId = rng.hex(16);
      const base = { traceId, requestId, spanId, service };
      pending.push({
        ...base,
        level: LogLevel.Debug,
        timestamp: starts[k]!,
        message: `${service} received ${shared.method} ${shared.route}`,
        fields: { user_id: shared.user_id },
      });
      pending.push({
        ...base,
        level: failed ? (here ? LogLevel.Error : LogLevel.Warn) : LogLevel.Info,
        timestamp: end,
        message: fill(rng.pick(failed ? set.error : set.ok), fields),
        fields: Object.fromEntries(Object.entries(fields).filter(([k2]) => k2 !== 'service')),
      });
      end += rng.int(0, 2);
    }
    pending.sort((a, b) => a.timestamp - b.timestamp);
    // A later request may start before this one ends: release only what is surely earlier.
    const horizon = requestStart + gapMs * 0.5 - 1;
    while (pending.length > 0 && pending[0]!.timestamp <= horizon && produced < count) {
      produced += 1;
      yield pending.shift()!;
    }
  }
}
