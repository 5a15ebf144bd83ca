import {
  checkRegexQuota,
  readGroupName,
  resourceNotFound,
  type ServiceContext,
} from '../context.js';
import { groupNotFound, invalidParameter, limitExceeded } from '../errors.js';
import type { LogGroupState, MetricFilterState, MetricTransformationState } from '../state.js';
import { decodeTuple, encodeToken } from '../tokens.js';
import { FILTER_NAME, Input, LOG_GROUP_NAME, METRIC_NAME } from '../validate.js';

type Body = Record<string, unknown>;

export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

/** The system fields PutMetricFilter can emit as dimensions; they count toward the three. */
const SYSTEM_FIELD_DIMENSIONS = ['@aws.account', '@aws.region'] as const;
const MAX_DIMENSIONS = 3;

export const readFilterName = (input: Input, field = 'filterName', required = true) =>
  input.string(field, { required, min: 1, max: 512, pattern: FILTER_NAME });

export const readFilterPattern = (input: Input, required = true) =>
  input.string('filterPattern', { required, max: 1024 });

export function putMetricFilter(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const filterName = readFilterName(input);
  const filterPattern = readFilterPattern(input);
  const list = input.list('metricTransformations', { required: true, min: 1, max: 1 });
  const transformations: MetricTransformationState[] = [];
  list?.forEach((item, index) => {
    const t = input.child(item, `metricTransformations.${index + 1}.member.`);
    const metricName = t.string('metricName', { required: true, max: 255, pattern: METRIC_NAME });
    const metricNamespace = t.string('metricNamespace', {
      required: true,
      max: 255,
      pattern: METRIC_NAME,
    });
    const metricValue = t.string('metricValue', { required: true, max: 100 });
    const defaultValue = t.double('defaultValue');
    const dimensions = t.stringMap('dimensions', {
      max: MAX_DIMENSIONS,
      key: { max: 255 },
      value: { max: 255 },
    });
    const unit = t.enumOf('unit', STANDARD_UNITS);
    transformations.push({
      metricName: metricName!,
      metricNamespace: metricNamespace!,
      metricValue: metricValue!,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      ...(dimensions !== undefined ? { dimensions } : {}),
      ...(unit !== undefined ? { unit } : {}),
    });
  });
  const applyOnTransformedLogs = input.bool('applyOnTransformedLogs');
  const fieldSelectionCriteria = input.string('fieldSelectionCriteria', { max: 2000 });
  const emitSystemFieldDimensions = input.stringList('emitSystemFieldDimensions');
  input.done();
  for (const [index, field] of (emitSystemFieldDimensions ?? []).entries()) {
    if (!(SYSTEM_FIELD_DIMENSIONS as readonly string[]).includes(field))
      throw invalidParameter(
        `Invalid emitSystemFieldDimensions.${index + 1}: '${field}' is not a system field; use ${SYSTEM_FIELD_DIMENSIONS.join(' or ')}.`,
      );
  }
  const systemDimensions = new Set(emitSystemFieldDimensions).size;
  for (const t of transformations) {
    const dimensions = Object.keys(t.dimensions ?? {}).length;
    if (t.defaultValue !== undefined && dimensions > 0)
      throw invalidParameter(
        'Invalid metric transformation: a default value cannot be specified together with dimensions.',
      );
    if (dimensions + systemDimensions > MAX_DIMENSIONS)
      throw invalidParameter(
        `Invalid metric transformation: a metric filter can have at most ${MAX_DIMENSIONS} dimensions, counting emitSystemFieldDimensions; this one has ${dimensions} and ${systemDimensions}.`,
      );
  }
  for (const t of transformations)
    ctx.patterns.checkTransformation(filterPattern!, t.metricValue, t.dimensions);
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  const existing = group.metricFilters.get(filterName!);
  if (!existing && group.metricFilters.size >= ctx.limits.metricFiltersPerGroup)
    throw limitExceeded();
  checkRegexQuota(ctx, group, filterPattern!, { kind: 'metric', name: filterName! });
  ctx.commit({
    t: 'putMetricFilter',
    group: group.name,
    filter: {
      filterName: filterName!,
      filterPattern: filterPattern!,
      metricTransformations: transformations,
      creationTime: existing?.creationTime ?? ctx.now(),
      ...(applyOnTransformedLogs !== undefined ? { applyOnTransformedLogs } : {}),
      ...(fieldSelectionCriteria !== undefined ? { fieldSelectionCriteria } : {}),
      ...(emitSystemFieldDimensions !== undefined ? { emitSystemFieldDimensions } : {}),
    },
  });
  return {};
}

