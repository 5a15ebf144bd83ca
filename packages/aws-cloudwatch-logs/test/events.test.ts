import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import { collect, harness, NOW } from './helpers/harness.js';

describe('events.put', () => {
  it('sends PutLogEvents with the events as given and returns the parsed response', async () => {
    const h = harness();
    h.reply('PutLogEvents', {
      nextSequenceToken: '49612',
      rejectedLogEventsInfo: { tooOldLogEventEndIndex: 0 },
    });
    const response = await h.client.events.put({
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW - 1000, message: 'first' },
        { timestamp: NOW, message: 'second é' },
      ],
    });
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]?.target).toBe('Logs_20140328.PutLogEvents');
    expect(h.requests[0]?.body).toEqual({
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW - 1000, message: 'first' },
        { timestamp: NOW, message: 'second é' },
      ],
    });
    expect(h.requests[0]?.idempotent).toBe(false);
    expect(response).toEqual({
      nextSequenceToken: '49612',
      rejectedLogEventsInfo: { tooOldLogEventEndIndex: 0 },
    });
  });

  it('passes an entity through and returns {} for an empty response', async () => {
    const h = harness();
    const entity = { keyAttributes: { Type: 'Service', Name: 'api' } };
    const response = await h.client.events.put({
      logGroupName: 'g',
      logStreamName: 's',
      logEvents: [{ timestamp: NOW, message: 'm' }],
      entity,
    });
    expect(h.requests[0]?.body['entity']).toEqual(entity);
    expect(response).toEqual({});
  });

  it('validates against the injected clock before sending anything', async () => {
    const h = harness();
    h.now.value = NOW + 15 * 86_400_000;
    await expect(
      h.client.events.put({
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [{ timestamp: NOW, message: 'too old now' }],
      }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'logEvents[0].timestamp',
    });
    expect(h.requests).toHaveLength(0);
  });

  it('refuses bad names before sending', async () => {
    const h = harness();
    const events = [{ timestamp: NOW, message: 'm' }];
    await expect(
      h.client.events.put({ logGroupName: 'bad name', logStreamName: 's', logEvents: events }),
    ).rejects.toMatchObject({ field: 'logGroupName' });
    await expect(
      h.client.events.put({ logGroupName: 'g', logStreamName: 'a:b', logEvents: events }),
    ).rejects.toMatchObject({ field: 'logStreamName' });
    await expect(
      h.client.events.put({
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: events,
        sequenceToken: '',
      }),
    ).rejects.toMatchObject({ field: 'sequenceToken' });
    expect(h.requests).toHaveLength(0);
  });
});

describe('events.get', () => {
  it('sends GetLogEvents with only the fields given and parses the page', async () => {
    const h = harness();
    h.reply('GetLogEvents', {
      events: [{ timestamp: 1, message: 'a', ingestionTime: 2 }],
      nextForwardToken: 'f/1',
      nextBackwardToken: 'b/1',
    });
    const page = await h.client.events.get({
      logGroupName: 'g',
      logStreamName: 's',
      startTime: 10,
      endTime: 20,
      limit: 5,
      startFromHead: true,
      unmask: false,
    });
    expect(h.requests[0]?.target).toBe('Logs_20140328.GetLogEvents');
    expect(h.requests[0]?.body).toEqual({
      logGroupName: 'g',
      logStreamName: 's',
      startTime: 10,
      endTime: 20,
      limit: 5,
      startFromHead: true,
      unmask: false,
    });
    expect(h.requests[0]?.idempotent).toBe(true);
    expect(page).toEqual({
      events: [{ timestamp: 1, message: 'a', ingestionTime: 2 }],
      nextForwardToken: 'f/1',
      nextBackwardToken: 'b/1',
    });
  });

  it('accepts a logGroupIdentifier instead of a name, and yields [] for a page without events', async () => {
    const h = harness();
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:g';
    const page = await h.client.events.get({ logGroupIdentifier: arn, logStreamName: 's' });
    expect(h.requests[0]?.body).toEqual({ logGroupIdentifier: arn, logStreamName: 's' });
    expect(page.events).toEqual([]);
  });

  it.each([
    [{ logStreamName: 's' }, 'logGroupName'],
    [{ logGroupName: 'g', logGroupIdentifier: 'g', logStreamName: 's' }, 'logGroupIdentifier'],
    [{ logGroupName: 'g', logStreamName: 's', limit: 0 }, 'limit'],
    [{ logGroupName: 'g', logStreamName: 's', limit: 10_001 }, 'limit'],
    [{ logGroupName: 'g', logStreamName: 's', startTime: -1 }, 'startTime'],
    [{ logGroupName: 'g', logStreamName: 's', startTime: 5, endTime: 4 }, 'endTime'],
    [{ logGroupName: 'g', logStreamName: 's', nextToken: '' }, 'nextToken'],
    [{ logGroupName: 'g', logStreamName: 's', startFromHead: 'yes' }, 'startFromHead'],
  ])('refuses an invalid $1', async (request, field) => {
    const h = harness();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.events.get(request as any)).rejects.toMatchObject({
      name: 'ValidationError',
      field,
    });
    expect(h.requests).toHaveLength(0);
  });
});

