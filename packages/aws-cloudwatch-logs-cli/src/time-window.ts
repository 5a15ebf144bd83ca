import { TimeRange } from '@integrations/aws-cloudwatch-logs';
import { parseDuration, parseTime } from './duration.js';
import { UsageError } from './errors.js';

export interface WindowFlags {
  since?: string;
  start?: string;
  end?: string;
}

/** `--since 1h`, or `--start` (and optionally `--end`); the default is the last hour. */
export function windowFrom(flags: WindowFlags, defaultSince = '1h'): TimeRange {
  if (flags.since !== undefined && (flags.start !== undefined || flags.end !== undefined))
    throw new UsageError('give --since, or --start/--end, not both');
  const now = Date.now();
  if (flags.start !== undefined) {
    const start = parseTime(flags.start, '--start');
    const end = flags.end === undefined ? now : parseTime(flags.end, '--end');
    if (end <= start) throw new UsageError('--end must be after --start');
    return TimeRange.fromEpochMillis(start, end);
  }
  if (flags.end !== undefined) throw new UsageError('--end needs --start');
  return TimeRange.fromEpochMillis(
    now - parseDuration(flags.since ?? defaultSince, '--since'),
    now,
  );
}

/** Log groups given as names or ARNs, as StartQuery wants them. */
export function groupsRequest(
  groups: readonly string[],
): { logGroupNames: string[] } | { logGroupIdentifiers: string[] } {
  if (groups.length === 0) throw new UsageError('name at least one log group with -g <group>');
  return groups.some((g) => g.startsWith('arn:'))
    ? { logGroupIdentifiers: [...groups] }
    : { logGroupNames: [...groups] };
}
