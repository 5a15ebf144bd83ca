import { createVirtualTime } from '@integrations/resilience';
import { expect, it } from 'vitest';
import { clientSink, createBatchBuffer, type DroppedEvents } from '../src/index.js';
import { awsError, harness, NOW } from './helpers/harness.js';

it('a standalone buffer on a client sends through events.put and creates what is missing', async () => {
  const h = harness();
  h.reply(
    'PutLogEvents',
    awsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
  );
  const time = createVirtualTime(NOW);
  const dropped: DroppedEvents[] = [];
  const buffer = createBatchBuffer({
    ...clientSink(h.client),
    clock: time.clock,
    sleep: time.sleep,
    onDropped: (d) => dropped.push(d),
  });
  buffer.add('/app/standalone', 'w-1', { timestamp: NOW + 1, message: 'second' });
  buffer.add('/app/standalone', 'w-1', { timestamp: NOW, message: 'first' });
  expect(await buffer.flush()).toEqual({ sent: 2, rejected: 0, failed: 0, dropped: 0 });
  expect(h.targets()).toEqual(['PutLogEvents', 'CreateLogStream', 'PutLogEvents']);
  expect(h.requests.at(-1)?.body).toEqual({
    logGroupName: '/app/standalone',
    logStreamName: 'w-1',
    logEvents: [
      { timestamp: NOW, message: 'first' },
      { timestamp: NOW + 1, message: 'second' },
    ],
  });

  // The client's checks apply: an event over 14 days old fails its batch, reported, not sent.
  buffer.add('/app/standalone', 'w-1', { timestamp: NOW - 15 * 86_400_000, message: 'stale' });
  expect(await buffer.flush()).toMatchObject({ sent: 0, failed: 1 });
  expect(dropped).toMatchObject([{ reason: 'failed', events: [{ message: 'stale' }] }]);
  expect(h.targets()).toHaveLength(3);
  await buffer.close();
});

it('recreates a stream deleted elsewhere although the client saw it exist', async () => {
  const h = harness();
  await h.client.streams.ensureExists('/app/standalone', 'w-1');
  h.reply(
    'PutLogEvents',
    awsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
  );
  const time = createVirtualTime(NOW);
  const buffer = createBatchBuffer({
    ...clientSink(h.client),
    clock: time.clock,
    sleep: time.sleep,
  });
  buffer.add('/app/standalone', 'w-1', { timestamp: NOW, message: 'kept' });
  expect(await buffer.flush()).toEqual({ sent: 1, rejected: 0, failed: 0, dropped: 0 });
  expect(h.targets()).toEqual([
    'CreateLogStream',
    'PutLogEvents',
    'CreateLogStream',
    'PutLogEvents',
  ]);
  await buffer.close();
});
