import { describe, expect, it } from 'vitest';
import { InFlight } from '../src/in-flight.js';
import { KnownResources } from '../src/known-resources.js';

describe('InFlight', () => {
  it('runs one operation per key and shares its outcome', async () => {
    const flights = new InFlight<number>();
    let starts = 0;
    const start = async () => {
      starts++;
      return 7;
    };
    const results = await Promise.all([
      flights.run('k', start),
      flights.run('k', start),
      flights.run('other', start),
    ]);
    expect(results).toEqual([7, 7, 7]);
    expect(starts).toBe(2);
    expect(flights.size).toBe(0);
  });

  it('starts afresh after a flight settles', async () => {
    const flights = new InFlight<number>();
    let starts = 0;
    await flights.run('k', async () => ++starts);
    expect(await flights.run('k', async () => ++starts)).toBe(2);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flights = new InFlight<void>();
    await expect(
      flights.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });

  it('does not abort the shared work while a waiter without a signal remains', async () => {
    const flights = new InFlight<string>();
    let shared: AbortSignal | undefined;
    let finish: ((v: string) => void) | undefined;
    const start = (signal: AbortSignal) => {
      shared = signal;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const controller = new AbortController();
    const leaving = flights.run('k', start, controller.signal);
    const staying = flights.run('k', start);
    await new Promise((r) => setImmediate(r));
    controller.abort(new Error('left'));
    await expect(leaving).rejects.toThrow('left');
    expect(shared?.aborted).toBe(false);
    finish?.('done');
    expect(await staying).toBe('done');
  });
});

describe('KnownResources', () => {
  it('forgets the oldest entries beyond its capacity', () => {
    const known = new KnownResources(2);
    known.addStream('g', 'a');
    known.addStream('g', 'b');
    known.addStream('g', 'c');
    expect(known.hasStream('g', 'a')).toBe(false);
    expect(known.hasStream('g', 'b')).toBe(true);
    expect(known.hasStream('g', 'c')).toBe(true);
  });

  it('keeps recently refreshed entries', () => {
    const known = new KnownResources(2);
    known.addStream('g', 'a');
    known.addStream('g', 'b');
    known.addStream('g', 'a');
    known.addStream('g', 'c');
    expect(known.hasStream('g', 'a')).toBe(true);
    expect(known.hasStream('g', 'b')).toBe(false);
  });

  it('forgetting a group forgets its streams only', () => {
    const known = new KnownResources();
    known.addStream('g', 's');
    known.addStream('g2', 's');
    known.forgetGroup('g');
    expect(known.hasGroup('g')).toBe(false);
    expect(known.hasStream('g', 's')).toBe(false);
    expect(known.hasStream('g2', 's')).toBe(true);
  });
});
