import { EmulatorConfigError } from './errors.js';

/** An error the emulator can be told to answer with instead of serving a request. */
export type InjectedError =
  | 'ThrottlingException'
  | 'ServiceUnavailableException'
  | 'InternalFailure';

export interface FaultSettings {
  /** Share of requests (0–1) answered `ThrottlingException` (HTTP 400). */
  throttleRate?: number;
  /** Share of requests (0–1) answered `ServiceUnavailableException` (HTTP 503). */
  serverErrorRate?: number;
  /** Delay (ms) added before every request is served. */
  latencyMs?: number;
  /** Share of requests (0–1) whose connection is reset instead of answered. */
  resetRate?: number;
  /**
   * When a reset happens: `before` the request is served (nothing stored), `after` it was
   * served (the batch is stored but the client never hears so), or `either` at random.
   */
  resetWhen?: 'before' | 'after' | 'either';
  /** The next N requests fail: a count (with `ThrottlingException`) or a count and an error. */
  rejectNext?: number | { count: number; error?: InjectedError | 'reset' };
  /** Only these operations (e.g. `['PutLogEvents']`) are subject to faults; all when absent. */
  operations?: string[];
  /** Seed of the random draws, so a run with the same requests fails the same way. */
  seed?: number;
}

export interface FaultStats {
  throttled: number;
  serverErrors: number;
  resets: number;
  rejected: number;
  delayed: number;
}

export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'error'; error: InjectedError; latencyMs: number }
  | { kind: 'reset'; when: 'before' | 'after'; latencyMs: number };

const rate = (field: string, value: unknown): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new EmulatorConfigError(
      `faults.${field}`,
      `faults.${field} must be a number from 0 to 1, got ${JSON.stringify(value)}`,
    );
  return value;
};

const ERRORS: ReadonlyArray<InjectedError | 'reset'> = [
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalFailure',
  'reset',
];

/** Checks fault settings from code or from `POST /_emulator/faults`. */
export function parseFaultSettings(value: unknown): FaultSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EmulatorConfigError('faults', 'fault settings must be an object');
  const v = value as Record<string, unknown>;
  const known = new Set([
    'throttleRate',
    'serverErrorRate',
    'latencyMs',
    'resetRate',
    'resetWhen',
    'rejectNext',
    'operations',
    'seed',
  ]);
  for (const key of Object.keys(v))
    if (!known.has(key))
      throw new EmulatorConfigError(
        `faults.${key}`,
        `unknown fault setting ${key}; known: ${[...known].join(', ')}`,
      );
  const out: FaultSettings = {};
  const throttleRate = rate('throttleRate', v.throttleRate);
  if (throttleRate !== undefined) out.throttleRate = throttleRate;
  const serverErrorRate = rate('serverErrorRate', v.serverErrorRate);
  if (serverErrorRate !== undefined) out.serverErrorRate = serverErrorRate;
  const resetRate = rate('resetRate', v.resetRate);
  if (resetRate !== undefined) out.resetRate = resetRate;
  if (v.latencyMs !== undefined) {
    if (typeof v.latencyMs !== 'number' || !(v.latencyMs >= 0) || v.latencyMs > 600_000)
      throw new EmulatorConfigError(
        'faults.latencyMs',
        `faults.latencyMs must be 0 to 600000, got ${JSON.stringify(v.latencyMs)}`,
      );
    out.latencyMs = v.latencyMs;
  }
  if (v.resetWhen !== undefined) {
    if (v.resetWhen !== 'before' && v.resetWhen !== 'after' && v.resetWhen !== 'either')
      throw new EmulatorConfigError(
        'faults.resetWhen',
        `faults.resetWhen must be before, after or either, got ${JSON.stringify(v.resetWhen)}`,
      );
    out.resetWhen = v.resetWhen;
  }
  if (v.rejectNext !== undefined) {
    const r = v.rejectNext;
    const count =
      typeof r === 'number'
        ? r
        : typeof r === 'object' && r !== null
          ? (r as { count?: unknown }).count
          : undefined;
    const error =
      typeof r === 'object' && r !== null ? (r as { error?: unknown }).error : undefined;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      throw new EmulatorConfigError(
        'faults.rejectNext',
        `faults.rejectNext must be a count of requests, or { count, error }, got ${JSON.stringify(r)}`,
      );
    if (error !== undefined && !ERRORS.includes(error as InjectedError))
      throw new EmulatorConfigError(
        'faults.rejectNext.error',
        `faults.rejectNext.error must be one of ${ERRORS.join(', ')}, got ${JSON.stringify(error)}`,
      );
    out.rejectNext =
      error === undefined ? count : { count, error: error as InjectedError | 'reset' };
  }
  if (v.operations !== undefined) {
    if (!Array.isArray(v.operations) || v.operations.some((o) => typeof o !== 'string'))
      throw new EmulatorConfigError(
        'faults.operations',
        'faults.operations must be a list of operation names',
      );
    out.operations = [...(v.operations as string[])];
  }
  if (v.seed !== undefined) {
    if (typeof v.seed !== 'number' || !Number.isInteger(v.seed))
      throw new EmulatorConfigError(
        'faults.seed',
        `faults.seed must be an integer, got ${JSON.stringify(v.seed)}`,
      );
    out.seed = v.seed;
  }
  return out;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same draws. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Decides, request by request, whether to delay, fail or reset it. Each request subject to
 * faults takes the same number of random draws, so a seed replays the same sequence.
 */
