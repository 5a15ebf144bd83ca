import { ResourceAlreadyExistsError, ResourceNotFoundError, ValidationError } from '../errors.js';
import { InFlight } from '../in-flight.js';
import { KnownResources } from '../known-resources.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact, describeGroup, describeStream } from '../operation-caller.js';
import { paginate } from '../pagination.js';
import type {
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  EnsureStreamOptions,
  ListLogStreamsRequest,
  LogStream,
  RequestOptions,
} from '../types.js';
import {
  checkBoolean,
  checkGroupNameOrIdentifier,
  checkLogGroupName,
  checkLogStreamName,
  checkNextToken,
  checkOptionalInteger,
  checkOrderBy,
  checkString,
} from '../validation.js';
import type { ServiceContext } from './context.js';

/** Log streams: create, delete, describe, list, and create-if-missing. */
export interface StreamsService {
  /** CreateLogStream. Fails with `ResourceAlreadyExistsError` if the stream exists. */
  create(logGroupName: string, logStreamName: string, options?: RequestOptions): Promise<void>;
  /** DeleteLogStream, with its events. */
  delete(logGroupName: string, logStreamName: string, options?: RequestOptions): Promise<void>;
  /** DescribeLogStreams: one page. */
  describe(
    request: DescribeLogStreamsRequest,
    options?: RequestOptions,
  ): Promise<DescribeLogStreamsResponse>;
  /** Every stream of a log group, across pages. */
  listAll(request: ListLogStreamsRequest, options?: RequestOptions): AsyncIterable<LogStream>;
  /**
   * Makes sure the stream exists, creating it (and with `createGroup: true` its log group)
   * when missing. Idempotent and safe under concurrency: simultaneous calls for the same
   * stream share one CreateLogStream, "already exists" counts as success, and once a stream
   * is known to exist later calls send nothing.
   */
  ensureExists(
    logGroupName: string,
    logStreamName: string,
    options?: EnsureStreamOptions,
  ): Promise<void>;
}

function checkDescribeLogStreams(request: DescribeLogStreamsRequest): void {
  checkGroupNameOrIdentifier(request);
  if (request.logStreamNamePrefix !== undefined) {
    checkString(request.logStreamNamePrefix, 'logStreamNamePrefix', 1, L.maxLogStreamNameLength);
    if (request.orderBy === 'LastEventTime') {
      throw new ValidationError(
        'logStreamNamePrefix',
        request.logStreamNamePrefix,
        'must not be given when orderBy is LastEventTime',
      );
    }
  }
  checkOrderBy(request.orderBy);
  checkBoolean(request.descending, 'descending');
  checkNextToken(request.nextToken);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxDescribeLimit);
}

