import { ResourceNotFoundError } from '../errors.js';
import { describeGroup } from '../operation-caller.js';
import type { RetentionDays } from '../retention-days.js';
import type { RequestOptions } from '../types.js';
import { checkLogGroupName, checkRetentionDays } from '../validation.js';
import type { ServiceContext } from './context.js';
import { findLogGroup } from './groups.js';

/** How long a log group keeps its events. */
export interface RetentionService {
  /** PutRetentionPolicy. `days` must be one of `RetentionDays`. */
  set(logGroupName: string, days: RetentionDays, options?: RequestOptions): Promise<void>;
  /** DeleteRetentionPolicy: the group's events never expire again. */
  remove(logGroupName: string, options?: RequestOptions): Promise<void>;
  /**
   * The group's retention in days, or `undefined` when its events never expire. Reads
   * DescribeLogGroups and matches the exact name; `ResourceNotFoundError` when there is no
   * such group.
   */
  get(logGroupName: string, options?: RequestOptions): Promise<RetentionDays | undefined>;
}

export function createRetentionService(context: ServiceContext): RetentionService {
  const { invoker } = context;
  return {
    async set(logGroupName, days, options = {}) {
      checkLogGroupName(logGroupName);
      checkRetentionDays(days);
      await invoker.invoke(
        'PutRetentionPolicy',
        { logGroupName, retentionInDays: days },
        { signal: options.signal, idempotent: true },
        describeGroup(logGroupName),
      );
    },

    async remove(logGroupName, options = {}) {
      checkLogGroupName(logGroupName);
      await invoker.invoke(
        'DeleteRetentionPolicy',
        { logGroupName },
        { signal: options.signal, idempotent: true },
        describeGroup(logGroupName),
      );
    },

    async get(logGroupName, options = {}) {
      checkLogGroupName(logGroupName);
      const group = await findLogGroup(context, logGroupName, options);
      if (group === undefined) {
        throw new ResourceNotFoundError(
          `Log group "${logGroupName}" does not exist in this account and region; check the name or create it first.`,
          { code: 'ResourceNotFoundException', operation: 'DescribeLogGroups' },
        );
      }
      const days = group.retentionInDays;
      if (days === undefined || days === null) return undefined;
      // A value AWS added after this release is still the truth; it is passed on unchanged.
      return days as RetentionDays;
    },
  };
}
