// The CloudWatch Logs client against the emulator through the real stack: node:http (and
// undici, in the `undici` project) over 127.0.0.1, SigV4 signed by the client and verified by
// the emulator. Every method of every service, and every paginated listing over more than
// three pages.
import {
  type CloudWatchLogsClient,
  createCloudWatchLogsClientFromEnv,
  RetentionDays,
  TimeRange,
} from '@integrations/aws-cloudwatch-logs';
import type { AwsLogsEvent, Emulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { createAwsJsonRpcClient } from '@integrations/aws-json-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  credentialsOf,
  type RequestLog,
  startLoggedEmulator,
} from './support/harness.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:e2e-sink';
const delivered: AwsLogsEvent[] = [];
let emulator: Emulator;
let log: RequestLog;
let client: CloudWatchLogsClient;

beforeAll(async () => {
  ({ emulator, log } = await startLoggedEmulator({
    // Five subscription filters on one group, to page through them one at a time.
    limits: { subscriptionFiltersPerGroup: 10 },
    subscriptionTargets: { [LAMBDA]: (event) => void delivered.push(event) },
  }));
  client = clientFor(emulator);
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

/** Requests of `operation` made while `run` ran. */
async function requestsDuring(operation: string, run: () => Promise<unknown>): Promise<number> {
  const before = log.count(operation);
  await run();
  return log.count(operation) - before;
}

const base = Date.now() - 10 * 60_000;

describe('settings and lifecycle', () => {
  it('exposes the settings it was created with', async () => {
    const configured = clientFor(emulator, {
      defaultLogGroup: '/ops/default',
      defaultRetentionDays: RetentionDays.TwoWeeks,
    });
    expect(configured.settings).toEqual({
      region: 'us-east-1',
      defaultLogGroup: '/ops/default',
      defaultRetentionDays: 14,
    });
    expect(Object.isFrozen(configured.settings)).toBe(true);
    const first = configured.close();
    expect(configured.close()).toBe(first);
    await first;
  });

  it('applies defaultRetentionDays to every group it creates', async () => {
    const configured = clientFor(emulator, { defaultRetentionDays: RetentionDays.OneWeek });
    try {
      await configured.groups.create({ logGroupName: '/ops/default-retention' });
      await configured.streams.ensureExists('/ops/default-retention-2', 's', { createGroup: true });
      expect(await configured.retention.get('/ops/default-retention')).toBe(7);
      expect(await configured.retention.get('/ops/default-retention-2')).toBe(7);
    } finally {
      await configured.close();
    }
  });
});

describe('groups', () => {
  const kmsKeyId = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('creates a group with tags, class and KMS key, and describes it', async () => {
    const name = '/ops/groups/tagged';
    await client.groups.create({
      logGroupName: name,
      tags: { team: 'core', env: 'e2e' },
      logGroupClass: 'INFREQUENT_ACCESS',
      kmsKeyId,
    });
    const page = await client.groups.describe({ logGroupNamePrefix: name });
    expect(page.logGroups).toHaveLength(1);
    expect(page.logGroups[0]).toMatchObject({
      logGroupName: name,
      logGroupClass: 'INFREQUENT_ACCESS',
      kmsKeyId,
      arn: `arn:aws:logs:us-east-1:000000000000:log-group:${name}:*`,
      logGroupArn: `arn:aws:logs:us-east-1:000000000000:log-group:${name}`,
      storedBytes: 0,
    });
    expect(page.logGroups[0]?.creationTime).toBeTypeOf('number');

    // The tags arrived: read them back with a separate protocol client (the oracle).
    const oracle = createAwsJsonRpcClient({
      targetPrefix: 'Logs_20140328',
      signingName: 'logs',
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: credentialsOf(emulator),
      transport: emulator.transport(),
      resilience: false,
    });
    const tags = await oracle.call<{ tags: Record<string, string> }>('ListTagsForResource', {
      resourceArn: page.logGroups[0]?.logGroupArn,
    });
    expect(tags.tags).toEqual({ team: 'core', env: 'e2e' });
  });

  it('tells whether a group of exactly that name exists', async () => {
    await client.groups.create({ logGroupName: '/ops/exists/app' });
    await client.groups.create({ logGroupName: '/ops/exists/app-2' });
    expect(await client.groups.exists('/ops/exists/app')).toBe(true);
    expect(await client.groups.exists('/ops/exists/app-2')).toBe(true);
    // A prefix of existing groups is not a group.
    expect(await client.groups.exists('/ops/exists/ap')).toBe(false);
    expect(await client.groups.exists('/ops/exists/none')).toBe(false);
  });

  it('deletes a group with its streams and events', async () => {
    const name = '/ops/groups/doomed';
    await client.groups.create({ logGroupName: name });
    await client.streams.create(name, 's');
    await client.events.put({
      logGroupName: name,
      logStreamName: 's',
      logEvents: [{ timestamp: base, message: 'gone soon' }],
    });
    await client.groups.delete(name);
    expect(await client.groups.exists(name)).toBe(false);
    // The client forgot the stream it knew: ensureExists must ask the server again.
    const creates = await requestsDuring('CreateLogGroup', () =>
      client.streams.ensureExists(name, 's', { createGroup: true }),
    );
    expect(creates).toBe(1);
  });

  it('lists every group by prefix across more than three pages', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `/ops/list/alpha-${i}`);
    for (const logGroupName of names) await client.groups.create({ logGroupName });
    await client.groups.create({ logGroupName: '/ops/listing-not-matched' });
    let listed: string[] = [];
    const pages = await requestsDuring('DescribeLogGroups', async () => {
      listed = (
        await collect(client.groups.listAll({ logGroupNamePrefix: '/ops/list/', pageSize: 2 }))
      ).map((g) => g.logGroupName ?? '');
    });
    expect(listed).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(5);
  });

  it('lists every group by pattern (case-insensitive substring) across more than three pages', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `/ops/pattern/${i}/Needle-${i}`);
    for (const logGroupName of names) await client.groups.create({ logGroupName });
    await client.groups.create({ logGroupName: '/ops/pattern/hay' });
    let listed: string[] = [];
    const pages = await requestsDuring('DescribeLogGroups', async () => {
      listed = (
        await collect(client.groups.listAll({ logGroupNamePattern: 'needle', pageSize: 1 }))
      ).map((g) => g.logGroupName ?? '');
    });
    expect(listed).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(5);
    // The wire request carried the pattern and page size, not a prefix.
    const last = log.seen.filter((r) => r.operation === 'DescribeLogGroups').at(-1);
    expect(last?.input).toMatchObject({ logGroupNamePattern: 'needle', limit: 1 });
    expect(last?.input).not.toHaveProperty('logGroupNamePrefix');
  });

  it('stops fetching pages when the loop breaks', async () => {
    const pages = await requestsDuring('DescribeLogGroups', async () => {
      for await (const group of client.groups.listAll({
        logGroupNamePrefix: '/ops/list/',
        pageSize: 2,
      })) {
        if (group.logGroupName === '/ops/list/alpha-2') break;
      }
    });
    expect(pages).toBe(2);
  });
});

