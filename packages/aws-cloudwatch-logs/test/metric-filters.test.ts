import { describe, expect, it } from 'vitest';
import type { MetricTransformation } from '../src/index.js';
import { collect, harness } from './helpers/harness.js';

const transformation: MetricTransformation = {
  metricName: 'Errors',
  metricNamespace: 'App/Api',
  metricValue: '1',
  defaultValue: 0,
  unit: 'Count',
};

describe('metricFilters', () => {
  it('put sends PutMetricFilter with the transformation', async () => {
    const h = harness();
    await h.client.metricFilters.put({
      logGroupName: '/app/api',
      filterName: 'errors',
      filterPattern: '{ $.level = "ERROR" }',
      metricTransformations: [
        { ...transformation, defaultValue: undefined, dimensions: { Service: '$.service' } },
      ],
    });
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      [
        'Logs_20140328.PutMetricFilter',
        {
          logGroupName: '/app/api',
          filterName: 'errors',
          filterPattern: '{ $.level = "ERROR" }',
          metricTransformations: [
            {
              metricName: 'Errors',
              metricNamespace: 'App/Api',
              metricValue: '1',
              unit: 'Count',
              dimensions: { Service: '$.service' },
            },
          ],
        },
        true,
      ],
    ]);
  });

  it.each([
    [{ metricTransformations: [] }, 'metricTransformations'],
    [{ metricTransformations: [transformation, transformation] }, 'metricTransformations'],
    [
      { metricTransformations: [{ ...transformation, metricName: '' }] },
      'metricTransformations[0].metricName',
    ],
    [
      { metricTransformations: [{ ...transformation, metricName: 'a$b' }] },
      'metricTransformations[0].metricName',
    ],
    [
      { metricTransformations: [{ ...transformation, metricNamespace: 'a:b' }] },
      'metricTransformations[0].metricNamespace',
    ],
    [
      { metricTransformations: [{ ...transformation, metricValue: '' }] },
      'metricTransformations[0].metricValue',
    ],
    [
      { metricTransformations: [{ ...transformation, metricValue: '1'.repeat(101) }] },
      'metricTransformations[0].metricValue',
    ],
    [
      { metricTransformations: [{ ...transformation, defaultValue: Number.POSITIVE_INFINITY }] },
      'metricTransformations[0].defaultValue',
    ],
    [
      { metricTransformations: [{ ...transformation, unit: 'Apples' }] },
      'metricTransformations[0].unit',
    ],
    [
      {
        metricTransformations: [
          { ...transformation, dimensions: { a: '$.a', b: '$.b', c: '$.c', d: '$.d' } },
        ],
      },
      'metricTransformations[0].dimensions',
    ],
    [{ filterName: 'a*' }, 'filterName'],
    [{ filterPattern: 'p'.repeat(1025) }, 'filterPattern'],
  ])('put refuses an invalid $1', async (change, field) => {
    const h = harness();
    const request = {
      logGroupName: 'g',
      filterName: 'f',
      filterPattern: 'ERROR',
      metricTransformations: [transformation],
      ...change,
    };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.metricFilters.put(request as any)).rejects.toMatchObject({ field });
    expect(h.requests).toHaveLength(0);
  });

  it('describe sends DescribeMetricFilters and parses the page', async () => {
    const h = harness();
    const filter = {
      filterName: 'errors',
      filterPattern: 'ERROR',
      metricTransformations: [transformation],
      creationTime: 1,
      logGroupName: 'g',
    };
    h.reply('DescribeMetricFilters', { metricFilters: [filter], nextToken: 't' });
    const page = await h.client.metricFilters.describe({
      metricName: 'Errors',
      metricNamespace: 'App/Api',
      limit: 5,
    });
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      [
        'Logs_20140328.DescribeMetricFilters',
        { metricName: 'Errors', metricNamespace: 'App/Api', limit: 5 },
        true,
      ],
    ]);
    expect(page).toEqual({ metricFilters: [filter], nextToken: 't' });
  });

  it('listAll pages through', async () => {
    const h = harness();
    h.reply(
      'DescribeMetricFilters',
      { metricFilters: [{ filterName: 'a' }], nextToken: '1' },
      { metricFilters: [{ filterName: 'b' }] },
    );
    const filters = await collect(
      h.client.metricFilters.listAll({ logGroupName: 'g', filterNamePrefix: 'x' }),
    );
    expect(filters.map((f) => f.filterName)).toEqual(['a', 'b']);
    expect(h.requests.map((r) => r.body)).toEqual([
      { logGroupName: 'g', filterNamePrefix: 'x' },
      { logGroupName: 'g', filterNamePrefix: 'x', nextToken: '1' },
    ]);
  });

  it.each([
    [{ filterNamePrefix: 'x' }, 'filterNamePrefix'],
    [{ metricName: 'Errors' }, 'metricNamespace'],
    [{ metricNamespace: 'App' }, 'metricName'],
    [{ limit: 0 }, 'limit'],
  ])('describe refuses an invalid $1', async (request, field) => {
    const h = harness();
    await expect(h.client.metricFilters.describe(request)).rejects.toMatchObject({ field });
  });

  it('delete sends DeleteMetricFilter', async () => {
    const h = harness();
    await h.client.metricFilters.delete('g', 'errors');
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.DeleteMetricFilter', { logGroupName: 'g', filterName: 'errors' }],
    ]);
  });
});
