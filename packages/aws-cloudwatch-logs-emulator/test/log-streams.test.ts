import { describe, expect, it } from 'vitest';
import { NOW, testEmulator } from './helpers.js';

describe('CreateLogStream and DeleteLogStream', () => {
  it('creates a stream DescribeLogStreams reports, then deletes it', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    await t.ok('CreateLogStream', { logGroupName: 'g', logStreamName: 's/1' });
    expect((await t.ok('DescribeLogStreams', { logGroupName: 'g' })).logStreams).toEqual([
      {
        logStreamName: 's/1',
        creationTime: NOW,
        uploadSequenceToken: '1'.padStart(56, '0'),
        arn: 'arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:s/1',
        storedBytes: 0,
      },
    ]);
    await t.ok('DeleteLogStream', { logGroupName: 'g', logStreamName: 's/1' });
    expect((await t.ok('DescribeLogStreams', { logGroupName: 'g' })).logStreams).toEqual([]);
  });

  it('answers AWS errors for duplicates, missing groups and streams, and bad names', async () => {
    const t = testEmulator();
    expect(
      await t.fail('CreateLogStream', { logGroupName: 'g', logStreamName: 's' }),
    ).toMatchObject({
      type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    await t.ok('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
    expect(
      await t.fail('CreateLogStream', { logGroupName: 'g', logStreamName: 's' }),
    ).toMatchObject({
      type: 'ResourceAlreadyExistsException',
      message: 'The specified log stream already exists',
    });
    expect(
      await t.fail('DeleteLogStream', { logGroupName: 'g', logStreamName: 'x' }),
    ).toMatchObject({
      type: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    for (const bad of ['a:b', 'a*b', '']) {
      const error = await t.fail('CreateLogStream', { logGroupName: 'g', logStreamName: bad });
      expect(error.type).toBe('InvalidParameterException');
      expect(error.message).toContain(`Value '${bad}' at 'logStreamName'`);
    }
    expect((await t.fail('CreateLogStream', { logGroupName: 'g' })).message).toContain(
      "Value null at 'logStreamName' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('DescribeLogStreams', () => {
  const seeded = async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    for (const [name, ts] of [
      ['b', 30],
      ['a', 10],
      ['d', 40],
      ['c', 20],
      ['e', undefined],
    ] as const) {
      await t.ok('CreateLogStream', { logGroupName: 'g', logStreamName: name });
      if (ts !== undefined)
        await t.ok('PutLogEvents', {
          logGroupName: 'g',
          logStreamName: name,
          logEvents: [{ timestamp: NOW - 1000 + ts, message: name }],
        });
    }
    return t;
  };
  const collect = async (t: ReturnType<typeof testEmulator>, body: Record<string, unknown>) => {
    const seen: string[] = [];
    let nextToken: unknown;
    do {
      const page = await t.ok('DescribeLogStreams', {
        logGroupName: 'g',
        ...body,
        ...(nextToken ? { nextToken } : {}),
      });
      seen.push(
        ...(page.logStreams as Array<{ logStreamName: string }>).map((s) => s.logStreamName),
      );
      nextToken = page.nextToken;
    } while (nextToken);
    return seen;
  };

  it('orders by name either way, paging with nextToken', async () => {
    const t = await seeded();
    expect(await collect(t, { limit: 2 })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await collect(t, { limit: 2, descending: true })).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await collect(t, { logStreamNamePrefix: 'c' })).toEqual(['c']);
  });

  it('orders by LastEventTime, streams without events first', async () => {
    const t = await seeded();
    expect(await collect(t, { orderBy: 'LastEventTime', limit: 2 })).toEqual([
      'e',
      'a',
      'c',
      'b',
      'd',
    ]);
    expect(await collect(t, { orderBy: 'LastEventTime', descending: true, limit: 3 })).toEqual([
      'd',
      'b',
      'c',
      'a',
      'e',
    ]);
  });

  it('reports event times of streams with events', async () => {
    const t = await seeded();
    const { logStreams } = await t.ok('DescribeLogStreams', {
      logGroupName: 'g',
      logStreamNamePrefix: 'a',
    });
    expect(logStreams).toMatchObject([
      {
        firstEventTimestamp: NOW - 990,
        lastEventTimestamp: NOW - 990,
        lastIngestionTime: NOW,
        uploadSequenceToken: '2'.padStart(56, '0'),
      },
    ]);
  });

  it('addresses the group by identifier (name or ARN)', async () => {
    const t = await seeded();
    const byArn = await t.ok('DescribeLogStreams', {
      logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:g',
    });
    expect((byArn.logStreams as unknown[]).length).toBe(5);
    expect(
      (await t.fail('DescribeLogStreams', { logGroupName: 'g', logGroupIdentifier: 'g' })).type,
    ).toBe('InvalidParameterException');
    expect((await t.fail('DescribeLogStreams', {})).type).toBe('InvalidParameterException');
    expect((await t.fail('DescribeLogStreams', { logGroupIdentifier: 'nope' })).type).toBe(
      'ResourceNotFoundException',
    );
  });

  it('refuses LastEventTime ordering with a prefix, bad orderBy and limits', async () => {
    const t = await seeded();
    expect(
      await t.fail('DescribeLogStreams', {
        logGroupName: 'g',
        orderBy: 'LastEventTime',
        logStreamNamePrefix: 'a',
      }),
    ).toMatchObject({
      type: 'InvalidParameterException',
      message: 'Cannot order by LastEventTime with a logStreamNamePrefix.',
    });
    expect(
      (await t.fail('DescribeLogStreams', { logGroupName: 'g', orderBy: 'Size' })).message,
    ).toContain('Member must satisfy enum value set: [LogStreamName, LastEventTime]');
    expect(
      (await t.fail('DescribeLogStreams', { logGroupName: 'g', limit: 51 })).message,
    ).toContain('less than or equal to 50');
    expect(
      (await t.fail('DescribeLogStreams', { logGroupName: 'g', descending: 'yes' })).type,
    ).toBe('SerializationException');
    const token = (await t.ok('DescribeLogStreams', { logGroupName: 'g', limit: 1 })).nextToken;
    expect(
      (
        await t.fail('DescribeLogStreams', {
          logGroupName: 'g',
          orderBy: 'LastEventTime',
          nextToken: token,
        })
      ).message,
    ).toBe('The specified nextToken is invalid.');
  });
});
