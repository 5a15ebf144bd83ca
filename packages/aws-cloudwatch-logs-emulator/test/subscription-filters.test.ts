import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AwsLogsEvent, DeliveryInfo, LogsDataMessage } from '../src/index.js';
import { groupWithStream, NOW, testEmulator } from './helpers.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:sink';
const subscription = (name: string, pattern: string, destinationArn = LAMBDA) => ({
  logGroupName: '/app/api',
  filterName: name,
  filterPattern: pattern,
  destinationArn,
});
const decode = (event: AwsLogsEvent): LogsDataMessage =>
  JSON.parse(
    gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'),
  ) as LogsDataMessage;

describe('PutSubscriptionFilter / DescribeSubscriptionFilters / DeleteSubscriptionFilter', () => {
  it('creates, describes and deletes', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutSubscriptionFilter', {
      ...subscription('errors', 'ERROR'),
      distribution: 'Random',
    });
    expect(await t.ok('DescribeSubscriptionFilters', { logGroupName: '/app/api' })).toEqual({
      subscriptionFilters: [
        {
          filterName: 'errors',
          logGroupName: '/app/api',
          filterPattern: 'ERROR',
          destinationArn: LAMBDA,
          distribution: 'Random',
          applyOnTransformedLogs: false,
          creationTime: NOW,
        },
      ],
    });
    await t.ok('DeleteSubscriptionFilter', { logGroupName: '/app/api', filterName: 'errors' });
    expect(
      await t.fail('DeleteSubscriptionFilter', { logGroupName: '/app/api', filterName: 'errors' }),
    ).toMatchObject({
      type: 'ResourceNotFoundException',
      message: 'The specified subscription filter does not exist.',
    });
  });

  it('allows two per group, pages, and validates', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutSubscriptionFilter', subscription('a', ''));
    await t.ok('PutSubscriptionFilter', subscription('b', ''));
    await t.ok('PutSubscriptionFilter', subscription('b', 'x'));
    expect(await t.fail('PutSubscriptionFilter', subscription('c', ''))).toMatchObject({
      type: 'LimitExceededException',
      message: 'Resource limit exceeded.',
    });
    const first = await t.ok('DescribeSubscriptionFilters', { logGroupName: '/app/api', limit: 1 });
    const second = await t.ok('DescribeSubscriptionFilters', {
      logGroupName: '/app/api',
      limit: 1,
      nextToken: first.nextToken,
    });
    expect(
      [first, second].map(
        (p) => (p.subscriptionFilters as Array<{ filterName: string }>)[0]!.filterName,
      ),
    ).toEqual(['a', 'b']);
    expect(second.nextToken).toBeUndefined();
    expect((await t.fail('PutSubscriptionFilter', subscription('d', '', 'not-an-arn'))).type).toBe(
      'InvalidParameterException',
    );
    expect((await t.fail('PutSubscriptionFilter', subscription('d', '{'))).type).toBe(
      'InvalidParameterException',
    );
    expect((await t.fail('DescribeSubscriptionFilters', { logGroupName: '/nope' })).type).toBe(
      'ResourceNotFoundException',
    );
    expect(
      (await t.fail('PutSubscriptionFilter', { ...subscription('d', ''), distribution: 'All' }))
        .message,
    ).toContain('enum value set: [Random, ByLogStream]');
  });
});

describe('subscription delivery', () => {
  it('delivers matching events to a callback in the awslogs format', async () => {
    const received: Array<[AwsLogsEvent, DeliveryInfo]> = [];
    const t = testEmulator({
      subscriptionTargets: { [LAMBDA]: (event, info) => void received.push([event, info]) },
    });
    await groupWithStream(t);
    await t.ok('PutSubscriptionFilter', subscription('errors', 'ERROR'));
    await t.ok('PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW, message: 'ERROR a' },
        { timestamp: NOW + 1, message: 'ok' },
        { timestamp: NOW + 2, message: 'ERROR b' },
      ],
    });
    await t.emulator.subscriptions.flush();
    expect(received).toHaveLength(1);
    const [event, info] = received[0]!;
    const message = decode(event);
    expect(message).toEqual({
      messageType: 'DATA_MESSAGE',
      owner: '000000000000',
      logGroup: '/app/api',
      logStream: 'web-1',
      subscriptionFilters: ['errors'],
      logEvents: [
        { id: expect.stringMatching(/^\d{56}$/), timestamp: NOW, message: 'ERROR a' },
        { id: expect.stringMatching(/^\d{56}$/), timestamp: NOW + 2, message: 'ERROR b' },
      ],
    });
    expect(info).toMatchObject({ destinationArn: LAMBDA, filterName: 'errors', message });
    // The IDs are those FilterLogEvents reports.
    const filtered = await t.ok('FilterLogEvents', {
      logGroupName: '/app/api',
      filterPattern: 'ERROR',
    });
    expect((filtered.events as Array<{ eventId: string }>).map((e) => e.eventId)).toEqual(
      message.logEvents.map((e) => e.id),
    );
    expect(t.emulator.subscriptions.stats).toMatchObject({ delivered: 1, failed: 0 });
  });

  it('posts to an HTTP URL, retrying a failed delivery', async () => {
    const bodies: string[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      calls += 1;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (calls === 1) {
          res.writeHead(500).end();
          return;
        }
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const t = testEmulator({ subscriptionDelivery: { retryDelayMs: 0 } });
      t.emulator.subscriptions.setTarget(LAMBDA, url);
      await groupWithStream(t);
      await t.ok('PutSubscriptionFilter', subscription('all', ''));
      await t.ok('PutLogEvents', {
        logGroupName: '/app/api',
        logStreamName: 'web-1',
        logEvents: [{ timestamp: NOW, message: 'hello' }],
      });
      await t.emulator.subscriptions.flush();
      expect(calls).toBe(2);
      expect(bodies).toHaveLength(1);
      const message = decode(JSON.parse(bodies[0]!) as AwsLogsEvent);
      expect(message.logEvents.map((e) => e.message)).toEqual(['hello']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('counts batches for destinations with no target, and failures after the last attempt', async () => {
    const t = testEmulator({
      subscriptionDelivery: { retryDelayMs: 0 },
      subscriptionTargets: {
        [LAMBDA]: () => {
          throw new Error('boom');
        },
      },
    });
    await groupWithStream(t);
    await t.ok('PutSubscriptionFilter', subscription('a', ''));
    await t.ok(
      'PutSubscriptionFilter',
      subscription('b', '', 'arn:aws:kinesis:us-east-1:000000000000:stream/s'),
    );
    await t.ok('PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [{ timestamp: NOW, message: 'x' }],
    });
    await t.emulator.subscriptions.flush();
    expect(t.emulator.subscriptions.stats).toEqual({ delivered: 0, failed: 1, unrouted: 1 });
    expect(t.emulator.subscriptions.failures[0]).toMatchObject({
      destinationArn: LAMBDA,
      error: 'boom',
    });
  });
});
