import {
  THROTTLING_ERROR_CODES,
  TRANSIENT_ERROR_CODES,
  TRANSIENT_HTTP_STATUS_CODES,
  UNPROCESSED_ERROR_CODES,
} from './error-codes.js';
import { AwsServiceError } from './errors.js';
import type { HttpResponse } from './http-transport.js';

/** Which codes mean what, for one service. Built once per client. */
export interface ErrorCodeTable {
  throttling: ReadonlySet<string>;
  transient: ReadonlySet<string>;
  unprocessed: ReadonlySet<string>;
}

export interface ErrorCodeOptions {
  /** Codes that mean throttling in addition to {@link THROTTLING_ERROR_CODES}. */
  throttlingCodes?: readonly string[];
  /**
   * Codes of transient errors by which the service rejected the request without applying it
   * (safe to retry for any operation), in addition to the defaults.
   */
  retryableCodes?: readonly string[];
}

export function createErrorCodeTable(options: ErrorCodeOptions = {}): ErrorCodeTable {
  const extra = options.retryableCodes ?? [];
  return {
    throttling: new Set([...THROTTLING_ERROR_CODES, ...(options.throttlingCodes ?? [])]),
    transient: new Set([...TRANSIENT_ERROR_CODES, ...extra]),
    unprocessed: new Set([...UNPROCESSED_ERROR_CODES, ...extra]),
  };
}

const DEFAULT_TABLE = createErrorCodeTable();
const TRANSIENT_STATUS = new Set(TRANSIENT_HTTP_STATUS_CODES);
const MESSAGE_KEYS = new Set(['message', 'Message', 'errorMessage']);

/**
 * The error code of an AWS JSON error: from `x-amzn-errortype`, else the body's `code` or
 * `__type`; the `:`-suffix of the header form and the `namespace#` prefix of the body form are
 * stripped (the AWS JSON protocols' rules).
 */
export function sanitizeErrorCode(raw: string): string {
  let code = raw;
  const colon = code.indexOf(':');
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.indexOf('#');
  if (hash >= 0) code = code.slice(hash + 1);
  return code.trim();
}

/** The request id AWS assigned to a response, from its headers. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-amzn-requestid'] ?? headers['x-amz-request-id'] ?? undefined;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Decodes a non-2xx AWS JSON response into an {@link AwsServiceError}. Never throws: a body that
 * is not JSON (a load balancer's HTML page, say) yields `UnknownError` with the status and a
 * snippet of the body.
 */
export function decodeErrorResponse(
  response: HttpResponse,
  options: { now?: number; codes?: ErrorCodeTable } = {},
): AwsServiceError {
  const codes = options.codes ?? DEFAULT_TABLE;
  const now = options.now ?? Date.now();
  const { statusCode, headers } = response;
  const text = response.body.byteLength === 0 ? '' : Buffer.from(response.body).toString('utf8');
  let body: Record<string, unknown> | undefined;
  if (text.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      body = undefined;
    }
  }
  const rawCode =
    headers['x-amzn-errortype'] ??
    (typeof body?.['code'] === 'string' ? body['code'] : undefined) ??
    (typeof body?.['__type'] === 'string' ? body['__type'] : undefined);
  const sanitized = rawCode === undefined ? '' : sanitizeErrorCode(rawCode);
  const code = sanitized === '' ? fallbackCode(statusCode) : sanitized;

  let message: string | undefined;
  const details: Record<string, unknown> = {};
  if (body !== undefined) {
    for (const [key, value] of Object.entries(body)) {
      if (key === '__type' || key === 'code') continue;
      if (MESSAGE_KEYS.has(key)) {
        if (message === undefined && typeof value === 'string') message = value;
        continue;
      }
      details[key] = value;
    }
  }
  if (message === undefined || message === '') {
    message =
      body === undefined && text.trim() !== ''
        ? `AWS answered HTTP ${statusCode} with a body that is not an AWS JSON error: ${snippet(text)}`
        : `AWS answered ${code} (HTTP ${statusCode}) without a message.`;
  }

  const throttling = codes.throttling.has(code) || statusCode === 429;
  const transient = codes.transient.has(code) || TRANSIENT_STATUS.has(statusCode);
  const rejectedBeforeProcessing =
    throttling ||
    statusCode === 503 ||
    codes.unprocessed.has(code) ||
    // A client error refuses the request, except the transient ones (a timeout may strike late).
    (statusCode >= 400 && statusCode < 500 && statusCode !== 408 && !transient);
  const serverTime = headers['date'] === undefined ? Number.NaN : Date.parse(headers['date']);
  const requestId = requestIdOf(headers);
  const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
  return new AwsServiceError({
    code,
    message,
    statusCode,
    ...(requestId !== undefined && { requestId }),
    retryable: throttling || transient,
    throttling,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    details,
    ...(!Number.isNaN(serverTime) && { serverTime }),
    rejectedBeforeProcessing,
  });
}

function fallbackCode(statusCode: number): string {
  if (statusCode === 429) return 'TooManyRequests';
  if (statusCode === 503) return 'ServiceUnavailable';
  return 'UnknownError';
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
