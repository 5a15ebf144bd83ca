import {
  groupNameFromArn,
  readGroupName,
  resolveGroup,
  resourceNotFound,
  type ServiceContext,
} from '../context.js';
import { groupNotFound, invalidParameter, limitExceeded, ServiceError } from '../errors.js';
import type { LogGroupClass, LogGroupState } from '../state.js';
import { decodeTuple, encodeToken } from '../tokens.js';
import { Input, LOG_GROUP_NAME, LOG_GROUP_NAME_PATTERN, pattern } from '../validate.js';

type Body = Record<string, unknown>;

const GROUP_CLASSES: readonly LogGroupClass[] = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'];
const TAG_KEY = pattern('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$', 'u');
const TAG_VALUE = pattern('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$', 'u');
const RESOURCE_ARN = pattern('[\\w+=/:,.@-]*');

export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const readTags = (input: Input, name: string, required = false) =>
  input.stringMap(name, {
    required,
    min: 1,
    max: 50,
    key: { min: 1, max: 128, pattern: TAG_KEY },
    value: { max: 256, pattern: TAG_VALUE },
  });

export function createLogGroup(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  const kmsKeyId = input.string('kmsKeyId', { max: 256 });
  const tags = readTags(input, 'tags');
  const logGroupClass = input.enumOf('logGroupClass', GROUP_CLASSES);
  input.done();
  if (ctx.state.groups.has(name!))
    throw new ServiceError(
      'ResourceAlreadyExistsException',
      'The specified log group already exists',
    );
  if (ctx.state.groups.size >= ctx.limits.logGroups) throw limitExceeded();
  if (tags && Object.keys(tags).some((k) => k.startsWith('aws:')))
    throw invalidParameter('Tag keys beginning with "aws:" are reserved for AWS use.');
  ctx.commit({
    t: 'createGroup',
    name: name!,
    at: ctx.now(),
    logGroupClass: logGroupClass ?? 'STANDARD',
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(tags !== undefined ? { tags } : {}),
  });
  return {};
}

export function deleteLogGroup(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  input.done();
  if (!ctx.state.groups.has(name!)) throw groupNotFound();
  ctx.commit({ t: 'deleteGroup', name: name! });
  return {};
}

export function describeGroup(group: LogGroupState): Body {
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
    metricFilterCount: group.metricFilters.size,
    arn: `${group.arn}:*`,
    storedBytes: group.storedBytes,
    ...(group.kmsKeyId !== undefined ? { kmsKeyId: group.kmsKeyId } : {}),
    logGroupClass: group.logGroupClass,
    logGroupArn: group.arn,
  };
}

