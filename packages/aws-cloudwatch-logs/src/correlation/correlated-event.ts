/** One result row as `insights.query` returns it: field name to rendered value. */
export type QueryRecord = Record<string, string>;

/** A log event read back and understood: who wrote it, when, at what level, for which request. */
export interface CorrelatedLogEvent {
  /** Epoch milliseconds. */
  timestamp: number;
  logGroup: string;
  logStream: string;
  service: string;
  level: string;
  message: string;
  traceId: string | undefined;
  requestId: string | undefined;
  spanId: string | undefined;
  /** Every other field of a JSON message, or the `key=value` pairs of a text line. */
  fields: Record<string, unknown>;
}

const TRACE_KEYS = [
  'trace_id',
  'traceId',
  'traceID',
  'x-amzn-trace-id',
  'xray_trace_id',
  'otelTraceID',
];
const REQUEST_KEYS = [
  'request_id',
  'requestId',
  'aws_request_id',
  'awsRequestId',
  'x-request-id',
  'correlation_id',
];
const SPAN_KEYS = ['span_id', 'spanId', 'otelSpanID'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname', 'log_level'];
const MESSAGE_KEYS = ['message', 'msg'];
const SERVICE_KEYS = ['service', 'service_name', 'serviceName', 'app'];
const KNOWN = new Set([
  ...TRACE_KEYS,
  ...REQUEST_KEYS,
  ...SPAN_KEYS,
  ...LEVEL_KEYS,
  ...MESSAGE_KEYS,
  ...SERVICE_KEYS,
  'timestamp',
  'time',
  '@timestamp',
]);

const LEVEL_WORD = /\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b/;
const PAIR = /\b([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S+)/g;
const LAMBDA_REQUEST = /\bRequestId:\s*([0-9a-fA-F-]{8,})/;
/** Lambda's runtime format: `<ISO time>\t<request id>\t<LEVEL>\t<message>`. */
const LAMBDA_LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\t([0-9a-fA-F-]{8,})\t([A-Z]+)\t/;
const ISO_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)/;

function pick(object: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** `2024-01-01 12:00:00.000` (as Logs Insights renders @timestamp, in UTC) or epoch ms. */
export function parseInsightsTimestamp(value: string | undefined): number {
  if (value === undefined || value === '') return Number.NaN;
  if (/^\d{12,}$/.test(value)) return Number(value);
  return Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

function normalizeLevel(level: string | undefined): string {
  const upper = (level ?? '').toUpperCase();
  if (upper === 'WARNING') return 'WARN';
  if (upper === 'CRITICAL') return 'FATAL';
  return upper || 'INFO';
}

/** The log group name of `@log` (`<account>:<group>`) or of an ARN. */
function groupOf(record: QueryRecord): string {
  const log = record['@log'] ?? record['@logGroup'] ?? '';
  const arn = /^arn:[^:]+:logs:[^:]*:\d*:log-group:([^:]+)/.exec(log);
  if (arn) return arn[1]!;
  const colon = log.indexOf(':');
  return colon >= 0 && /^\d+$/.test(log.slice(0, colon)) ? log.slice(colon + 1) : log;
}

function defaultService(group: string): string {
  const last = group.split('/').filter(Boolean).at(-1);
  return last ?? 'unknown';
}

function ownTimestamp(source: Record<string, unknown>, raw: string): number {
  for (const key of ['timestamp', 'time', '@timestamp']) {
    const value = source[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isFinite(parsed)) return parsed;
    }
  }
  const iso = ISO_START.exec(raw);
  return iso ? Date.parse(iso[0]) : Number.NaN;
}

/**
 * Turns one Logs Insights row into a {@link CorrelatedLogEvent}: JSON messages in this
 * library's format (and the usual alternatives: traceId, x-amzn-trace-id, aws_request_id,
 * severity…) are read field by field; text lines give up their level word, `key=value` pairs
 * and Lambda's `RequestId:` (and its `time\trequest id\tLEVEL\t` lines). The service defaults to
 * the last segment of the log group's name. The timestamp is `@timestamp`, or else the event's own
 * (`timestamp`/`time` field, leading ISO time); `NaN` when there is none.
 */
export function toCorrelatedEvent(record: QueryRecord): CorrelatedLogEvent {
  const raw = record['@message'] ?? '';
  const logGroup = groupOf(record);
  let json: Record<string, unknown> | undefined;
  if (raw.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  let source: Record<string, unknown>;
  let message: string;
  let level: string | undefined;
  if (json) {
    source = json;
    message = pick(json, MESSAGE_KEYS) ?? raw;
    level = pick(json, LEVEL_KEYS);
  } else {
    source = {};
    for (const m of raw.matchAll(PAIR)) {
      const value = m[2]!;
      source[m[1]!] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
    }
    const line = LAMBDA_LINE.exec(raw);
    const lambda = line?.[2] ?? LAMBDA_REQUEST.exec(raw)?.[1];
    if (lambda !== undefined && pick(source, REQUEST_KEYS) === undefined)
      source.request_id = lambda;
    message = raw.replace(/\n$/, '');
    level = pick(source, LEVEL_KEYS) ?? line?.[3] ?? LEVEL_WORD.exec(raw)?.[1];
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) if (!KNOWN.has(key)) fields[key] = value;
  // Without a usable @timestamp (a query that did not select it), the event's own time.
  let timestamp = parseInsightsTimestamp(record['@timestamp']);
  if (!Number.isFinite(timestamp)) timestamp = ownTimestamp(source, raw);
  return {
    timestamp: Number.isFinite(timestamp) ? timestamp : Number.NaN,
    logGroup,
    logStream: record['@logStream'] ?? '',
    service: pick(source, SERVICE_KEYS) ?? defaultService(logGroup),
    level: normalizeLevel(level),
    message,
    traceId: pick(source, TRACE_KEYS),
    requestId: pick(source, REQUEST_KEYS),
    spanId: pick(source, SPAN_KEYS),
    fields,
  };
}
