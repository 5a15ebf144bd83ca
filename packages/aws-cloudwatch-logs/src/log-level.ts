/** Severity of a structured log event; the value is what is written into the event's `level`. */
export const LogLevel = Object.freeze({
  Trace: 'TRACE',
  Debug: 'DEBUG',
  Info: 'INFO',
  Warn: 'WARN',
  Error: 'ERROR',
  Fatal: 'FATAL',
} as const);

export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Every level, least severe first. */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze([
  LogLevel.Trace,
  LogLevel.Debug,
  LogLevel.Info,
  LogLevel.Warn,
  LogLevel.Error,
  LogLevel.Fatal,
]);

const severity: ReadonlyMap<string, number> = new Map(LOG_LEVELS.map((level, i) => [level, i]));

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && severity.has(value);
}

/** The level's rank (TRACE 0 … FATAL 5), for threshold comparisons. */
export function logLevelSeverity(level: LogLevel): number {
  const rank = severity.get(level);
  if (rank === undefined) throw new TypeError(`Unknown log level ${JSON.stringify(level)}`);
  return rank;
}
