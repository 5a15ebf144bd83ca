import {
  checkRegexQuota,
  readGroupName,
  resourceNotFound,
  type ServiceContext,
} from '../context.js';
import { groupNotFound, invalidParameter, limitExceeded } from '../errors.js';
import type { LogGroupState, SubscriptionFilterState } from '../state.js';
import { decodeTuple, encodeToken } from '../tokens.js';
import { Input } from '../validate.js';
import { readFilterName, readFilterPattern } from './metric-filters.js';

type Body = Record<string, unknown>;

const DESTINATION_ARN = /^arn:aws[a-z-]*:(lambda|kinesis|firehose|logs):[a-z0-9-]*:\d{12}:.+$/;

export function putSubscriptionFilter(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const filterName = readFilterName(input);
  const filterPattern = readFilterPattern(input);
  const destinationArn = input.string('destinationArn', { required: true, min: 1 });
  const roleArn = input.string('roleArn', { min: 1 });
  const distribution = input.enumOf('distribution', ['Random', 'ByLogStream'] as const);
  const applyOnTransformedLogs = input.bool('applyOnTransformedLogs');
  input.string('fieldSelectionCriteria', { max: 2000 });
  input.stringList('emitSystemFields');
  input.done();
  if (!DESTINATION_ARN.test(destinationArn!))
    throw invalidParameter(
      `Invalid destinationArn ${destinationArn}: expected the ARN of a Lambda function, Kinesis stream, Firehose delivery stream or CloudWatch Logs destination.`,
    );
  ctx.patterns.get(filterPattern!);
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  const existing = group.subscriptionFilters.get(filterName!);
  if (!existing && group.subscriptionFilters.size >= ctx.limits.subscriptionFiltersPerGroup)
    throw limitExceeded();
  checkRegexQuota(ctx, group, filterPattern!, { kind: 'subscription', name: filterName! });
  ctx.commit({
    t: 'putSubscriptionFilter',
    group: group.name,
    filter: {
      filterName: filterName!,
      filterPattern: filterPattern!,
      destinationArn: destinationArn!,
      ...(roleArn !== undefined ? { roleArn } : {}),
      distribution: distribution ?? 'ByLogStream',
      creationTime: existing?.creationTime ?? ctx.now(),
      ...(applyOnTransformedLogs !== undefined ? { applyOnTransformedLogs } : {}),
    },
  });
  return {};
}

const describeFilter = (group: LogGroupState, f: SubscriptionFilterState): Body => ({
  filterName: f.filterName,
  logGroupName: group.name,
  filterPattern: f.filterPattern,
  destinationArn: f.destinationArn,
  ...(f.roleArn !== undefined ? { roleArn: f.roleArn } : {}),
  distribution: f.distribution,
  applyOnTransformedLogs: f.applyOnTransformedLogs ?? false,
  creationTime: f.creationTime,
});

export function describeSubscriptionFilters(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const prefix = readFilterName(input, 'filterNamePrefix', false);
  const nextToken = input.string('nextToken', { min: 1 });
  const limit = input.int('limit', { min: 1, max: 50 }) ?? 50;
  input.done();
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  const after =
    nextToken === undefined
      ? undefined
      : (decodeTuple('subscriptions', nextToken, 's')[0] as string);
  const names = [...group.subscriptionFilters.keys()]
    .sort()
    .filter(
      (n) => (prefix === undefined || n.startsWith(prefix)) && (after === undefined || n > after),
    );
  const page = names.slice(0, limit);
  return {
    subscriptionFilters: page.map((n) => describeFilter(group, group.subscriptionFilters.get(n)!)),
    ...(names.length > limit
      ? { nextToken: encodeToken('subscriptions', [page[page.length - 1]]) }
      : {}),
  };
}

export function deleteSubscriptionFilter(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const filterName = readFilterName(input);
  input.done();
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  if (!group.subscriptionFilters.has(filterName!))
    throw resourceNotFound('The specified subscription filter does not exist.');
  ctx.commit({ t: 'deleteSubscriptionFilter', group: group.name, name: filterName! });
  return {};
}