describe('streams', () => {
  const group = '/ops/streams';

  beforeAll(async () => {
    await client.groups.create({ logGroupName: group });
  });

  it('creates, describes and deletes streams', async () => {
    await client.streams.create(group, 'web-1');
    await client.streams.create(group, 'web-2');
    await client.events.put({
      logGroupName: group,
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: base, message: 'first' },
        { timestamp: base + 5, message: 'last' },
      ],
    });
    const page = await client.streams.describe({
      logGroupName: group,
      logStreamNamePrefix: 'web-',
      descending: true,
    });
    expect(page.logStreams.map((s) => s.logStreamName)).toEqual(['web-2', 'web-1']);
    expect(page.logStreams[1]).toMatchObject({
      firstEventTimestamp: base,
      lastEventTimestamp: base + 5,
      arn: `arn:aws:logs:us-east-1:000000000000:log-group:${group}:log-stream:web-1`,
    });

    await client.streams.delete(group, 'web-2');
    const after = await client.streams.describe({
      logGroupName: group,
      logStreamNamePrefix: 'web-',
    });
    expect(after.logStreams.map((s) => s.logStreamName)).toEqual(['web-1']);
  });

  it('orders by last event time', async () => {
    const g = '/ops/streams/by-time';
    await client.groups.create({ logGroupName: g });
    for (const [stream, offset] of [
      ['late', 30],
      ['early', 10],
      ['middle', 20],
    ] as const) {
      await client.streams.create(g, stream);
      await client.events.put({
        logGroupName: g,
        logStreamName: stream,
        logEvents: [{ timestamp: base + offset, message: stream }],
      });
    }
    const page = await client.streams.describe({
      logGroupName: g,
      orderBy: 'LastEventTime',
      descending: true,
    });
    expect(page.logStreams.map((s) => s.logStreamName)).toEqual(['late', 'middle', 'early']);
  });

  it('lists every stream across more than three pages', async () => {
    const g = '/ops/streams/many';
    await client.groups.create({ logGroupName: g });
    const names = Array.from({ length: 9 }, (_, i) => `s-${String(i).padStart(2, '0')}`);
    for (const name of names) await client.streams.create(g, name);
    let listed: string[] = [];
    const pages = await requestsDuring('DescribeLogStreams', async () => {
      listed = (await collect(client.streams.listAll({ logGroupName: g, pageSize: 2 }))).map(
        (s) => s.logStreamName ?? '',
      );
    });
    expect(listed).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(5);
  });

  it('ensureExists: many concurrent calls for one stream send one CreateLogStream', async () => {
    const fresh = clientFor(emulator);
    try {
      const before = log.count('CreateLogStream');
      await Promise.all(
        Array.from({ length: 40 }, () => fresh.streams.ensureExists(group, 'concurrent')),
      );
      expect(log.count('CreateLogStream') - before).toBe(1);
      // Known now: later calls send nothing at all.
      const total = log.seen.length;
      await Promise.all(
        Array.from({ length: 10 }, () => fresh.streams.ensureExists(group, 'concurrent')),
      );
      expect(log.seen.length).toBe(total);
    } finally {
      await fresh.close();
    }
  });

  it('ensureExists with createGroup: one CreateLogGroup for many streams of a missing group', async () => {
    const g = '/ops/streams/ensure-group';
    const streams = ['a', 'b', 'c'];
    const fresh = clientFor(emulator);
    try {
      const groupsBefore = log.count('CreateLogGroup', (i) => i.logGroupName === g);
      const streamsBefore = log.count('CreateLogStream', (i) => i.logGroupName === g);
      // The group is created only once every stream's first CreateLogStream has arrived (they
      // travel on separate connections, in no fixed order): each of them finds it missing.
      emulator.faults.set({ latencyMs: 300, operations: ['CreateLogGroup'] });
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fresh.streams.ensureExists(g, streams[i % 3] ?? 'a', { createGroup: true }),
        ),
      );
      emulator.faults.clear();
      expect(log.count('CreateLogGroup', (i) => i.logGroupName === g) - groupsBefore).toBe(1);
      // Per stream: one CreateLogStream that found the group missing, one that created it.
      for (const s of streams) {
        expect(
          log.count('CreateLogStream', (i) => i.logGroupName === g && i.logStreamName === s),
        ).toBe(2);
      }
      expect(log.count('CreateLogStream', (i) => i.logGroupName === g) - streamsBefore).toBe(6);
      const listed = await collect(fresh.streams.listAll({ logGroupName: g }));
      expect(listed.map((s) => s.logStreamName)).toEqual(streams);
    } finally {
      emulator.faults.clear();
      await fresh.close();
    }
  });

  it('ensureExists: two clients racing for one stream both succeed', async () => {
    const one = clientFor(emulator);
    const two = clientFor(emulator);
    try {
      const before = log.count('CreateLogStream');
      await Promise.all([
        one.streams.ensureExists(group, 'raced'),
        two.streams.ensureExists(group, 'raced'),
      ]);
      // One of them created it; the other's "already exists" counted as success.
      expect(log.count('CreateLogStream') - before).toBe(2);
      const page = await one.streams.describe({
        logGroupName: group,
        logStreamNamePrefix: 'raced',
      });
      expect(page.logStreams.map((s) => s.logStreamName)).toEqual(['raced']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('events', () => {
  const group = '/ops/events';

  beforeAll(async () => {
    await client.groups.create({ logGroupName: group });
    for (const s of ['a', 'b', 'c']) await client.streams.create(group, s);
  });

  it('puts a batch and reads it back with get', async () => {
    const response = await client.events.put({
      logGroupName: group,
      logStreamName: 'a',
      logEvents: [
        { timestamp: base, message: 'one' },
        { timestamp: base + 1, message: 'två ✓' },
        { timestamp: base + 2, message: 'three' },
      ],
    });
    expect(response.rejectedLogEventsInfo).toBeUndefined();

    const head = await client.events.get({
      logGroupName: group,
      logStreamName: 'a',
      startFromHead: true,
    });
    expect(head.events.map((e) => e.message)).toEqual(['one', 'två ✓', 'three']);
    expect(head.events[0]).toMatchObject({ timestamp: base });
    expect(head.events[0]?.ingestionTime).toBeTypeOf('number');
    expect(head.nextForwardToken).toMatch(/^f\//);
    expect(head.nextBackwardToken).toMatch(/^b\//);

    const window = await client.events.get({
      logGroupName: group,
      logStreamName: 'a',
      startTime: base + 1,
      endTime: base + 2,
      startFromHead: true,
    });
    expect(window.events.map((e) => e.message)).toEqual(['två ✓']);
  });

  it('passes on the events the service rejected by index', async () => {
    const g = '/ops/events/retained';
    await client.groups.create({ logGroupName: g });
    await client.retention.set(g, RetentionDays.OneDay);
    await client.streams.create(g, 's');
    const hour = 3_600_000;
    const now = Date.now();
    const response = await client.events.put({
      logGroupName: g,
      logStreamName: 's',
      logEvents: [
        { timestamp: now - 25 * hour, message: 'older than the retention' },
        { timestamp: now - 25 * hour + 1, message: 'also expired' },
        { timestamp: now - 2 * hour, message: 'kept' },
      ],
    });
    expect(response.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 2 }); // exclusive, as AWS documents;
    const stored = await collect(client.events.getAll({ logGroupName: g, logStreamName: 's' }));
    expect(stored.map((e) => e.message)).toEqual(['kept']);
  });

  it('getAll follows forward tokens over more than three pages until they repeat', async () => {
    const stream = 'b';
    const messages = Array.from({ length: 23 }, (_, i) => `event ${i}`);
    await client.events.put({
      logGroupName: group,
      logStreamName: stream,
      logEvents: messages.map((message, i) => ({ timestamp: base + i, message })),
    });
    let got: string[] = [];
    const pages = await requestsDuring('GetLogEvents', async () => {
      got = (
        await collect(
          client.events.getAll({ logGroupName: group, logStreamName: stream, limit: 5 }),
        )
      ).map((e) => e.message ?? '');
    });
    expect(got).toEqual(messages);
    // Five pages of events, then one that answers the same forward token.
    expect(pages).toBe(6);
  });

  it('filter and filterAll interleave matching events of every stream across pages', async () => {
    const g = '/ops/events/filter';
    await client.groups.create({ logGroupName: g });
    const expected: string[] = [];
    for (const [s, stream] of ['x', 'y', 'z'].entries()) {
      await client.streams.create(g, stream);
      const logEvents = Array.from({ length: 8 }, (_, i) => {
        const level = i % 2 === 0 ? 'ERROR' : 'INFO';
        return {
          timestamp: base + i * 10 + s,
          message: JSON.stringify({ level, stream, i }),
        };
      });
      await client.events.put({ logGroupName: g, logStreamName: stream, logEvents });
    }
    for (let i = 0; i < 8; i += 2) {
      for (const stream of ['x', 'y', 'z'])
        expected.push(JSON.stringify({ level: 'ERROR', stream, i }));
    }

    const first = await client.events.filter({
      logGroupName: g,
      filterPattern: '{ $.level = "ERROR" }',
      limit: 3,
    });
    expect(first.events).toHaveLength(3);
    expect(first.nextToken).toBeTypeOf('string');
    expect(first.events[0]).toMatchObject({ logStreamName: 'x', timestamp: base });
    expect(first.events[0]?.eventId).toMatch(/^\d{56}$/);

    let got: string[] = [];
    const pages = await requestsDuring('FilterLogEvents', async () => {
      got = (
        await collect(
          client.events.filterAll({
            logGroupName: g,
            filterPattern: '{ $.level = "ERROR" }',
            limit: 3,
          }),
        )
      ).map((e) => e.message ?? '');
    });
    expect(got).toEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(4);

    const range = TimeRange.between(base + 20, base + 50);
    const bounded = await collect(
      client.events.filterAll({
        logGroupName: g,
        logStreamNames: ['y'],
        filterPattern: 'ERROR',
        ...range.toEpochMillis(),
      }),
    );
    expect(bounded.map((e) => JSON.parse(e.message ?? '{}').i)).toEqual([2, 4]);
  });
});

describe('retention', () => {
  it('sets, reads and removes a retention policy', async () => {
    const g = '/ops/retention';
    await client.groups.create({ logGroupName: g });
    expect(await client.retention.get(g)).toBeUndefined();
    await client.retention.set(g, RetentionDays.OneMonth);
    expect(await client.retention.get(g)).toBe(30);
    await client.retention.set(g, RetentionDays.TenYears);
    expect(await client.retention.get(g)).toBe(3653);
    await client.retention.remove(g);
    expect(await client.retention.get(g)).toBeUndefined();
  });
});

describe('subscription filters', () => {
  const group = '/ops/subscriptions';

  beforeAll(async () => {
    await client.groups.create({ logGroupName: group });
    await client.streams.create(group, 's');
  });

  it('puts, describes, delivers and deletes a subscription filter', async () => {
    await client.subscriptions.put({
      logGroupName: group,
      filterName: 'errors',
      filterPattern: 'ERROR',
      destinationArn: LAMBDA,
      distribution: 'ByLogStream',
    });
    const page = await client.subscriptions.describe({ logGroupName: group });
    expect(page.subscriptionFilters).toHaveLength(1);
    expect(page.subscriptionFilters[0]).toMatchObject({
      filterName: 'errors',
      logGroupName: group,
      filterPattern: 'ERROR',
      destinationArn: LAMBDA,
      distribution: 'ByLogStream',
    });

    await client.events.put({
      logGroupName: group,
      logStreamName: 's',
      logEvents: [
        { timestamp: base, message: 'ERROR disk full' },
        { timestamp: base + 1, message: 'INFO fine' },
      ],
    });
    await emulator.subscriptions.flush();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.awslogs.data).toBeTypeOf('string');

    // Put replaces the filter of that name.
    await client.subscriptions.put({
      logGroupName: group,
      filterName: 'errors',
      filterPattern: '',
      destinationArn: LAMBDA,
    });
    const replaced = await client.subscriptions.describe({ logGroupName: group });
    expect(replaced.subscriptionFilters.map((f) => f.filterPattern)).toEqual(['']);

    await client.subscriptions.delete(group, 'errors');
    expect(
      (await client.subscriptions.describe({ logGroupName: group })).subscriptionFilters,
    ).toEqual([]);
  });

  it('lists every subscription filter across more than three pages', async () => {
    const g = '/ops/subscriptions/many';
    await client.groups.create({ logGroupName: g });
    const names = Array.from({ length: 5 }, (_, i) => `f-${i}`);
    for (const filterName of names) {
      await client.subscriptions.put({
        logGroupName: g,
        filterName,
        filterPattern: filterName,
        destinationArn: LAMBDA,
      });
    }
    let listed: string[] = [];
    const pages = await requestsDuring('DescribeSubscriptionFilters', async () => {
      listed = (await collect(client.subscriptions.listAll({ logGroupName: g, limit: 1 }))).map(
        (f) => f.filterName ?? '',
      );
    });
    expect(listed).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(5);
  });
});

describe('metric filters', () => {
  const group = '/ops/metric-filters';

  beforeAll(async () => {
    await client.groups.create({ logGroupName: group });
    await client.streams.create(group, 's');
  });

  it('puts, describes, counts and deletes a metric filter', async () => {
    await client.metricFilters.put({
      logGroupName: group,
      filterName: 'latency',
      filterPattern: '{ $.latencyMs > 100 }',
      metricTransformations: [
        {
          metricName: 'SlowRequests',
          metricNamespace: 'E2E',
          metricValue: '$.latencyMs',
          unit: 'Milliseconds',
        },
      ],
    });
    const byGroup = await client.metricFilters.describe({ logGroupName: group });
    expect(byGroup.metricFilters).toHaveLength(1);
    expect(byGroup.metricFilters[0]).toMatchObject({
      filterName: 'latency',
      logGroupName: group,
      filterPattern: '{ $.latencyMs > 100 }',
      metricTransformations: [
        {
          metricName: 'SlowRequests',
          metricNamespace: 'E2E',
          metricValue: '$.latencyMs',
          unit: 'Milliseconds',
        },
      ],
    });
    const byMetric = await client.metricFilters.describe({
      metricName: 'SlowRequests',
      metricNamespace: 'E2E',
    });
    expect(byMetric.metricFilters.map((f) => f.filterName)).toEqual(['latency']);

    await client.events.put({
      logGroupName: group,
      logStreamName: 's',
      logEvents: [50, 150, 250].map((latencyMs, i) => ({
        timestamp: base + i,
        message: JSON.stringify({ latencyMs }),
      })),
    });
    expect(emulator.metrics({ metricNamespace: 'E2E', metricName: 'SlowRequests' })).toEqual([
      expect.objectContaining({ sampleCount: 2, sum: 400, minimum: 150, maximum: 250 }),
    ]);

    await client.metricFilters.delete(group, 'latency');
    expect((await client.metricFilters.describe({ logGroupName: group })).metricFilters).toEqual(
      [],
    );
  });

  it('lists every metric filter across more than three pages', async () => {
    const g = '/ops/metric-filters/many';
    await client.groups.create({ logGroupName: g });
    const names = Array.from({ length: 6 }, (_, i) => `m-${i}`);
    for (const filterName of names) {
      await client.metricFilters.put({
        logGroupName: g,
        filterName,
        filterPattern: 'ERROR',
        metricTransformations: [
          { metricName: filterName, metricNamespace: 'E2E/Many', metricValue: '1' },
        ],
      });
    }
    let listed: string[] = [];
    const pages = await requestsDuring('DescribeMetricFilters', async () => {
      listed = (
        await collect(
          client.metricFilters.listAll({ logGroupName: g, filterNamePrefix: 'm-', limit: 1 }),
        )
      ).map((f) => f.filterName ?? '');
    });
    expect(listed).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(6);
  });
});

describe('from the environment', () => {
  it('reaches the emulator through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', async () => {
    const fromEnv = createCloudWatchLogsClientFromEnv({
      env: { AWS_REGION: emulator.region, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: emulator.endpoint },
      credentials: credentialsOf(emulator),
    });
    try {
      await fromEnv.groups.create({ logGroupName: '/ops/from-env' });
      expect(await fromEnv.groups.exists('/ops/from-env')).toBe(true);
    } finally {
      await fromEnv.close();
    }
    expect(log.seen.at(-1)?.operation).toBe('DescribeLogGroups');
  });
});