describe('events.getAll', () => {
  it('follows nextForwardToken from the head until the token repeats', async () => {
    const h = harness();
    h.reply(
      'GetLogEvents',
      { events: [{ message: '1' }, { message: '2' }], nextForwardToken: 'f1' },
      { events: [{ message: '3' }], nextForwardToken: 'f2' },
      { events: [], nextForwardToken: 'f2' },
    );
    const events = await collect(h.client.events.getAll({ logGroupName: 'g', logStreamName: 's' }));
    expect(events.map((e) => e.message)).toEqual(['1', '2', '3']);
    expect(h.requests.map((r) => r.body)).toEqual([
      { logGroupName: 'g', logStreamName: 's', startFromHead: true },
      { logGroupName: 'g', logStreamName: 's', startFromHead: true, nextToken: 'f1' },
      { logGroupName: 'g', logStreamName: 's', startFromHead: true, nextToken: 'f2' },
    ]);
  });

  it('stops when a page carries no forward token, and fetches nothing until iterated', async () => {
    const h = harness();
    h.reply('GetLogEvents', { events: [{ message: 'only' }] });
    const iterable = h.client.events.getAll({
      logGroupName: 'g',
      logStreamName: 's',
      startFromHead: false,
    });
    expect(h.requests).toHaveLength(0);
    expect((await collect(iterable)).map((e) => e.message)).toEqual(['only']);
    expect(h.requests[0]?.body['startFromHead']).toBe(false);
  });

  it('stops fetching when the consumer breaks early', async () => {
    const h = harness();
    h.on('GetLogEvents', (body) => ({
      events: [{ message: String(body['nextToken'] ?? 'start') }],
      nextForwardToken: `${String(body['nextToken'] ?? '')}x`,
    }));
    let seen = 0;
    for await (const _ of h.client.events.getAll({ logGroupName: 'g', logStreamName: 's' })) {
      if (++seen === 3) break;
    }
    expect(h.requests).toHaveLength(3);
  });

  it('honours an abort between pages', async () => {
    const h = harness();
    const controller = new AbortController();
    h.on('GetLogEvents', (body) => ({
      events: [{ message: 'x' }],
      nextForwardToken: `${String(body['nextToken'] ?? '')}x`,
    }));
    const consume = async () => {
      for await (const _ of h.client.events.getAll(
        { logGroupName: 'g', logStreamName: 's' },
        { signal: controller.signal },
      )) {
        if (h.requests.length === 2) controller.abort(new Error('stop'));
      }
    };
    await expect(consume()).rejects.toThrow('stop');
    expect(h.requests).toHaveLength(2);
  });

  it('validates when called, before any iteration', () => {
    const h = harness();
    expect(() => h.client.events.getAll({ logGroupName: 'g', logStreamName: '' })).toThrow(
      ValidationError,
    );
  });
});

describe('events.filter and filterAll', () => {
  it('sends FilterLogEvents and parses the page', async () => {
    const h = harness();
    h.reply('FilterLogEvents', {
      events: [
        { logStreamName: 's1', timestamp: 5, message: 'x', ingestionTime: 6, eventId: 'e1' },
      ],
      searchedLogStreams: [{ logStreamName: 's1', searchedCompletely: true }],
      nextToken: 't1',
    });
    const page = await h.client.events.filter({
      logGroupName: '/app/api',
      logStreamNames: ['s1', 's2'],
      startTime: 1,
      endTime: 9,
      filterPattern: '{ $.level = "ERROR" }',
      limit: 100,
      unmask: true,
    });
    expect(h.requests[0]?.target).toBe('Logs_20140328.FilterLogEvents');
    expect(h.requests[0]?.body).toEqual({
      logGroupName: '/app/api',
      logStreamNames: ['s1', 's2'],
      startTime: 1,
      endTime: 9,
      filterPattern: '{ $.level = "ERROR" }',
      limit: 100,
      unmask: true,
    });
    expect(h.requests[0]?.idempotent).toBe(true);
    expect(page).toEqual({
      events: [
        { logStreamName: 's1', timestamp: 5, message: 'x', ingestionTime: 6, eventId: 'e1' },
      ],
      searchedLogStreams: [{ logStreamName: 's1', searchedCompletely: true }],
      nextToken: 't1',
    });
  });

  it('filterAll follows nextToken across pages', async () => {
    const h = harness();
    h.reply(
      'FilterLogEvents',
      { events: [{ eventId: '1' }], nextToken: 'a' },
      { events: [{ eventId: '2' }, { eventId: '3' }], nextToken: 'b' },
      { events: [{ eventId: '4' }], nextToken: 'c' },
      { events: [{ eventId: '5' }] },
    );
    const events = await collect(
      h.client.events.filterAll({ logGroupName: 'g', logStreamNamePrefix: 'web-' }),
    );
    expect(events.map((e) => e.eventId)).toEqual(['1', '2', '3', '4', '5']);
    expect(h.requests.map((r) => r.body['nextToken'])).toEqual([undefined, 'a', 'b', 'c']);
    expect(h.requests.every((r) => r.body['logStreamNamePrefix'] === 'web-')).toBe(true);
  });

  it.each([
    [{ logGroupName: 'g', logStreamNames: [] }, 'logStreamNames'],
    [
      { logGroupName: 'g', logStreamNames: Array.from({ length: 101 }, (_, i) => `s${i}`) },
      'logStreamNames',
    ],
    [{ logGroupName: 'g', logStreamNames: ['ok', 'no*'] }, 'logStreamNames[1]'],
    [{ logGroupName: 'g', logStreamNames: ['a'], logStreamNamePrefix: 'a' }, 'logStreamNamePrefix'],
    [{ logGroupName: 'g', filterPattern: 'x'.repeat(1025) }, 'filterPattern'],
    [{ logGroupName: 'g', limit: 1.5 }, 'limit'],
    [{ logGroupName: 'g', startTime: 9, endTime: 1 }, 'endTime'],
    [{}, 'logGroupName'],
  ])('refuses an invalid $1', async (request, field) => {
    const h = harness();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.events.filter(request as any)).rejects.toMatchObject({
      name: 'ValidationError',
      field,
    });
    expect(h.requests).toHaveLength(0);
  });
});
