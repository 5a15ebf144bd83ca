import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  RetentionDays,
} from '../src/index.js';
import { awsError, collect, harness } from './helpers/harness.js';

const groupMissing = () =>
  awsError('ResourceNotFoundException', 'The specified log group does not exist.');
const streamExists = () =>
  awsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
const groupExists = () =>
  awsError('ResourceAlreadyExistsException', 'The specified log group already exists');

/** Lets every queued microtask and the fake's awaits run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('streams.create and delete', () => {
  it('sends CreateLogStream', async () => {
    const h = harness();
    await h.client.streams.create('/app/api', 'web-1');
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      [
        'Logs_20140328.CreateLogStream',
        { logGroupName: '/app/api', logStreamName: 'web-1' },
        false,
      ],
    ]);
  });

  it('reports an existing stream as ResourceAlreadyExistsError', async () => {
    const h = harness();
    h.reply('CreateLogStream', streamExists());
    await expect(h.client.streams.create('g', 's')).rejects.toBeInstanceOf(
      ResourceAlreadyExistsError,
    );
  });

  it('sends DeleteLogStream', async () => {
    const h = harness();
    await h.client.streams.delete('/app/api', 'web-1');
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.DeleteLogStream', { logGroupName: '/app/api', logStreamName: 'web-1' }],
    ]);
  });

  it.each([
    ['', 's', 'logGroupName'],
    ['g', '', 'logStreamName'],
    ['g', 'a*b', 'logStreamName'],
    ['g', 's'.repeat(513), 'logStreamName'],
  ])('refuses a bad name (field $2)', async (group, stream, field) => {
    const h = harness();
    await expect(h.client.streams.create(group, stream)).rejects.toMatchObject({ field });
    await expect(h.client.streams.delete(group, stream)).rejects.toMatchObject({ field });
    await expect(h.client.streams.ensureExists(group, stream)).rejects.toMatchObject({ field });
    expect(h.requests).toHaveLength(0);
  });
});

describe('streams.describe and listAll', () => {
  it('sends DescribeLogStreams and parses a page', async () => {
    const h = harness();
    const stream = {
      logStreamName: 'web-1',
      creationTime: 1,
      firstEventTimestamp: 2,
      lastEventTimestamp: 3,
      lastIngestionTime: 4,
      uploadSequenceToken: '5',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:web-1',
      storedBytes: 0,
    };
    h.reply('DescribeLogStreams', { logStreams: [stream], nextToken: 'n' });
    const page = await h.client.streams.describe({
      logGroupName: 'g',
      orderBy: 'LastEventTime',
      descending: true,
      limit: 50,
    });
    expect(h.requests[0]?.target).toBe('Logs_20140328.DescribeLogStreams');
    expect(h.requests[0]?.body).toEqual({
      logGroupName: 'g',
      orderBy: 'LastEventTime',
      descending: true,
      limit: 50,
    });
    expect(h.requests[0]?.idempotent).toBe(true);
    expect(page).toEqual({ logStreams: [stream], nextToken: 'n' });
  });

  it('listAll follows nextToken', async () => {
    const h = harness();
    h.reply(
      'DescribeLogStreams',
      { logStreams: [{ logStreamName: 'a' }], nextToken: '1' },
      { logStreams: [{ logStreamName: 'b' }], nextToken: '2' },
      { logStreams: [{ logStreamName: 'c' }], nextToken: '3' },
      { logStreams: [] },
    );
    const streams = await collect(
      h.client.streams.listAll({ logGroupName: 'g', logStreamNamePrefix: 'web', pageSize: 1 }),
    );
    expect(streams.map((s) => s.logStreamName)).toEqual(['a', 'b', 'c']);
    expect(h.requests.map((r) => r.body)).toEqual([
      { logGroupName: 'g', logStreamNamePrefix: 'web', limit: 1 },
      { logGroupName: 'g', logStreamNamePrefix: 'web', limit: 1, nextToken: '1' },
      { logGroupName: 'g', logStreamNamePrefix: 'web', limit: 1, nextToken: '2' },
      { logGroupName: 'g', logStreamNamePrefix: 'web', limit: 1, nextToken: '3' },
    ]);
  });

  it.each([
    [
      { logGroupName: 'g', orderBy: 'LastEventTime', logStreamNamePrefix: 'w' },
      'logStreamNamePrefix',
    ],
    [{ logGroupName: 'g', orderBy: 'Size' }, 'orderBy'],
    [{ logGroupName: 'g', limit: 51 }, 'limit'],
    [{ logGroupName: 'g', descending: 'yes' }, 'descending'],
    [{ logGroupName: 'g', logStreamNamePrefix: '' }, 'logStreamNamePrefix'],
    [{}, 'logGroupName'],
  ])('refuses an invalid $1', async (request, field) => {
    const h = harness();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.streams.describe(request as any)).rejects.toMatchObject({ field });
    expect(h.requests).toHaveLength(0);
  });
});

describe('streams.ensureExists', () => {
  it('creates a missing stream once, then answers from memory', async () => {
    const h = harness();
    await h.client.streams.ensureExists('g', 's');
    await h.client.streams.ensureExists('g', 's');
    expect(h.targets()).toEqual(['CreateLogStream']);
  });

  it('asks the service again with recheck, even for a stream it saw exist', async () => {
    const h = harness();
    await h.client.streams.ensureExists('g', 's');
    await h.client.streams.ensureExists('g', 's', { recheck: true });
    await h.client.streams.ensureExists('g', 's');
    expect(h.targets()).toEqual(['CreateLogStream', 'CreateLogStream']);
    await expect(
      h.client.streams.ensureExists('g', 's', { recheck: 'yes' as never }),
    ).rejects.toMatchObject({ field: 'recheck' });
  });

  it('treats an existing stream as success', async () => {
    const h = harness();
    h.reply('CreateLogStream', streamExists());
    await h.client.streams.ensureExists('g', 's');
    await h.client.streams.ensureExists('g', 's');
    expect(h.targets()).toEqual(['CreateLogStream']);
  });

  it('many simultaneous calls make one CreateLogStream', async () => {
    const h = harness();
    await Promise.all(Array.from({ length: 50 }, () => h.client.streams.ensureExists('g', 's')));
    expect(h.targets()).toEqual(['CreateLogStream']);
  });

  it('many simultaneous calls on a missing group make one CreateLogGroup and one retry per stream', async () => {
    const h = harness({ defaultRetentionDays: RetentionDays.OneWeek });
    let groupCreated = false;
    h.on('CreateLogGroup', () => {
      groupCreated = true;
      return {};
    });
    h.on('CreateLogStream', () => (groupCreated ? {} : groupMissing()));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        h.client.streams.ensureExists('g', `s${i % 4}`, { createGroup: true }),
      ),
    );
    const targets = h.targets();
    expect(targets.filter((t) => t === 'CreateLogGroup')).toHaveLength(1);
    expect(targets.filter((t) => t === 'PutRetentionPolicy')).toHaveLength(1);
    // Each of the 4 streams: one attempt that found no group, one that created it.
    expect(targets.filter((t) => t === 'CreateLogStream')).toHaveLength(8);
    const retention = h.requests.find((r) => r.target.endsWith('PutRetentionPolicy'));
    expect(retention?.body).toEqual({ logGroupName: 'g', retentionInDays: 7 });
  });

  it('tolerates the group and the stream being created concurrently by someone else', async () => {
    const h = harness({ defaultRetentionDays: RetentionDays.OneWeek });
    h.reply('CreateLogStream', groupMissing(), streamExists());
    h.reply('CreateLogGroup', groupExists());
    await h.client.streams.ensureExists('g', 's', { createGroup: true });
    // The group was not created by this client, so its retention is left alone.
    expect(h.targets()).toEqual(['CreateLogStream', 'CreateLogGroup', 'CreateLogStream']);
  });

  it('without createGroup, explains how to fix a missing group', async () => {
    const h = harness();
    h.reply('CreateLogStream', groupMissing());
    const error = await h.client.streams.ensureExists('g', 's').catch((e) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toContain('createGroup: true');
    expect(error.requestId).toBe('req-1');
    expect(h.targets()).toEqual(['CreateLogStream']);
  });

  it('a createGroup caller joining a flight without it still gets its group', async () => {
    const h = harness();
    h.reply('CreateLogStream', groupMissing());
    const plain = h.client.streams.ensureExists('g', 's');
    const withGroup = h.client.streams.ensureExists('g', 's', { createGroup: true });
    await expect(plain).rejects.toBeInstanceOf(ResourceNotFoundError);
    await withGroup;
    expect(h.targets()).toEqual(['CreateLogStream', 'CreateLogStream']);
  });

  it('shares a failure with every waiter, and the next call tries again', async () => {
    const h = harness();
    h.reply('CreateLogStream', awsError('AccessDeniedException', 'not allowed'));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => h.client.streams.ensureExists('g', 's')),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(AuthenticationError);
    await h.client.streams.ensureExists('g', 's');
    expect(h.targets()).toEqual(['CreateLogStream', 'CreateLogStream']);
  });

  it('a waiter that aborts leaves the others waiting; the request is aborted only when all leave', async () => {
    const h = harness();
    let release: (() => void) | undefined;
    let sharedSignal: AbortSignal | undefined;
    h.on('CreateLogStream', (_body, request) => {
      sharedSignal = request.signal;
      return new Promise<object>((resolve) => {
        release = () => resolve({});
      });
    });
    const a = new AbortController();
    const b = new AbortController();
    const first = h.client.streams.ensureExists('g', 's', { signal: a.signal });
    const second = h.client.streams.ensureExists('g', 's', { signal: b.signal });
    await settle();
    a.abort(new Error('first gave up'));
    await expect(first).rejects.toThrow('first gave up');
    expect(sharedSignal?.aborted).toBe(false);
    release?.();
    await second;
    expect(h.targets()).toEqual(['CreateLogStream']);
  });

  it('when every waiter aborts, the shared request is aborted and the next call starts afresh', async () => {
    const h = harness();
    let sharedSignal: AbortSignal | undefined;
    let calls = 0;
    h.on('CreateLogStream', (_body, request) => {
      calls++;
      sharedSignal = request.signal;
      return calls === 1 ? new Promise<object>(() => {}) : {};
    });
    const controller = new AbortController();
    const waiting = h.client.streams.ensureExists('g', 's2', { signal: controller.signal });
    await settle();
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(sharedSignal?.aborted).toBe(true);
    await h.client.streams.ensureExists('g', 's2');
  });

  it('forgets a stream deleted through the client', async () => {
    const h = harness();
    await h.client.streams.ensureExists('g', 's');
    await h.client.streams.delete('g', 's');
    await h.client.streams.ensureExists('g', 's');
    expect(h.targets()).toEqual(['CreateLogStream', 'DeleteLogStream', 'CreateLogStream']);
  });

  it("forgets a group's streams when the group is deleted through the client", async () => {
    const h = harness();
    await h.client.streams.ensureExists('g', 's');
    await h.client.groups.delete('g');
    await h.client.streams.ensureExists('g', 's');
    expect(h.targets()).toEqual(['CreateLogStream', 'DeleteLogGroup', 'CreateLogStream']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const h = harness();
    await expect(
      h.client.streams.ensureExists('g', 's', { signal: AbortSignal.abort(new Error('no')) }),
    ).rejects.toThrow('no');
    expect(h.requests).toHaveLength(0);
  });
});
