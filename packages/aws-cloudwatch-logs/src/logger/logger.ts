import type { FlushReport } from '../buffer/options.js';
import { ValidationError } from '../errors.js';
import { isLogLevel, LOG_LEVELS, type LogLevel, logLevelSeverity } from '../log-level.js';
import type { StructuredLogEvent } from '../structured/structured-log-event.js';
import { checkLogGroupName, checkLogStreamName } from '../validation.js';

export interface LoggerOptions {
  logGroup: string;
  logStream: string;
  service?: string;
  /** Events below this level are not written. Default INFO; any case (`'debug'` from an env var). */
  level?: LogLevel | Lowercase<LogLevel>;
  /** Fields written with every event. */
  fields?: Record<string, unknown>;
}

/** An application logger writing structured events through the client's batch buffer. */
export interface CloudWatchLogger {
  readonly level: LogLevel;
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  fatal(message: string, fields?: Record<string, unknown>): void;
  /** A logger writing `fields` with every event, on top of this one's. */
  child(fields: Record<string, unknown>): CloudWatchLogger;
  isLevelEnabled(level: LogLevel): boolean;
  /** Resolves once everything logged so far is stored (or reported failed). */
  flush(): Promise<FlushReport>;
}

export interface LoggerSink {
  put(event: StructuredLogEvent): void | Promise<void>;
  flush(): Promise<FlushReport>;
  /** Where a failed write is reported; the logger itself never throws. */
  onError(error: unknown): void;
}

/** The level of logger options, upper-cased; a ValidationError names the levels otherwise. */
function levelOf(value: unknown): LogLevel {
  if (value === undefined) return 'INFO';
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (isLogLevel(upper)) return upper;
  throw new ValidationError('level', value, `must be one of ${LOG_LEVELS.join(', ')}`);
}

/**
 * A logger on `sink`. Its options are checked here, at setup, where a mistake can be fixed;
 * after that nothing it does throws into the application.
 */
export function createLogger(options: LoggerOptions, sink: LoggerSink): CloudWatchLogger {
  checkLogGroupName(options.logGroup, 'logGroup');
  checkLogStreamName(options.logStream, 'logStream');
  const level = levelOf(options.level);
  const threshold = logLevelSeverity(level);
  const base = options.fields;
  const service = options.service;
  const report = (error: unknown) => {
    try {
      sink.onError(error);
    } catch {
      // Reporting is best effort; the application's call must still return normally.
    }
  };
  const write = (level: LogLevel, message: string, fields: Record<string, unknown> | undefined) => {
    if (logLevelSeverity(level) < threshold) return;
    // Object.assign and plain assignments, not spreads: V8's object spread made a logger with
    // fields several times slower (objects it builds are slow to create and to stringify).
    const merged =
      base === undefined ? fields : fields === undefined ? base : Object.assign({}, base, fields);
    const event: StructuredLogEvent = { level, message };
    if (service !== undefined) event.service = service;
    if (merged !== undefined) event.fields = merged;
    try {
      const pending = sink.put(event);
      if (pending) pending.catch(report);
    } catch (error) {
      report(error);
    }
  };
  const logger: CloudWatchLogger = {
    level,
    trace: (m, f) => write('TRACE', m, f),
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARN', m, f),
    error: (m, f) => write('ERROR', m, f),
    fatal: (m, f) => write('FATAL', m, f),
    child: (fields) =>
      createLogger(
        {
          ...options,
          level,
          fields: base === undefined ? fields : Object.assign({}, base, fields),
        },
        sink,
      ),
    isLevelEnabled: (level) => LOG_LEVELS.includes(level) && logLevelSeverity(level) >= threshold,
    flush: () => sink.flush(),
  };
  return logger;
}
