import { groupNotFound, invalidParameter, limitExceeded, ServiceError } from './errors.js';
import type { MetricRecorder } from './metrics.js';
import type { PatternCache } from './patterns.js';
import type { QueryRegistry } from './query-registry.js';
import type { LogGroupState, Mutation, State } from './state.js';
import type { SubscriptionDispatcher } from './subscriptions.js';
import { type Input, LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME } from './validate.js';

/** Service quotas the emulator enforces; AWS's defaults unless told otherwise. */
export interface Limits {
  /** Log groups per account and region (AWS: 1,000,000). */
  logGroups: number;
  /** Metric filters per log group (AWS: 100). */
  metricFiltersPerGroup: number;
  /** Subscription filters per log group (AWS: 2). */
  subscriptionFiltersPerGroup: number;
  /** Tags per resource (AWS: 50). */
  tagsPerResource: number;
  /** Logs Insights queries running at once (AWS: 30). */
  concurrentQueries: number;
  /** Regular expressions in the metric and subscription filter patterns of one log group (AWS: 5). */
  regexesPerGroup: number;
}

export const DEFAULT_LIMITS: Limits = {
  logGroups: 1_000_000,
  metricFiltersPerGroup: 100,
  subscriptionFiltersPerGroup: 2,
  tagsPerResource: 50,
  concurrentQueries: 30,
  regexesPerGroup: 5,
};

/**
 * Refuses a metric or subscription filter whose regular expressions would take the log group
 * past its quota; `replacing` is the filter the new one replaces, if any.
 */
export function checkRegexQuota(
  ctx: ServiceContext,
  group: LogGroupState,
  pattern: string,
  replacing: { kind: 'metric' | 'subscription'; name: string },
): void {
  const count = (p: string) => ctx.patterns.get(p).regexCount ?? 0;
  const adding = count(pattern);
  if (adding === 0) return;
  let total = adding;
  for (const f of group.metricFilters.values())
    if (!(replacing.kind === 'metric' && f.filterName === replacing.name))
      total += count(f.filterPattern);
  for (const f of group.subscriptionFilters.values())
    if (!(replacing.kind === 'subscription' && f.filterName === replacing.name))
      total += count(f.filterPattern);
  if (total > ctx.limits.regexesPerGroup)
    throw limitExceeded(
      `The filter patterns of log group ${group.name} would hold ${total} regular expressions; the quota is ${ctx.limits.regexesPerGroup} per log group.`,
    );
}

/** What an operation may use: the data, the clock and the emulator's collaborators. */
export interface ServiceContext {
  readonly state: State;
  readonly limits: Limits;
  readonly patterns: PatternCache;
  readonly metrics: MetricRecorder;
  readonly subscriptions: SubscriptionDispatcher;
  readonly queries: QueryRegistry;
  now(): number;
  /** Records a change in the journal (when persisting), then applies it. */
  commit(mutation: Mutation): void;
}

export const DAY_MS = 86_400_000;

/** The oldest timestamp a read may return under the group's retention policy. */
export function retentionCutoff(ctx: ServiceContext, group: LogGroupState): number {
  return group.retentionInDays === undefined
    ? Number.NEGATIVE_INFINITY
    : ctx.now() - group.retentionInDays * DAY_MS;
}

export const pad = (value: number, width: number): string =>
  String(Math.max(0, Math.trunc(value))).padStart(width, '0');

/** A 56-digit event ID, unique in the emulator: the stream's uid, then the event's ordinal. */
export const eventId = (streamUid: number, ordinal: number): string =>
  pad(streamUid, 20) + pad(ordinal, 36);

/** Reads `logGroupName` (required). */
export function readGroupName(input: Input, field = 'logGroupName'): string | undefined {
  return input.string(field, { required: true, min: 1, max: 512, pattern: LOG_GROUP_NAME });
}

/**
 * Reads the log group an operation addresses either by `logGroupName` or by
 * `logGroupIdentifier` (a name or an ARN). Call after `input.done()` with the values read.
 */
export function readGroupNameOrIdentifier(input: Input): {
  name: string | undefined;
  identifier: string | undefined;
} {
  const name = input.string('logGroupName', { min: 1, max: 512, pattern: LOG_GROUP_NAME });
  const identifier = input.string('logGroupIdentifier', {
    min: 1,
    max: 2048,
    pattern: LOG_GROUP_IDENTIFIER,
  });
  return { name, identifier };
}

export function resolveGroup(
  ctx: ServiceContext,
  ref: { name: string | undefined; identifier: string | undefined },
): LogGroupState {
  if (ref.name !== undefined && ref.identifier !== undefined)
    throw invalidParameter(
      'LogGroupName and LogGroupIdentifier are mutually exclusive parameters. Please specify only one of them.',
    );
  if (ref.name === undefined && ref.identifier === undefined)
    throw invalidParameter('Either LogGroupName or LogGroupIdentifier must be specified.');
  const name = ref.name ?? groupNameFromIdentifier(ctx, ref.identifier!);
  const group = name === undefined ? undefined : ctx.state.groups.get(name);
  if (!group) throw groupNotFound();
  return group;
}

/** The log group name in a name-or-ARN identifier; undefined for an ARN of another account. */
export function groupNameFromIdentifier(
  ctx: ServiceContext,
  identifier: string,
): string | undefined {
  if (!identifier.startsWith('arn:')) return identifier;
  return groupNameFromArn(ctx, identifier);
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>[:*]` of this emulator, else undefined. */
export function groupNameFromArn(ctx: ServiceContext, arn: string): string | undefined {
  const prefix = `arn:aws:logs:${ctx.state.region}:${ctx.state.accountId}:log-group:`;
  if (!arn.startsWith(prefix)) return undefined;
  let name = arn.slice(prefix.length);
  if (name.endsWith(':*')) name = name.slice(0, -2);
  return name.length > 0 && LOG_GROUP_NAME.re.test(name) ? name : undefined;
}

export const resourceNotFound = (message: string): ServiceError =>
  new ServiceError('ResourceNotFoundException', message);
