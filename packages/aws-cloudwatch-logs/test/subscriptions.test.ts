import { describe, expect, it } from 'vitest';
import { collect, harness } from './helpers/harness.js';

const destinationArn = 'arn:aws:lambda:us-east-1:123456789012:function:ship';

describe('subscriptions', () => {
  it('put sends PutSubscriptionFilter with every field given', async () => {
    const h = harness();
    await h.client.subscriptions.put({
      logGroupName: '/app/api',
      filterName: 'errors',
      filterPattern: '{ $.level = "ERROR" }',
      destinationArn,
      roleArn: 'arn:aws:iam::123456789012:role/cwl',
      distribution: 'ByLogStream',
      applyOnTransformedLogs: false,
    });
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      [
        'Logs_20140328.PutSubscriptionFilter',
        {
          logGroupName: '/app/api',
          filterName: 'errors',
          filterPattern: '{ $.level = "ERROR" }',
          destinationArn,
          roleArn: 'arn:aws:iam::123456789012:role/cwl',
          distribution: 'ByLogStream',
          applyOnTransformedLogs: false,
        },
        true,
      ],
    ]);
  });

  it('put accepts the empty pattern (every event)', async () => {
    const h = harness();
    await h.client.subscriptions.put({
      logGroupName: 'g',
      filterName: 'all',
      filterPattern: '',
      destinationArn,
    });
    expect(h.requests[0]?.body['filterPattern']).toBe('');
  });

  it.each([
    [{ filterName: '' }, 'filterName'],
    [{ filterName: 'a:b' }, 'filterName'],
    [{ filterPattern: 'x'.repeat(1025) }, 'filterPattern'],
    [{ filterPattern: undefined }, 'filterPattern'],
    [{ destinationArn: '' }, 'destinationArn'],
    [{ destinationArn: 'lambda-ship' }, 'destinationArn'],
    [{ roleArn: 'role' }, 'roleArn'],
    [{ distribution: 'Hash' }, 'distribution'],
    [{ applyOnTransformedLogs: 'no' }, 'applyOnTransformedLogs'],
    [{ logGroupName: 'bad name' }, 'logGroupName'],
  ])('put refuses an invalid $1', async (change, field) => {
    const h = harness();
    const request = {
      logGroupName: 'g',
      filterName: 'f',
      filterPattern: '',
      destinationArn,
      ...change,
    };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.subscriptions.put(request as any)).rejects.toMatchObject({ field });
    expect(h.requests).toHaveLength(0);
  });

  it('describe sends DescribeSubscriptionFilters and parses the page', async () => {
    const h = harness();
    const filter = {
      filterName: 'errors',
      logGroupName: 'g',
      filterPattern: 'ERROR',
      destinationArn,
      distribution: 'ByLogStream',
      creationTime: 5,
    };
    h.reply('DescribeSubscriptionFilters', { subscriptionFilters: [filter], nextToken: 'n' });
    const page = await h.client.subscriptions.describe({
      logGroupName: 'g',
      filterNamePrefix: 'err',
      limit: 2,
    });
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      [
        'Logs_20140328.DescribeSubscriptionFilters',
        { logGroupName: 'g', filterNamePrefix: 'err', limit: 2 },
        true,
      ],
    ]);
    expect(page).toEqual({ subscriptionFilters: [filter], nextToken: 'n' });
  });

  it('listAll pages through; an empty response yields nothing', async () => {
    const h = harness();
    h.reply(
      'DescribeSubscriptionFilters',
      { subscriptionFilters: [{ filterName: 'a' }], nextToken: 'x' },
      {},
    );
    const filters = await collect(h.client.subscriptions.listAll({ logGroupName: 'g' }));
    expect(filters.map((f) => f.filterName)).toEqual(['a']);
    expect(h.requests.map((r) => r.body)).toEqual([
      { logGroupName: 'g' },
      { logGroupName: 'g', nextToken: 'x' },
    ]);
  });

  it.each([
    [{ logGroupName: 'g', limit: 51 }, 'limit'],
    [{ logGroupName: 'g', filterNamePrefix: '' }, 'filterNamePrefix'],
    [{}, 'logGroupName'],
  ])('describe refuses an invalid $1', async (request, field) => {
    const h = harness();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.subscriptions.describe(request as any)).rejects.toMatchObject({ field });
  });

  it('delete sends DeleteSubscriptionFilter', async () => {
    const h = harness();
    await h.client.subscriptions.delete('g', 'errors');
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.DeleteSubscriptionFilter', { logGroupName: 'g', filterName: 'errors' }],
    ]);
    await expect(h.client.subscriptions.delete('g', 'x*')).rejects.toMatchObject({
      field: 'filterName',
    });
  });
});
