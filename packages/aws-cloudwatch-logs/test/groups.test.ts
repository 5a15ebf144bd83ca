import { describe, expect, it } from 'vitest';
import { ResourceAlreadyExistsError, RetentionDays } from '../src/index.js';
import { awsError, collect, harness } from './helpers/harness.js';

describe('groups.create', () => {
  it('sends CreateLogGroup with kmsKeyId, tags and logGroupClass', async () => {
    const h = harness();
    await h.client.groups.create({
      logGroupName: '/app/api',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      tags: { team: 'core', 'cost-center': '42' },
      logGroupClass: 'INFREQUENT_ACCESS',
    });
    expect(h.requests).toEqual([
      expect.objectContaining({
        target: 'Logs_20140328.CreateLogGroup',
        body: {
          logGroupName: '/app/api',
          kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
          tags: { team: 'core', 'cost-center': '42' },
          logGroupClass: 'INFREQUENT_ACCESS',
        },
        idempotent: false,
      }),
    ]);
  });

  it('applies the default retention right after creating', async () => {
    const h = harness({ defaultRetentionDays: RetentionDays.OneMonth });
    await h.client.groups.create({ logGroupName: '/app/api' });
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.CreateLogGroup', { logGroupName: '/app/api' }],
      ['Logs_20140328.PutRetentionPolicy', { logGroupName: '/app/api', retentionInDays: 30 }],
    ]);
  });

  it('reports an existing group as ResourceAlreadyExistsError naming it', async () => {
    const h = harness();
    h.reply(
      'CreateLogGroup',
      awsError('ResourceAlreadyExistsException', 'The specified log group already exists'),
    );
    const error = await h.client.groups.create({ logGroupName: '/app/api' }).catch((e) => e);
    expect(error).toBeInstanceOf(ResourceAlreadyExistsError);
    expect(error.message).toMatch(/log group "\/app\/api"/i);
    expect(error.operation).toBe('CreateLogGroup');
  });

  it.each([
    [{ logGroupName: '' }, 'logGroupName'],
    [{ logGroupName: 'x'.repeat(513) }, 'logGroupName'],
    [{ logGroupName: 'has space' }, 'logGroupName'],
    [{ logGroupName: 'aws/reserved' }, 'logGroupName'],
    [{ logGroupName: 'g', kmsKeyId: '' }, 'kmsKeyId'],
    [{ logGroupName: 'g', kmsKeyId: 'k'.repeat(257) }, 'kmsKeyId'],
    [{ logGroupName: 'g', tags: {} }, 'tags'],
    [{ logGroupName: 'g', tags: ['a'] }, 'tags'],
    [
      {
        logGroupName: 'g',
        tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
      },
      'tags',
    ],
    [{ logGroupName: 'g', tags: { 'bad*key': 'v' } }, 'tags key'],
    [{ logGroupName: 'g', tags: { 'aws:owner': 'v' } }, 'tags key'],
    [{ logGroupName: 'g', tags: { ['k'.repeat(129)]: 'v' } }, 'tags key'],
    [{ logGroupName: 'g', tags: { k: 'v'.repeat(257) } }, 'tags["k"]'],
    [{ logGroupName: 'g', tags: { k: 'bad#value' } }, 'tags["k"]'],
    [{ logGroupName: 'g', logGroupClass: 'COLD' }, 'logGroupClass'],
  ])('refuses an invalid $1', async (request, field) => {
    const h = harness();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.groups.create(request as any)).rejects.toMatchObject({
      name: 'ValidationError',
      field,
    });
    expect(h.requests).toHaveLength(0);
  });

  it('accepts every character the API allows in a group name', async () => {
    const h = harness();
    await h.client.groups.create({ logGroupName: 'aZ09_-/.#' });
    expect(h.requests).toHaveLength(1);
  });
});

describe('groups.delete', () => {
  it('sends DeleteLogGroup', async () => {
    const h = harness();
    await h.client.groups.delete('/app/api');
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      ['Logs_20140328.DeleteLogGroup', { logGroupName: '/app/api' }, false],
    ]);
  });
});

