// The client's `buffer` and `redaction` options are checked by zod when the client is created.
import { fromStatic } from '@integrations/aws-credentials';
import { expect, it } from 'vitest';
import {
  type CloudWatchLogsClientConfig,
  ConfigurationError,
  createCloudWatchLogsClient,
} from '../src/index.js';
import { fakeTransport } from './helpers/fake-transport.js';

const credentials = fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

function problem(extra: Partial<CloudWatchLogsClientConfig>): [string, string] | undefined {
  try {
    const client = createCloudWatchLogsClient({
      region: 'us-east-1',
      credentials,
      transport: fakeTransport(),
      ...extra,
    } as CloudWatchLogsClientConfig);
    void client.close();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return [(error as ConfigurationError).field, (error as Error).message];
  }
}

it('accepts every buffer and redaction setting within its limits', () => {
  expect(
    problem({
      buffer: {
        maxBatchEvents: 10_000,
        maxBatchBytes: 1_048_576,
        flushIntervalMs: 1000,
        concurrency: 8,
        maxBufferedBytes: 8 * 1024 * 1024,
        overflow: 'drop-oldest',
        oversized: 'split',
        autoCreate: false,
        closeTimeoutMs: 0,
        onDropped: () => undefined,
        onRejected: () => undefined,
      },
      redaction: { fields: ['ssn'], patterns: [{ name: 'order', regex: /ORD-\d+/g }] },
    }),
  ).toBeUndefined();
  expect(problem({ redaction: true })).toBeUndefined();
});

it.each([
  [{ maxBatchEvents: 10_001 }, 'buffer.maxBatchEvents'],
  [{ maxBatchEvents: 0 }, 'buffer.maxBatchEvents'],
  [{ maxBatchBytes: 1_048_577 }, 'buffer.maxBatchBytes'],
  [{ flushIntervalMs: 0 }, 'buffer.flushIntervalMs'],
  [{ concurrency: 0 }, 'buffer.concurrency'],
  [{ overflow: 'wait' }, 'buffer.overflow'],
  [{ oversized: 'drop' }, 'buffer.oversized'],
  [{ autoCreate: 'yes' }, 'buffer.autoCreate'],
  [{ onDropped: 'log' }, 'buffer.onDropped'],
  [{ onRejected: 1 }, 'buffer.onRejected'],
  [{ maxBatchSize: 10 }, 'buffer.maxBatchSize'],
])('refuses buffer %o, naming %s', (buffer, field) => {
  expect(problem({ buffer } as never)?.[0]).toBe(field);
});

it('refuses redaction settings that could not work', () => {
  // Without the g flag a pattern would redact only the first match in a string.
  expect(problem({ redaction: { patterns: [{ name: 'x', regex: /x/ }] } } as never)?.[0]).toMatch(
    /^redaction/,
  );
  expect(problem({ redaction: 'on' } as never)?.[0]).toBe('redaction');
});
