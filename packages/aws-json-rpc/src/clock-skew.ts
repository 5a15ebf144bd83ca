import { CLOCK_SKEW_ERROR_CODES } from './error-codes.js';

const SKEW_CODES = new Set(CLOCK_SKEW_ERROR_CODES);
// "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)"
const MESSAGE_SERVER_TIME =
  /\((\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\s*[+-]\s*\d+\s*min\.?\)/;

export interface SkewErrorLike {
  code: string;
  message: string;
  serverTime?: number;
}

/** The server's time as a skew error tells it: its `Date` header, else its message. */
export function serverTimeOf(error: SkewErrorLike): number | undefined {
  if (error.serverTime !== undefined && Number.isFinite(error.serverTime)) return error.serverTime;
  const m = MESSAGE_SERVER_TIME.exec(error.message);
  if (m === null) return undefined;
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
}

/**
 * Keeps the offset between this machine's clock and AWS's. AWS refuses signatures more than
 * five minutes off its clock; after such a refusal the offset is learnt from the server's time
 * and every later request (the retry of the refused one first) is signed with corrected time.
 */
export class ClockSkewCorrector {
  #offsetMs = 0;
  readonly #now: () => number;
  readonly #thresholdMs: number;

  constructor(now: () => number, thresholdMs = 60_000) {
    this.#now = now;
    this.#thresholdMs = thresholdMs;
  }

  /** Milliseconds to add to the local clock to get the server's. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** The corrected time to sign with. */
  now(): number {
    return this.#now() + this.#offsetMs;
  }

  /**
   * Learns from a refused request signed at `signedAt`. Returns `true` when the refusal is a clock
   * skew (a skew code and a server time far from `signedAt`): re-signing now gives a different,
   * corrected time, so one immediate retry is worth making. The offset is updated unless an
   * earlier correction (from a concurrent request) already fixed it.
   */
  correct(error: SkewErrorLike, signedAt: number): boolean {
    if (!SKEW_CODES.has(error.code)) return false;
    const serverTime = serverTimeOf(error);
    if (serverTime === undefined) return false;
    if (Math.abs(serverTime - signedAt) <= this.#thresholdMs) return false;
    const local = this.#now();
    if (Math.abs(serverTime - (local + this.#offsetMs)) > this.#thresholdMs) {
      this.#offsetMs = serverTime - local;
    }
    return true;
  }
}