export class FaultController {
  private settings: FaultSettings = {};
  private random: () => number;
  private remainingRejects = 0;
  private readonly defaultSeed: number;
  readonly stats: FaultStats = {
    throttled: 0,
    serverErrors: 0,
    resets: 0,
    rejected: 0,
    delayed: 0,
  };

  constructor(seed = 1) {
    this.defaultSeed = seed;
    this.random = seededRandom(seed);
  }

  /** Replaces the fault settings (validated); resets the random sequence to the seed. */
  set(settings: FaultSettings): void {
    const parsed = parseFaultSettings(settings);
    this.settings = parsed;
    this.random = seededRandom(parsed.seed ?? this.defaultSeed);
    const r = parsed.rejectNext;
    this.remainingRejects = r === undefined ? 0 : typeof r === 'number' ? r : r.count;
  }

  get(): FaultSettings & { rejectsRemaining: number } {
    return { ...this.settings, rejectsRemaining: this.remainingRejects };
  }

  clear(): void {
    this.set({});
  }

  decide(operation: string): FaultDecision {
    const s = this.settings;
    const latencyMs = s.latencyMs ?? 0;
    if (s.operations && !s.operations.includes(operation)) return { kind: 'none', latencyMs: 0 };
    if (latencyMs > 0) this.stats.delayed += 1;
    if (this.remainingRejects > 0) {
      this.remainingRejects -= 1;
      this.stats.rejected += 1;
      const r = s.rejectNext;
      const error =
        typeof r === 'object' ? (r.error ?? 'ThrottlingException') : 'ThrottlingException';
      if (error === 'reset') {
        this.stats.resets += 1;
        return { kind: 'reset', when: 'before', latencyMs };
      }
      return { kind: 'error', error, latencyMs };
    }
    const throttle = this.random();
    const serverError = this.random();
    const reset = this.random();
    const when = this.random();
    if (throttle < (s.throttleRate ?? 0)) {
      this.stats.throttled += 1;
      return { kind: 'error', error: 'ThrottlingException', latencyMs };
    }
    if (serverError < (s.serverErrorRate ?? 0)) {
      this.stats.serverErrors += 1;
      return { kind: 'error', error: 'ServiceUnavailableException', latencyMs };
    }
    if (reset < (s.resetRate ?? 0)) {
      this.stats.resets += 1;
      const mode = s.resetWhen ?? 'either';
      return {
        kind: 'reset',
        when: mode === 'either' ? (when < 0.5 ? 'before' : 'after') : mode,
        latencyMs,
      };
    }
    return { kind: 'none', latencyMs };
  }
}
