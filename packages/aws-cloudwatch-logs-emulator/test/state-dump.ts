import type { TestEmulator } from './helpers.js';

/** Everything observable through the API, in a stable order: to check a request changed nothing. */
export async function dump(t: TestEmulator): Promise<unknown> {
  const out: unknown[] = [];
  const groups = (await t.ok('DescribeLogGroups')).logGroups as Array<{ logGroupName: string }>;
  for (const group of groups) {
    const name = group.logGroupName;
    const streams = (await t.ok('DescribeLogStreams', { logGroupName: name })).logStreams as Array<{
      logStreamName: string;
    }>;
    const events: unknown[] = [];
    for (const stream of streams)
      events.push(
        await t.ok('GetLogEvents', {
          logGroupName: name,
          logStreamName: stream.logStreamName,
          startFromHead: true,
        }),
      );
    out.push({
      group,
      streams,
      events,
      metricFilters: await t.ok('DescribeMetricFilters', { logGroupName: name }),
      subscriptionFilters: await t.ok('DescribeSubscriptionFilters', { logGroupName: name }),
      tags: await t.ok('ListTagsLogGroup', { logGroupName: name }),
    });
  }
  return out;
}
