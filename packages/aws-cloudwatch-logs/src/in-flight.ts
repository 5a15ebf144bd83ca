interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

/**
 * Runs at most one operation per key at a time: callers asking for a key already in flight
 * wait for the same promise. Each caller may abandon the wait with its own signal; the
 * shared operation is aborted only when every waiter has abandoned it.
 */
export class InFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();

  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#flights.get(key);
    if (flight === undefined) {
      const controller = new AbortController();
      const created: Flight<T> = {
        promise: Promise.resolve(undefined as T),
        controller,
        waiters: 0,
      };
      created.promise = Promise.resolve()
        .then(() => start(controller.signal))
        .finally(() => {
          if (this.#flights.get(key) === created) this.#flights.delete(key);
        });
      // Waiters observe the outcome; this keeps an abandoned flight from being "unhandled".
      created.promise.catch(() => {});
      this.#flights.set(key, created);
      flight = created;
    }
    return this.#wait(key, flight, signal);
  }

  /** How many keys are in flight (for tests and diagnostics). */
  get size(): number {
    return this.#flights.size;
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters++;
    if (signal === undefined) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        flight.waiters--;
        if (flight.waiters === 0) {
          // Nobody waits any more: stop the work, and let the next caller start afresh.
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
          flight.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
