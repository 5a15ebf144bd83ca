/** Where the client reads the time (epoch milliseconds, UTC); injected so tests never wait. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