const describeFilter = (group: LogGroupState, f: MetricFilterState): Body => ({
  filterName: f.filterName,
  filterPattern: f.filterPattern,
  metricTransformations: f.metricTransformations,
  creationTime: f.creationTime,
  logGroupName: group.name,
  applyOnTransformedLogs: f.applyOnTransformedLogs ?? false,
  ...(f.fieldSelectionCriteria !== undefined
    ? { fieldSelectionCriteria: f.fieldSelectionCriteria }
    : {}),
  ...(f.emitSystemFieldDimensions !== undefined
    ? { emitSystemFieldDimensions: f.emitSystemFieldDimensions }
    : {}),
});

export function describeMetricFilters(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = input.string('logGroupName', { min: 1, max: 512, pattern: LOG_GROUP_NAME });
  const prefix = readFilterName(input, 'filterNamePrefix', false);
  const nextToken = input.string('nextToken', { min: 1 });
  const limit = input.int('limit', { min: 1, max: 50 }) ?? 50;
  const metricName = input.string('metricName', { max: 255, pattern: METRIC_NAME });
  const metricNamespace = input.string('metricNamespace', { max: 255, pattern: METRIC_NAME });
  input.done();
  if (prefix !== undefined && groupName === undefined)
    throw invalidParameter('filterNamePrefix can only be used together with logGroupName.');
  if ((metricName === undefined) !== (metricNamespace === undefined))
    throw invalidParameter('metricName and metricNamespace must be specified together.');
  let groups: LogGroupState[];
  if (groupName !== undefined) {
    const group = ctx.state.groups.get(groupName);
    if (!group) throw groupNotFound();
    groups = [group];
  } else groups = ctx.state.groupNames().map((n) => ctx.state.groups.get(n)!);
  const after =
    nextToken === undefined
      ? undefined
      : (decodeTuple('metricFilters', nextToken, 'ss') as string[]);

  const metricFilters: Body[] = [];
  let last: [string, string] | undefined;
  let more = false;
  outer: for (const group of groups) {
    if (after && group.name < after[0]!) continue;
    const names = [...group.metricFilters.keys()].sort();
    for (const name of names) {
      if (after && group.name === after[0] && name <= after[1]!) continue;
      if (prefix !== undefined && !name.startsWith(prefix)) continue;
      const filter = group.metricFilters.get(name)!;
      if (
        metricName !== undefined &&
        !filter.metricTransformations.some(
          (t) => t.metricName === metricName && t.metricNamespace === metricNamespace,
        )
      )
        continue;
      if (metricFilters.length === limit) {
        more = true;
        break outer;
      }
      metricFilters.push(describeFilter(group, filter));
      last = [group.name, name];
    }
  }
  return {
    metricFilters,
    ...(more && last ? { nextToken: encodeToken('metricFilters', last) } : {}),
  };
}

export function deleteMetricFilter(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const filterName = readFilterName(input);
  input.done();
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  if (!group.metricFilters.has(filterName!))
    throw resourceNotFound('The specified metric filter does not exist.');
  ctx.commit({ t: 'deleteMetricFilter', group: group.name, name: filterName! });
  return {};
}

export function testMetricFilter(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const filterPattern = readFilterPattern(input);
  const messages = input.stringList('logEventMessages', {
    required: true,
    min: 1,
    max: 50,
    item: { min: 1 },
  });
  input.done();
  const compiled = ctx.patterns.get(filterPattern!);
  const matches: Body[] = [];
  messages!.forEach((message, index) => {
    const extractedValues = compiled.extractedValues(message);
    if (extractedValues === undefined) return;
    matches.push({ eventNumber: index + 1, eventMessage: message, extractedValues });
  });
  return { matches };
}
