import {
  pad,
  readGroupName,
  readGroupNameOrIdentifier,
  resolveGroup,
  type ServiceContext,
} from '../context.js';
import {
  groupNotFound,
  invalidNextToken,
  invalidParameter,
  ServiceError,
  streamNotFound,
} from '../errors.js';
import type { LogStreamState } from '../state.js';
import { decodeToken, encodeToken } from '../tokens.js';
import { Input, LOG_STREAM_NAME } from '../validate.js';

type Body = Record<string, unknown>;

export const readStreamName = (input: Input, field = 'logStreamName', required = true) =>
  input.string(field, { required, min: 1, max: 512, pattern: LOG_STREAM_NAME });

export function createLogStream(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const name = readStreamName(input);
  input.done();
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  if (group.streams.has(name!))
    throw new ServiceError(
      'ResourceAlreadyExistsException',
      'The specified log stream already exists',
    );
  ctx.commit({ t: 'createStream', group: groupName!, name: name!, at: ctx.now() });
  return {};
}

export function deleteLogStream(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const groupName = readGroupName(input);
  const name = readStreamName(input);
  input.done();
  const group = ctx.state.groups.get(groupName!);
  if (!group) throw groupNotFound();
  if (!group.streams.has(name!)) throw streamNotFound();
  ctx.commit({ t: 'deleteStream', group: groupName!, name: name! });
  return {};
}

export function describeStream(stream: LogStreamState): Body {
  return {
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...(stream.firstEventTimestamp !== undefined
      ? {
          firstEventTimestamp: stream.firstEventTimestamp,
          lastEventTimestamp: stream.lastEventTimestamp,
          lastIngestionTime: stream.lastIngestionTime,
        }
      : {}),
    uploadSequenceToken: pad(stream.uploads + 1, 56),
    arn: stream.arn,
    // AWS stopped reporting per-stream stored bytes in 2019; the field is always 0.
    storedBytes: 0,
  };
}

export function describeLogStreams(ctx: ServiceContext, body: Body): Body {
  const input = new Input(body);
  const ref = readGroupNameOrIdentifier(input);
  const prefix = readStreamName(input, 'logStreamNamePrefix', false);
  const orderBy =
    input.enumOf('orderBy', ['LogStreamName', 'LastEventTime'] as const) ?? 'LogStreamName';
  const descending = input.bool('descending') ?? false;
  const nextToken = input.string('nextToken', { min: 1 });
  const limit = input.int('limit', { min: 1, max: 50 }) ?? 50;
  input.done();
  const group = resolveGroup(ctx, ref);
  if (orderBy === 'LastEventTime' && prefix !== undefined)
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');

  let names: string[];
  if (orderBy === 'LogStreamName') {
    names = group.streamNames();
    if (prefix !== undefined) names = names.filter((n) => n.startsWith(prefix));
  } else {
    const key = (n: string) => group.streams.get(n)!.lastEventTimestamp ?? -1;
    names = [...group.streamNames()].sort((a, b) => key(a) - key(b) || (a < b ? -1 : 1));
  }
  if (descending) names = [...names].reverse();

  let start = 0;
  if (nextToken !== undefined) {
    const position = decodeToken('streams', nextToken);
    if (
      !Array.isArray(position) ||
      position[0] !== orderBy ||
      position[1] !== descending ||
      typeof position[2] !== 'string' ||
      typeof position[3] !== 'number'
    )
      throw invalidNextToken();
    const [, , lastName, lastTime] = position as [string, boolean, string, number];
    const before = (n: string): boolean => {
      if (orderBy === 'LogStreamName') return descending ? n >= lastName : n <= lastName;
      const t = group.streams.get(n)!.lastEventTimestamp ?? -1;
      const cmp = t - lastTime || (n < lastName ? -1 : n > lastName ? 1 : 0);
      return descending ? cmp >= 0 : cmp <= 0;
    };
    while (start < names.length && before(names[start]!)) start += 1;
  }
  const page = names.slice(start, start + limit).map((n) => group.streams.get(n)!);
  const more = start + limit < names.length;
  const last = page[page.length - 1];
  return {
    logStreams: page.map(describeStream),
    ...(more && last
      ? {
          nextToken: encodeToken('streams', [
            orderBy,
            descending,
            last.name,
            last.lastEventTimestamp ?? -1,
          ]),
        }
      : {}),
  };
}
