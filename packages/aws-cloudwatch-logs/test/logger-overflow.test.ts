import { createVirtualTime } from '@integrations/resilience';
import { expect, it } from 'vitest';
import { BufferFullError, createBatchBuffer, type DroppedEvents } from '../src/index.js';
import { harness, NOW } from './helpers/harness.js';

it("offer() drops and reports where add() throws under overflow 'error'; other errors still throw", async () => {
  const time = createVirtualTime(NOW);
  const dropped: DroppedEvents[] = [];
  const sent: string[] = [];
  const buffer = createBatchBuffer({
    put: async (_g, _s, events) => {
      for (const e of events) sent.push(e.message);
      return {};
    },
    clock: time.clock,
    sleep: time.sleep,
    maxBufferedBytes: 60,
    overflow: 'error',
    onDropped: (d) => dropped.push(d),
  });
  buffer.add('/g', 's', { timestamp: NOW, message: 'a'.repeat(20) }); // 46 bytes
  expect(() => buffer.add('/g', 's', { timestamp: NOW, message: 'thrown' })).toThrow(
    BufferFullError,
  );
  expect(buffer.offer('/g', 's', { timestamp: NOW, message: 'reported' })).toBeUndefined();
  expect(dropped).toMatchObject([
    { logStreamName: 's', reason: 'buffer-full', events: [{ message: 'reported' }] },
  ]);
  expect(() => buffer.offer('/g', 's', { timestamp: NOW, message: '' })).toThrow(
    expect.objectContaining({ name: 'ValidationError' }),
  );
  expect(await buffer.flush()).toMatchObject({ sent: 1 });
  expect(buffer.stats()).toMatchObject({ dropped: 1 });
  // With room again, offer() queues as add() does.
  buffer.offer('/g', 's', { timestamp: NOW, message: 'later' });
  await buffer.close();
  expect(sent).toEqual(['a'.repeat(20), 'later']);
});

it("the logger never throws and never loses an event silently under overflow 'error'", async () => {
  const dropped: DroppedEvents[] = [];
  const time = createVirtualTime(NOW);
  const h = harness(
    {},
    {
      sleep: time.sleep,
      buffer: { maxBufferedBytes: 1_048_576, overflow: 'error', onDropped: (d) => dropped.push(d) },
    },
  );
  const log = h.client.logger({ logGroup: '/app/api', logStream: 'web-1' });
  const big = 'x'.repeat(200_000);
  for (let i = 0; i < 8; i += 1) log.info(big, { i });
  // About five of these fit in 1 MiB; the rest are reported, none is thrown.
  expect(dropped.length).toBeGreaterThan(0);
  expect(dropped.every((d) => d.reason === 'buffer-full')).toBe(true);
  const report = await h.client.flush();
  expect(report.sent + dropped.length).toBe(8);
  expect('logStructured' in h.client.events).toBe(false);
  // putStructured itself still throws, for callers who chose 'error' to handle it.
  for (let i = 0; i < 8; i += 1) log.info(big);
  expect(() =>
    h.client.events.putStructured('/app/api', 'web-1', { level: 'INFO', message: big }),
  ).toThrow(BufferFullError);
  await h.client.close();
});
