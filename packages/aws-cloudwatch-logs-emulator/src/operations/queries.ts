import {
  eventId,
  groupNameFromIdentifier,
  resourceNotFound,
  retentionCutoff,
  type ServiceContext,
} from '../context.js';
import { groupNotFound, invalidParameter, limitExceeded, ServiceError } from '../errors.js';
import {
  type QueryEngine,
  type QueryEvent,
  type QueryLanguage,
  type QuerySource,
  QuerySyntaxError,
} from '../query-engine.js';
import type { QueryRecord, QueryStatus } from '../query-registry.js';
import type { LogGroupState } from '../state.js';
import { decodeTuple, encodeToken } from '../tokens.js';
import { Input, LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME } from '../validate.js';

type Body = Record<string, unknown>;

const LANGUAGES: readonly QueryLanguage[] = ['CWLI', 'SQL', 'PPL'];
const STATUSES: readonly QueryStatus[] = [
  'Scheduled',
  'Running',
  'Complete',
  'Failed',
  'Cancelled',
  'Timeout',
];

export function startQuery(ctx: ServiceContext, engine: QueryEngine, body: Body): Body {
  const input = new Input(body);
  const queryLanguage = input.enumOf('queryLanguage', [...LANGUAGES, 'Unknown'] as const) ?? 'CWLI';
  const groupName = input.string('logGroupName', { min: 1, max: 512, pattern: LOG_GROUP_NAME });
  const groupNames = input.stringList('logGroupNames', {
    max: 50,
    item: { min: 1, max: 512, pattern: LOG_GROUP_NAME },
  });
  const identifiers = input.stringList('logGroupIdentifiers', {
    max: 50,
    item: { min: 1, max: 2048, pattern: LOG_GROUP_IDENTIFIER },
  });
  const startTime = input.int('startTime', { required: true, min: 0 });
  const endTime = input.int('endTime', { required: true, min: 0 });
  const queryString = input.string('queryString', { required: true, max: 10_000 });
  const limit = input.int('limit', { min: 1, max: 10_000 });
  input.done();
  const given = [groupName, groupNames, identifiers].filter((v) => v !== undefined).length;
  if (given > 1)
    throw invalidParameter(
      'Specify only one of logGroupName, logGroupNames and logGroupIdentifiers.',
    );
  if (given === 0)
    throw invalidParameter(
      'Specify the log groups to query with logGroupName, logGroupNames or logGroupIdentifiers.',
    );
  if (endTime! < startTime!) throw invalidParameter('endTime must not be before startTime.');
  if (queryLanguage === 'Unknown') throw invalidParameter('queryLanguage Unknown cannot be run.');
  const names =
    groupName !== undefined
      ? [groupName]
      : (groupNames ?? identifiers!.map((id) => groupNameFromIdentifier(ctx, id) ?? id));
  const groups: LogGroupState[] = [];
  for (const name of names) {
    const group = ctx.state.groups.get(name);
    if (!group) throw groupNotFound();
    groups.push(group);
  }
  let prepared: ReturnType<QueryEngine['prepare']>;
  try {
    prepared = engine.prepare(queryString!, { queryLanguage });
  } catch (error) {
    if (error instanceof QuerySyntaxError)
      throw new ServiceError('MalformedQueryException', error.message, 400, {
        queryCompileError: {
          ...(error.location ? { location: error.location } : {}),
          message: error.message,
        },
      });
    throw error;
  }
  if (ctx.queries.running() >= ctx.limits.concurrentQueries)
    throw limitExceeded(
      `You have reached the maximum of ${ctx.limits.concurrentQueries} concurrent queries.`,
    );
  const source = querySource(ctx, groups, startTime! * 1000, endTime! * 1000 + 999);
  const record = ctx.queries.start(prepared, source, {
    queryString: queryString!,
    queryLanguage,
    ...(limit !== undefined ? { limit } : {}),
  });
  return { queryId: record.queryId };
}

/** The events of `groups` between two millisecond bounds (inclusive), retention applied. */
export function querySource(
  ctx: ServiceContext,
  groups: LogGroupState[],
  startTime: number,
  endTime: number,
): QuerySource {
  return {
    logGroupNames: groups.map((g) => g.name),
    accountId: ctx.state.accountId,
    startTime,
    endTime,
    *events(): Generator<QueryEvent> {
      for (const group of groups) {
        const lowest = Math.max(startTime, retentionCutoff(ctx, group));
        for (const streamName of group.streamNames()) {
          const stream = group.streams.get(streamName);
          if (!stream) continue;
          const events = stream.events;
          const end = events.lowerBound(endTime, true);
          for (let pos = events.lowerBound(lowest); pos < end; pos += 1)
            yield {
              logGroupName: group.name,
              logStreamName: stream.name,
              timestamp: events.timestampAt(pos),
              ingestionTime: events.ingestionTimeAt(pos),
              message: events.messageAt(pos),
              eventId: eventId(stream.uid, events.ordinalAt(pos)),
            };
        }
      }
    },
  };
}

const readQueryId = (input: Input) => input.string('queryId', { required: true, max: 256 });

function requireQuery(ctx: ServiceContext, queryId: string): QueryRecord {
  const record = ctx.queries.get(queryId);
  if (!record) throw resourceNotFound(`The query ${queryId} does not exist.`);
  return record;
}

export function getQueryResults(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const queryId = readQueryId(input);
  input.done();
  const record = requireQuery(ctx, queryId!);
  return {
    queryLanguage: record.queryLanguage,
    results: record.results,
    statistics: {
      recordsMatched: record.statistics.recordsMatched ?? 0,
      recordsScanned: record.statistics.recordsScanned ?? 0,
      bytesScanned: record.statistics.bytesScanned ?? 0,
    },
    status: record.status,
  };
}

export function stopQuery(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const queryId = readQueryId(input);
  input.done();
  requireQuery(ctx, queryId!);
  return { success: ctx.queries.stop(queryId!) };
}

export function describeQueries(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = input.string('logGroupName', { min: 1, max: 512, pattern: LOG_GROUP_NAME });
  const status = input.enumOf('status', [...STATUSES, 'Unknown'] as const);
  const maxResults = input.int('maxResults', { min: 1, max: 1000 }) ?? 1000;
  const nextToken = input.string('nextToken', { min: 1 });
  const queryLanguage = input.enumOf('queryLanguage', LANGUAGES);
  input.done();
  if (groupName !== undefined && !ctx.state.groups.has(groupName)) throw groupNotFound();
  const after =
    nextToken === undefined ? undefined : (decodeTuple('queries', nextToken, 's')[0] as string);
  let all = ctx.queries
    .list()
    .filter(
      (q) =>
        (groupName === undefined || q.logGroupNames.includes(groupName)) &&
        (status === undefined || q.status === status) &&
        (queryLanguage === undefined || q.queryLanguage === queryLanguage),
    );
  if (after !== undefined) {
    const index = all.findIndex((q) => q.queryId === after);
    all = index < 0 ? [] : all.slice(index + 1);
  }
  const page = all.slice(0, maxResults);
  return {
    queries: page.map((q) => ({
      queryLanguage: q.queryLanguage,
      queryId: q.queryId,
      queryString: q.queryString,
      status: q.status,
      createTime: q.createTime,
      logGroupName: q.logGroupNames[0],
      ...(q.finishedAt !== undefined ? { queryDuration: q.finishedAt - q.createTime } : {}),
    })),
    ...(all.length > maxResults
      ? { nextToken: encodeToken('queries', [page[page.length - 1]!.queryId]) }
      : {}),
  };
}
