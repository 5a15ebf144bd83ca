import { ValidationError } from '../errors.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact, describeGroup } from '../operation-caller.js';
import { paginate } from '../pagination.js';
import type {
  CreateLogGroupRequest,
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  ListLogGroupsFilter,
  LogGroup,
  RequestOptions,
} from '../types.js';
import {
  checkAccountId,
  checkBoolean,
  checkKmsKeyId,
  checkLogGroupClass,
  checkLogGroupIdentifier,
  checkLogGroupName,
  checkLogGroupNamePattern,
  checkLogGroupNamePrefix,
  checkNewLogGroupName,
  checkNextToken,
  checkOptionalInteger,
  checkStringList,
  checkTags,
} from '../validation.js';
import type { ServiceContext } from './context.js';

/** Log groups: create, delete, describe, list, check. */
export interface GroupsService {
  /**
   * CreateLogGroup. With `defaultRetentionDays` configured, the retention policy is set right
   * after. Fails with `ResourceAlreadyExistsError` if the group exists.
   */
  create(request: CreateLogGroupRequest, options?: RequestOptions): Promise<void>;
  /** DeleteLogGroup, with every stream and event in it. */
  delete(logGroupName: string, options?: RequestOptions): Promise<void>;
  /** DescribeLogGroups: one page. */
  describe(
    request?: DescribeLogGroupsRequest,
    options?: RequestOptions,
  ): Promise<DescribeLogGroupsResponse>;
  /** Every log group matching the filter (`logGroupNamePrefix` or `logGroupNamePattern`), across pages. */
  listAll(filter?: ListLogGroupsFilter, options?: RequestOptions): AsyncIterable<LogGroup>;
  /** Whether a log group of exactly this name exists. */
  exists(logGroupName: string, options?: RequestOptions): Promise<boolean>;
}

export function checkDescribeLogGroups(request: DescribeLogGroupsRequest): void {
  if (request.logGroupNamePrefix !== undefined && request.logGroupNamePattern !== undefined) {
    throw new ValidationError(
      'logGroupNamePattern',
      request.logGroupNamePattern,
      'must not be given together with logGroupNamePrefix (choose one)',
    );
  }
  checkLogGroupNamePrefix(request.logGroupNamePrefix);
  checkLogGroupNamePattern(request.logGroupNamePattern);
  checkNextToken(request.nextToken);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxDescribeLimit);
  checkBoolean(request.includeLinkedAccounts, 'includeLinkedAccounts');
  checkLogGroupClass(request.logGroupClass);
  checkStringList(request.accountIdentifiers, 'accountIdentifiers', 0, 20, checkAccountId);
  checkStringList(request.logGroupIdentifiers, 'logGroupIdentifiers', 1, 50, (v, f) =>
    checkLogGroupIdentifier(v, f),
  );
}

/**
 * The log group of exactly this name, or `undefined`. DescribeLogGroups matches by prefix and
 * sorts by name, so the exact name, if it exists, is on the first page.
 */
export async function findLogGroup(
  context: ServiceContext,
  logGroupName: string,
  options: RequestOptions,
): Promise<LogGroup | undefined> {
  const response = await context.invoker.invoke<Partial<DescribeLogGroupsResponse> | undefined>(
    'DescribeLogGroups',
    { logGroupNamePrefix: logGroupName, limit: L.maxDescribeLimit },
    { signal: options.signal, idempotent: true },
  );
  return response?.logGroups?.find((group) => group.logGroupName === logGroupName);
}

export function createGroupsService(context: ServiceContext): GroupsService {
  const { invoker, known } = context;

  async function describe(
    request: DescribeLogGroupsRequest = {},
    options: RequestOptions = {},
  ): Promise<DescribeLogGroupsResponse> {
    checkDescribeLogGroups(request);
    const response = await invoker.invoke<Partial<DescribeLogGroupsResponse> | undefined>(
      'DescribeLogGroups',
      compact({ ...request }),
      { signal: options.signal, idempotent: true },
    );
    return { ...response, logGroups: response?.logGroups ?? [] };
  }

  return {
    async create(request, options = {}) {
      checkNewLogGroupName(request.logGroupName);
      checkKmsKeyId(request.kmsKeyId);
      checkTags(request.tags);
      checkLogGroupClass(request.logGroupClass);
      await invoker.invoke(
        'CreateLogGroup',
        compact({ ...request }),
        { signal: options.signal, idempotent: false },
        describeGroup(request.logGroupName),
      );
      known.addGroup(request.logGroupName);
      if (context.defaultRetentionDays !== undefined) {
        await invoker.invoke(
          'PutRetentionPolicy',
          { logGroupName: request.logGroupName, retentionInDays: context.defaultRetentionDays },
          { signal: options.signal, idempotent: true },
          describeGroup(request.logGroupName),
        );
      }
    },

    async delete(logGroupName, options = {}) {
      checkLogGroupName(logGroupName);
      known.forgetGroup(logGroupName);
      await invoker.invoke(
        'DeleteLogGroup',
        { logGroupName },
        { signal: options.signal, idempotent: false },
        describeGroup(logGroupName),
      );
    },

    describe,

    listAll(filter = {}, options = {}) {
      const { pageSize, ...rest } = filter;
      checkOptionalInteger(pageSize, 'pageSize', 1, L.maxDescribeLimit);
      const request: DescribeLogGroupsRequest = compact({ ...rest, limit: pageSize });
      checkDescribeLogGroups(request);
      return paginate(
        (nextToken) =>
          describe(nextToken === undefined ? request : { ...request, nextToken }, options),
        (page) => page.logGroups,
        (page) => page.nextToken,
        undefined,
        options.signal,
      );
    },

    async exists(logGroupName, options = {}) {
      checkLogGroupName(logGroupName);
      const group = await findLogGroup(context, logGroupName, options);
      if (group !== undefined) known.addGroup(logGroupName);
      return group !== undefined;
    },
  };
}
