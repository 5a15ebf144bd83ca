import { describe, expect, it } from 'vitest';
import { ResourceNotFoundError, RetentionDays } from '../src/index.js';
import { awsError, harness } from './helpers/harness.js';

describe('retention', () => {
  it('set sends PutRetentionPolicy', async () => {
    const h = harness();
    await h.client.retention.set('/app/api', RetentionDays.TwoWeeks);
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      ['Logs_20140328.PutRetentionPolicy', { logGroupName: '/app/api', retentionInDays: 14 }, true],
    ]);
  });

  it.each([0, 2, 4, 366, 3654, 1.5, -1, Number.NaN])('set refuses %s days', async (days) => {
    const h = harness();
    const error = await h.client.retention
      .set('/app/api', days as RetentionDays)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'retentionInDays' });
    expect((error as Error).message).toContain('1, 3, 5, 7, 14, 30');
    expect(h.requests).toHaveLength(0);
  });

  it('set accepts every documented value', async () => {
    const h = harness();
    for (const days of Object.values(RetentionDays)) await h.client.retention.set('g', days);
    expect(h.requests.map((r) => r.body['retentionInDays'])).toEqual([
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
      3288, 3653,
    ]);
  });

  it('remove sends DeleteRetentionPolicy', async () => {
    const h = harness();
    await h.client.retention.remove('/app/api');
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.DeleteRetentionPolicy', { logGroupName: '/app/api' }],
    ]);
  });

  it('get reads the exact group through DescribeLogGroups', async () => {
    const h = harness();
    h.reply('DescribeLogGroups', {
      logGroups: [
        { logGroupName: '/app/api', retentionInDays: 90 },
        { logGroupName: '/app/api-old', retentionInDays: 1 },
      ],
    });
    expect(await h.client.retention.get('/app/api')).toBe(90);
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.DescribeLogGroups', { logGroupNamePrefix: '/app/api', limit: 50 }],
    ]);
  });

  it('get is undefined for a group whose events never expire', async () => {
    const h = harness();
    h.reply('DescribeLogGroups', { logGroups: [{ logGroupName: '/app/api' }] });
    expect(await h.client.retention.get('/app/api')).toBeUndefined();
  });

  it('get fails with ResourceNotFoundError when only longer names match', async () => {
    const h = harness();
    h.reply('DescribeLogGroups', {
      logGroups: [{ logGroupName: '/app/api-old', retentionInDays: 1 }],
    });
    const error = await h.client.retention.get('/app/api').catch((e) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toContain('"/app/api"');
  });

  it('maps a missing group on set to ResourceNotFoundError', async () => {
    const h = harness();
    h.reply(
      'PutRetentionPolicy',
      awsError('ResourceNotFoundException', 'The specified log group does not exist.'),
    );
    await expect(h.client.retention.set('g', 7)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('refuses a bad group name in every method', async () => {
    const h = harness();
    await expect(h.client.retention.set('a b', 7)).rejects.toMatchObject({ field: 'logGroupName' });
    await expect(h.client.retention.remove('a b')).rejects.toMatchObject({ field: 'logGroupName' });
    await expect(h.client.retention.get('a b')).rejects.toMatchObject({ field: 'logGroupName' });
    expect(h.requests).toHaveLength(0);
  });
});
