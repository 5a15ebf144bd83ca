import type { LogLevelName } from './types.js';

/** The log levels, least severe first. */
export const LOG_LEVELS: readonly LogLevelName[] = Object.freeze([
  'debug',
  'info',
  'warn',
  'error',
]);

const SEVERITY: Readonly<Record<LogLevelName, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

export function isLogLevelName(value: unknown): value is LogLevelName {
  return typeof value === 'string' && Object.hasOwn(SEVERITY, value);
}

/** The severity of a level, for comparisons; `'silent'` is above every level. */
export function severityOf(level: LogLevelName | 'silent'): number {
  return level === 'silent' ? Number.POSITIVE_INFINITY : SEVERITY[level];
}
