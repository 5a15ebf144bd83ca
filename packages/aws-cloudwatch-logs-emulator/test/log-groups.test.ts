import { describe, expect, it } from 'vitest';
import { NOW, testEmulator } from './helpers.js';

describe('CreateLogGroup', () => {
  it('creates a group that DescribeLogGroups reports with its ARN, class and creation time', async () => {
    const t = testEmulator({ region: 'eu-west-1', accountId: '123456789012' });
    expect(
      await t.ok('CreateLogGroup', {
        logGroupName: '/app/api',
        kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k1',
      }),
    ).toEqual({});
    const { logGroups } = await t.ok('DescribeLogGroups');
    expect(logGroups).toEqual([
      {
        logGroupName: '/app/api',
        creationTime: NOW,
        metricFilterCount: 0,
        arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/app/api:*',
        logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/app/api',
        storedBytes: 0,
        kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k1',
        logGroupClass: 'STANDARD',
      },
    ]);
  });

  it('refuses a duplicate with ResourceAlreadyExistsException', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    expect(await t.fail('CreateLogGroup', { logGroupName: 'g' })).toEqual({
      type: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
      status: 400,
    });
  });

  it.each([
    [{}, "Value null at 'logGroupName' failed to satisfy constraint: Member must not be null"],
    [
      { logGroupName: '' },
      "Value '' at 'logGroupName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { logGroupName: 'a:b' },
      "Value 'a:b' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    ],
    [{ logGroupName: 'x'.repeat(513) }, 'Member must have length less than or equal to 512'],
    [
      { logGroupName: 'g', logGroupClass: 'HOT' },
      "Value 'HOT' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]",
    ],
    [
      { logGroupName: 'g', tags: {} },
      "at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { logGroupName: 'g', kmsKeyId: 'k'.repeat(257) },
      "at 'kmsKeyId' failed to satisfy constraint: Member must have length less than or equal to 256",
    ],
  ])('validates %j', async (body, message) => {
    const t = testEmulator();
    const error = await t.fail('CreateLogGroup', body);
    expect(error.type).toBe('InvalidParameterException');
    expect(error.message).toMatch(/^\d validation errors? detected: /);
    expect(error.message).toContain(message);
  });

  it('reports every violation at once, as AWS does', async () => {
    const t = testEmulator();
    const error = await t.fail('CreateLogGroup', { logGroupName: 'a b', logGroupClass: 'X' });
    expect(error.message).toMatch(
      /^2 validation errors detected: Value 'a b' .*; Value 'X' at 'logGroupClass'/,
    );
  });

  it('answers a member of the wrong JSON type with SerializationException', async () => {
    const t = testEmulator();
    const error = await t.fail('CreateLogGroup', { logGroupName: 42 });
    expect(error.type).toBe('SerializationException');
  });

  it('enforces the log group quota with LimitExceededException', async () => {
    const t = testEmulator({ limits: { logGroups: 2 } });
    await t.ok('CreateLogGroup', { logGroupName: 'a' });
    await t.ok('CreateLogGroup', { logGroupName: 'b' });
    expect(await t.fail('CreateLogGroup', { logGroupName: 'c' })).toMatchObject({
      type: 'LimitExceededException',
      message: 'Resource limit exceeded.',
    });
  });

  it('stores tags given at creation', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g', tags: { team: 'core' } });
    expect(await t.ok('ListTagsLogGroup', { logGroupName: 'g' })).toEqual({
      tags: { team: 'core' },
    });
  });
});

describe('DeleteLogGroup', () => {
  it('deletes, then the group is gone', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    await t.ok('DeleteLogGroup', { logGroupName: 'g' });
    expect((await t.ok('DescribeLogGroups')).logGroups).toEqual([]);
    expect(await t.fail('DeleteLogGroup', { logGroupName: 'g' })).toEqual({
      type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
      status: 400,
    });
  });
});