describe('groups.describe and listAll', () => {
  it('sends DescribeLogGroups and parses a page', async () => {
    const h = harness();
    const group = {
      logGroupName: '/app/api',
      creationTime: 1_700_000_000_000,
      retentionInDays: 30,
      metricFilterCount: 1,
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app/api:*',
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app/api',
      storedBytes: 42,
      logGroupClass: 'STANDARD',
    };
    h.reply('DescribeLogGroups', { logGroups: [group], nextToken: 'n1' });
    const page = await h.client.groups.describe({
      logGroupNamePrefix: '/app/',
      limit: 10,
      logGroupClass: 'STANDARD',
      includeLinkedAccounts: true,
      accountIdentifiers: ['123456789012'],
    });
    expect(h.requests[0]?.target).toBe('Logs_20140328.DescribeLogGroups');
    expect(h.requests[0]?.body).toEqual({
      logGroupNamePrefix: '/app/',
      limit: 10,
      logGroupClass: 'STANDARD',
      includeLinkedAccounts: true,
      accountIdentifiers: ['123456789012'],
    });
    expect(h.requests[0]?.idempotent).toBe(true);
    expect(page).toEqual({ logGroups: [group], nextToken: 'n1' });
  });

  it('describes every group with an empty request, and yields [] when the page is empty', async () => {
    const h = harness();
    const page = await h.client.groups.describe();
    expect(h.requests[0]?.body).toEqual({});
    expect(page.logGroups).toEqual([]);
  });

  it('listAll pages through with a pattern and a page size', async () => {
    const h = harness();
    h.reply(
      'DescribeLogGroups',
      { logGroups: [{ logGroupName: 'a' }], nextToken: 't1' },
      { logGroups: [{ logGroupName: 'b' }], nextToken: 't2' },
      { logGroups: [{ logGroupName: 'c' }], nextToken: 't3' },
      { logGroups: [{ logGroupName: 'd' }] },
    );
    const groups = await collect(
      h.client.groups.listAll({ logGroupNamePattern: 'api', pageSize: 1 }),
    );
    expect(groups.map((g) => g.logGroupName)).toEqual(['a', 'b', 'c', 'd']);
    expect(h.requests.map((r) => r.body)).toEqual([
      { logGroupNamePattern: 'api', limit: 1 },
      { logGroupNamePattern: 'api', limit: 1, nextToken: 't1' },
      { logGroupNamePattern: 'api', limit: 1, nextToken: 't2' },
      { logGroupNamePattern: 'api', limit: 1, nextToken: 't3' },
    ]);
  });

  it.each([
    [{ logGroupNamePrefix: 'a', logGroupNamePattern: 'b' }, 'logGroupNamePattern'],
    [{ logGroupNamePrefix: '' }, 'logGroupNamePrefix'],
    [{ logGroupNamePattern: 'a*' }, 'logGroupNamePattern'],
    [{ limit: 51 }, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ accountIdentifiers: ['1234'] }, 'accountIdentifiers[0]'],
    [
      { accountIdentifiers: Array.from({ length: 21 }, () => '123456789012') },
      'accountIdentifiers',
    ],
    [{ logGroupClass: 'X' }, 'logGroupClass'],
    [{ includeLinkedAccounts: 1 }, 'includeLinkedAccounts'],
    [{ logGroupIdentifiers: ['bad id!'] }, 'logGroupIdentifiers[0]'],
  ])('describe refuses an invalid $1', async (request, field) => {
    const h = harness();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.groups.describe(request as any)).rejects.toMatchObject({ field });
    if (!('limit' in request)) expect(() => h.client.groups.listAll(request as never)).toThrow();
    expect(h.requests).toHaveLength(0);
  });
});

it('listAll refuses a page size outside 1..50 with the field it was given as', () => {
  const h = harness();
  expect(() => h.client.groups.listAll({ pageSize: 51 })).toThrow(
    expect.objectContaining({ field: 'pageSize', value: '51' }),
  );
});

describe('groups.exists', () => {
  it('matches the exact name among the prefix matches', async () => {
    const h = harness();
    h.reply(
      'DescribeLogGroups',
      { logGroups: [{ logGroupName: '/app/api' }, { logGroupName: '/app/api-v2' }] },
      { logGroups: [{ logGroupName: '/app/api-v2' }] },
    );
    expect(await h.client.groups.exists('/app/api')).toBe(true);
    // Always asks the service: a group deleted elsewhere is reported gone.
    expect(await h.client.groups.exists('/app/api')).toBe(false);
    expect(h.requests[0]?.body).toEqual({ logGroupNamePrefix: '/app/api', limit: 50 });
  });

  it('is false when only longer names share the prefix', async () => {
    const h = harness();
    h.reply('DescribeLogGroups', { logGroups: [{ logGroupName: '/app/api-v2' }] });
    expect(await h.client.groups.exists('/app/api')).toBe(false);
  });
});