export function createStreamsService(context: ServiceContext): StreamsService {
  const { invoker, known } = context;
  const streamFlights = new InFlight<void>();
  const groupFlights = new InFlight<void>();

  async function describe(
    request: DescribeLogStreamsRequest,
    options: RequestOptions = {},
  ): Promise<DescribeLogStreamsResponse> {
    checkDescribeLogStreams(request);
    const response = await invoker.invoke<Partial<DescribeLogStreamsResponse> | undefined>(
      'DescribeLogStreams',
      compact({ ...request }),
      { signal: options.signal, idempotent: true },
      describeGroup(request.logGroupName ?? request.logGroupIdentifier),
    );
    return { ...response, logStreams: response?.logStreams ?? [] };
  }

  async function createStream(group: string, stream: string, signal?: AbortSignal) {
    await invoker.invoke(
      'CreateLogStream',
      { logGroupName: group, logStreamName: stream },
      { signal, idempotent: false },
      describeStream(group, stream),
    );
  }

  /** CreateLogGroup unless known, tolerating "already exists"; one call per group at a time. */
  function ensureGroup(group: string, signal: AbortSignal): Promise<void> {
    if (known.hasGroup(group)) return Promise.resolve();
    return groupFlights.run(
      group,
      async (shared) => {
        let created = false;
        try {
          await invoker.invoke(
            'CreateLogGroup',
            { logGroupName: group },
            { signal: shared, idempotent: false },
            describeGroup(group),
          );
          created = true;
        } catch (error) {
          if (!(error instanceof ResourceAlreadyExistsError)) throw error;
        }
        if (created && context.defaultRetentionDays !== undefined) {
          await invoker.invoke(
            'PutRetentionPolicy',
            { logGroupName: group, retentionInDays: context.defaultRetentionDays },
            { signal: shared, idempotent: true },
            describeGroup(group),
          );
        }
        known.addGroup(group);
      },
      signal,
    );
  }

  async function ensureStream(
    group: string,
    stream: string,
    createGroup: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await createStream(group, stream, signal);
    } catch (error) {
      if (error instanceof ResourceAlreadyExistsError) {
        known.addStream(group, stream);
        return;
      }
      if (!(error instanceof ResourceNotFoundError)) throw error;
      if (!createGroup) {
        throw new ResourceNotFoundError(
          `Log group "${group}" does not exist, so log stream "${stream}" cannot be created. Create the group first (client.groups.create) or call ensureExists with { createGroup: true }.`,
          {
            code: error.code,
            operation: 'CreateLogStream',
            cause: error,
            ...(error.requestId ? { requestId: error.requestId } : {}),
            ...(error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
          },
        );
      }
      known.forgetGroup(group);
      await ensureGroup(group, signal);
      try {
        await createStream(group, stream, signal);
      } catch (retryError) {
        if (!(retryError instanceof ResourceAlreadyExistsError)) throw retryError;
      }
    }
    known.addStream(group, stream);
  }

  return {
    async create(logGroupName, logStreamName, options = {}) {
      checkLogGroupName(logGroupName);
      checkLogStreamName(logStreamName);
      await createStream(logGroupName, logStreamName, options.signal);
      known.addStream(logGroupName, logStreamName);
    },

    async delete(logGroupName, logStreamName, options = {}) {
      checkLogGroupName(logGroupName);
      checkLogStreamName(logStreamName);
      known.forgetStream(logGroupName, logStreamName);
      await invoker.invoke(
        'DeleteLogStream',
        { logGroupName, logStreamName },
        { signal: options.signal, idempotent: false },
        describeStream(logGroupName, logStreamName),
      );
    },

    describe,

    listAll(request, options = {}) {
      const { pageSize, ...rest } = request;
      checkOptionalInteger(pageSize, 'pageSize', 1, L.maxDescribeLimit);
      const base: DescribeLogStreamsRequest = compact({ ...rest, limit: pageSize });
      checkDescribeLogStreams(base);
      return paginate(
        (nextToken) => describe(nextToken === undefined ? base : { ...base, nextToken }, options),
        (page) => page.logStreams,
        (page) => page.nextToken,
        undefined,
        options.signal,
      );
    },

    async ensureExists(logGroupName, logStreamName, options = {}) {
      checkLogGroupName(logGroupName);
      checkLogStreamName(logStreamName);
      const createGroup = options.createGroup ?? false;
      checkBoolean(createGroup, 'createGroup');
      const recheck = options.recheck ?? false;
      checkBoolean(recheck, 'recheck');
      if (recheck) known.forgetStream(logGroupName, logStreamName);
      else if (known.hasStream(logGroupName, logStreamName)) return;
      const key = KnownResources.streamKey(logGroupName, logStreamName);
      try {
        await streamFlights.run(
          key,
          (shared) => ensureStream(logGroupName, logStreamName, createGroup, shared),
          options.signal,
        );
      } catch (error) {
        // This caller joined a flight started without createGroup, which found no group.
        if (!(createGroup && error instanceof ResourceNotFoundError)) throw error;
        await streamFlights.run(
          key,
          (shared) => ensureStream(logGroupName, logStreamName, true, shared),
          options.signal,
        );
      }
    },
  };
}