export function describeLogGroups(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  input.stringList('accountIdentifiers', { max: 20, item: { min: 12, max: 12 } });
  const prefix = input.string('logGroupNamePrefix', { min: 1, max: 512, pattern: LOG_GROUP_NAME });
  const namePattern = input.string('logGroupNamePattern', {
    max: 512,
    pattern: LOG_GROUP_NAME_PATTERN,
  });
  const nextToken = input.string('nextToken', { min: 1 });
  const limit = input.int('limit', { min: 1, max: 50 }) ?? 50;
  input.bool('includeLinkedAccounts');
  const groupClass = input.enumOf('logGroupClass', GROUP_CLASSES);
  const identifiers = input.stringList('logGroupIdentifiers', {
    min: 1,
    max: 50,
    item: { min: 1, max: 2048 },
  });
  input.done();
  if (prefix !== undefined && namePattern !== undefined)
    throw invalidParameter(
      'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.',
    );
  if (identifiers !== undefined && (prefix !== undefined || namePattern !== undefined))
    throw invalidParameter(
      'LogGroupIdentifiers is mutually exclusive with LogGroupNamePrefix and LogGroupNamePattern.',
    );
  const after =
    nextToken === undefined ? undefined : (decodeTuple('groups', nextToken, 's')[0] as string);
  const wanted = identifiers
    ? new Set(identifiers.map((id) => (id.startsWith('arn:') ? groupNameFromArn(ctx, id) : id)))
    : undefined;
  const needle = namePattern?.toLowerCase();
  const names = ctx.state.groupNames();
  let start = 0;
  const from = after ?? prefix;
  if (from !== undefined) {
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const n = names[mid]!;
      if (n < from || (after !== undefined && n === after)) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const logGroups: Body[] = [];
  let last: string | undefined;
  let more = false;
  for (let i = start; i < names.length; i += 1) {
    const name = names[i]!;
    if (prefix !== undefined && !name.startsWith(prefix)) break;
    if (needle !== undefined && !name.toLowerCase().includes(needle)) continue;
    if (wanted && !wanted.has(name)) continue;
    const group = ctx.state.groups.get(name)!;
    if (groupClass !== undefined && group.logGroupClass !== groupClass) continue;
    if (logGroups.length === limit) {
      more = true;
      break;
    }
    logGroups.push(describeGroup(group));
    last = name;
  }
  return { logGroups, ...(more ? { nextToken: encodeToken('groups', [last]) } : {}) };
}

export function putRetentionPolicy(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  const days = input.int('retentionInDays', { required: true });
  if (days !== undefined && !(RETENTION_DAYS as readonly number[]).includes(days))
    input.violation(
      'retentionInDays',
      days,
      `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    );
  input.done();
  if (!ctx.state.groups.has(name!)) throw groupNotFound();
  ctx.commit({ t: 'retention', group: name!, days: days! });
  return {};
}

export function deleteRetentionPolicy(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  input.done();
  if (!ctx.state.groups.has(name!)) throw groupNotFound();
  ctx.commit({ t: 'retention', group: name!, days: null });
  return {};
}

function groupOfArn(ctx: ServiceContext, arn: string): LogGroupState {
  const name = groupNameFromArn(ctx, arn);
  const group = name === undefined ? undefined : ctx.state.groups.get(name);
  if (!group) throw resourceNotFound('The specified resource does not exist.');
  return group;
}

function addTags(ctx: ServiceContext, group: LogGroupState, tags: Record<string, string>): void {
  if (Object.keys(tags).some((k) => k.startsWith('aws:')))
    throw invalidParameter('Tag keys beginning with "aws:" are reserved for AWS use.');
  const keys = new Set([...group.tags.keys(), ...Object.keys(tags)]);
  if (keys.size > ctx.limits.tagsPerResource)
    throw new ServiceError(
      'TooManyTagsException',
      `A resource can have no more than ${ctx.limits.tagsPerResource} tags.`,
      400,
      { resourceName: group.arn },
    );
  ctx.commit({ t: 'tag', group: group.name, tags });
}

const readArn = (input: Input) =>
  input.string('resourceArn', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN });

export function tagResource(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const arn = readArn(input);
  const tags = readTags(input, 'tags', true);
  input.done();
  addTags(ctx, groupOfArn(ctx, arn!), tags!);
  return {};
}

export function untagResource(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const arn = readArn(input);
  const keys = input.stringList('tagKeys', {
    required: true,
    min: 0,
    max: 50,
    item: { min: 1, max: 128, pattern: TAG_KEY },
  });
  input.done();
  const group = groupOfArn(ctx, arn!);
  ctx.commit({ t: 'untag', group: group.name, keys: keys! });
  return {};
}

export function listTagsForResource(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const arn = readArn(input);
  input.done();
  return { tags: Object.fromEntries(groupOfArn(ctx, arn!).tags) };
}

export function tagLogGroup(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  const tags = readTags(input, 'tags', true);
  input.done();
  const group = ctx.state.groups.get(name!);
  if (!group) throw groupNotFound();
  addTags(ctx, group, tags!);
  return {};
}

export function untagLogGroup(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  const keys = input.stringList('tags', {
    required: true,
    min: 1,
    max: 50,
    item: { min: 1, max: 128, pattern: TAG_KEY },
  });
  input.done();
  if (!ctx.state.groups.has(name!)) throw groupNotFound();
  ctx.commit({ t: 'untag', group: name!, keys: keys! });
  return {};
}

export function listTagsLogGroup(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const name = readGroupName(input);
  input.done();
  const group = resolveGroup(ctx, { name, identifier: undefined });
  return { tags: Object.fromEntries(group.tags) };
}