describe('DescribeLogGroups', () => {
  const names = ['/a/1', '/a/2', '/a/3', '/b/1', '/b/2', 'Zeta', 'alpha'];
  const seeded = async () => {
    const t = testEmulator();
    for (const name of [...names].reverse()) await t.ok('CreateLogGroup', { logGroupName: name });
    return t;
  };
  const collect = async (t: ReturnType<typeof testEmulator>, body: Record<string, unknown>) => {
    const seen: string[] = [];
    let nextToken: unknown;
    let pages = 0;
    do {
      const page = await t.ok('DescribeLogGroups', {
        ...body,
        ...(nextToken ? { nextToken } : {}),
      });
      seen.push(...(page.logGroups as Array<{ logGroupName: string }>).map((g) => g.logGroupName));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    return { seen, pages };
  };

  it('lists in name order and pages with nextToken', async () => {
    const t = await seeded();
    expect(await collect(t, { limit: 3 })).toEqual({ seen: [...names].sort(), pages: 3 });
  });

  it('filters by prefix, and by case-insensitive pattern', async () => {
    const t = await seeded();
    expect((await collect(t, { logGroupNamePrefix: '/a/', limit: 2 })).seen).toEqual([
      '/a/1',
      '/a/2',
      '/a/3',
    ]);
    expect((await collect(t, { logGroupNamePattern: 'ZE' })).seen).toEqual(['Zeta']);
  });

  it('filters by identifiers (names or ARNs)', async () => {
    const t = await seeded();
    const arn = 'arn:aws:logs:us-east-1:000000000000:log-group:/b/2';
    expect((await collect(t, { logGroupIdentifiers: ['/a/2', arn] })).seen).toEqual([
      '/a/2',
      '/b/2',
    ]);
  });

  it('refuses prefix with pattern, a bad limit and a foreign token', async () => {
    const t = await seeded();
    expect(
      await t.fail('DescribeLogGroups', { logGroupNamePrefix: '/a', logGroupNamePattern: 'a' }),
    ).toMatchObject({
      type: 'InvalidParameterException',
      message: 'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.',
    });
    expect((await t.fail('DescribeLogGroups', { limit: 51 })).message).toContain(
      "Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
    expect((await t.fail('DescribeLogGroups', { limit: 0 })).message).toContain(
      'greater than or equal to 1',
    );
    expect(await t.fail('DescribeLogGroups', { nextToken: 'garbage' })).toMatchObject({
      type: 'InvalidParameterException',
      message: 'The specified nextToken is invalid.',
    });
  });
});

describe('retention policies', () => {
  it('sets and removes retentionInDays', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    await t.ok('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 7 });
    expect((await t.ok('DescribeLogGroups')).logGroups).toMatchObject([{ retentionInDays: 7 }]);
    await t.ok('DeleteRetentionPolicy', { logGroupName: 'g' });
    expect(((await t.ok('DescribeLogGroups')).logGroups as object[])[0]).not.toHaveProperty(
      'retentionInDays',
    );
  });

  it('accepts only the listed day counts', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    const error = await t.fail('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 2 });
    expect(error.type).toBe('InvalidParameterException');
    expect(error.message).toContain(
      "Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    );
    expect((await t.fail('PutRetentionPolicy', { logGroupName: 'g' })).message).toContain(
      "Value null at 'retentionInDays'",
    );
    expect(
      (await t.fail('PutRetentionPolicy', { logGroupName: 'nope', retentionInDays: 1 })).type,
    ).toBe('ResourceNotFoundException');
    expect((await t.fail('DeleteRetentionPolicy', { logGroupName: 'nope' })).type).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('tags', () => {
  const arn = 'arn:aws:logs:us-east-1:000000000000:log-group:g';

  it('tags, lists and untags a log group by ARN', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    await t.ok('TagResource', { resourceArn: arn, tags: { a: '1', b: '2' } });
    await t.ok('TagResource', { resourceArn: arn, tags: { b: '3' } });
    // The ":*" form DescribeLogGroups shows in `arn` is not a taggable resource ARN.
    expect(
      (await t.fail('TagResource', { resourceArn: `${arn}:*`, tags: { b: '3' } })).message,
    ).toContain(
      "at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    expect(await t.ok('ListTagsForResource', { resourceArn: arn })).toEqual({
      tags: { a: '1', b: '3' },
    });
    await t.ok('UntagResource', { resourceArn: arn, tagKeys: ['a'] });
    expect(await t.ok('ListTagsForResource', { resourceArn: arn })).toEqual({ tags: { b: '3' } });
  });

  it('supports the older TagLogGroup, UntagLogGroup and ListTagsLogGroup', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    await t.ok('TagLogGroup', { logGroupName: 'g', tags: { k: 'v' } });
    expect(await t.ok('ListTagsLogGroup', { logGroupName: 'g' })).toEqual({ tags: { k: 'v' } });
    await t.ok('UntagLogGroup', { logGroupName: 'g', tags: ['k'] });
    expect(await t.ok('ListTagsLogGroup', { logGroupName: 'g' })).toEqual({ tags: {} });
  });

  it('refuses unknown resources, reserved keys, bad keys and more than 50 tags', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g' });
    expect(await t.fail('TagResource', { resourceArn: `${arn}x`, tags: { a: '1' } })).toMatchObject(
      {
        type: 'ResourceNotFoundException',
      },
    );
    expect(
      (
        await t.fail('ListTagsForResource', {
          resourceArn: 'arn:aws:logs:eu-west-1:000000000000:log-group:g',
        })
      ).type,
    ).toBe('ResourceNotFoundException');
    expect((await t.fail('TagResource', { resourceArn: arn, tags: { 'aws:x': '1' } })).type).toBe(
      'InvalidParameterException',
    );
    expect(
      (await t.fail('TagResource', { resourceArn: arn, tags: { 'bad!key': '1' } })).message,
    ).toContain("at 'tags.key'");
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await t.ok('TagResource', { resourceArn: arn, tags: many });
    expect(await t.fail('TagResource', { resourceArn: arn, tags: { extra: 'v' } })).toMatchObject({
      type: 'TooManyTagsException',
      message: 'A resource can have no more than 50 tags.',
    });
  });
});
