import { describe, expect, it } from 'vitest';
import {
  AwsServiceError,
  decodeErrorResponse,
  type HttpResponse,
  parseRetryAfter,
  sanitizeErrorCode,
} from '../src/index.js';

function response(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { statusCode, headers, body: new TextEncoder().encode(text) };
}

describe('sanitizeErrorCode', () => {
  it.each([
    ['com.amazonaws.logs#ResourceNotFoundException', 'ResourceNotFoundException'],
    [
      'aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/',
      'FooError',
    ],
    ['FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/', 'FooError'],
    ['ThrottlingException', 'ThrottlingException'],
    [' Padded ', 'Padded'],
  ])('%s → %s', (raw, code) => {
    expect(sanitizeErrorCode(raw)).toBe(code);
  });
});

describe('decodeErrorResponse', () => {
  it('decodes __type with namespace and a lower-case message', () => {
    const error = decodeErrorResponse(
      response(
        400,
        {
          __type: 'com.amazonaws.logs#ResourceNotFoundException',
          message: 'The specified log group does not exist.',
        },
        { 'x-amzn-requestid': 'abc-123' },
      ),
    );
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'AwsServiceError',
      code: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
      statusCode: 400,
      requestId: 'abc-123',
      retryable: false,
      throttling: false,
      rejectedBeforeProcessing: true,
    });
  });

  it('prefers x-amzn-errortype (":" suffix stripped) and reads Message', () => {
    const error = decodeErrorResponse(
      response(
        400,
        { __type: 'Other', Message: 'Upper-case message' },
        { 'x-amzn-errortype': 'InvalidParameterException:http://internal.amazon.com/coral/' },
      ),
    );
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toBe('Upper-case message');
  });

  it('reads the body code field when there is no __type', () => {
    expect(decodeErrorResponse(response(400, { code: 'SomeError', message: 'm' })).code).toBe(
      'SomeError',
    );
  });

  it('keeps the other body fields as details', () => {
    const error = decodeErrorResponse(
      response(400, {
        __type: 'InvalidSequenceTokenException',
        message: 'bad token',
        expectedSequenceToken: '4960',
      }),
    );
    expect(error.details).toEqual({ expectedSequenceToken: '4960' });
  });

  it('marks throttling codes and 429 as throttling and retryable', () => {
    for (const code of [
      'ThrottlingException',
      'Throttling',
      'TooManyRequestsException',
      'SlowDown',
    ]) {
      const error = decodeErrorResponse(response(400, { __type: code, message: 'slow' }));
      expect(error).toMatchObject({
        throttling: true,
        retryable: true,
        rejectedBeforeProcessing: true,
      });
    }
    expect(decodeErrorResponse(response(429, '')).throttling).toBe(true);
    expect(decodeErrorResponse(response(429, '')).code).toBe('TooManyRequests');
  });

  it('does not take LimitExceededException for throttling: it is a quota', () => {
    const error = decodeErrorResponse(
      response(400, { __type: 'LimitExceededException', message: 'Resource limit exceeded.' }),
    );
    expect(error).toMatchObject({ throttling: false, retryable: false });
  });

  it('marks 5xx and transient codes as retryable; only 503 and ServiceUnavailable as unprocessed', () => {
    expect(decodeErrorResponse(response(500, { __type: 'InternalFailure' }))).toMatchObject({
      retryable: true,
      rejectedBeforeProcessing: false,
    });
    expect(decodeErrorResponse(response(503, ''))).toMatchObject({
      code: 'ServiceUnavailable',
      retryable: true,
      rejectedBeforeProcessing: true,
    });
    expect(
      decodeErrorResponse(response(500, { __type: 'ServiceUnavailableException', message: 'x' })),
    ).toMatchObject({ retryable: true, rejectedBeforeProcessing: true });
    expect(decodeErrorResponse(response(504, ''))).toMatchObject({
      retryable: true,
      rejectedBeforeProcessing: false,
    });
    expect(decodeErrorResponse(response(400, { __type: 'RequestTimeoutException' }))).toMatchObject(
      { retryable: true },
    );
  });

  it('explains a body that is not JSON, with a snippet of it', () => {
    const error = decodeErrorResponse(response(502, '<html><body>Bad Gateway</body></html>'));
    expect(error.code).toBe('UnknownError');
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('not an AWS JSON error');
    expect(error.message).toContain('Bad Gateway');
    expect(error.retryable).toBe(true);
  });

  it('writes a message when the service gave none', () => {
    const error = decodeErrorResponse(response(400, { __type: 'AccessDeniedException' }));
    expect(error.message).toBe('AWS answered AccessDeniedException (HTTP 400) without a message.');
  });

  it('reads the server time and the retry-after hint', () => {
    const error = decodeErrorResponse(
      response(
        400,
        { __type: 'ThrottlingException' },
        { date: 'Wed, 01 Jan 2025 00:00:00 GMT', 'retry-after': '2' },
      ),
    );
    expect(error.serverTime).toBe(Date.UTC(2025, 0, 1));
    expect(error.retryAfterMs).toBe(2000);
  });

  it('honours extra throttling and retryable codes', async () => {
    const { createErrorCodeTable } = await import('../src/decode-error.js');
    const codes = createErrorCodeTable({
      throttlingCodes: ['LimitExceededException'],
      retryableCodes: ['OperationAbortedException'],
    });
    expect(
      decodeErrorResponse(response(400, { __type: 'LimitExceededException' }), { codes })
        .throttling,
    ).toBe(true);
    expect(
      decodeErrorResponse(response(400, { __type: 'OperationAbortedException' }), { codes }),
    ).toMatchObject({ retryable: true, rejectedBeforeProcessing: true });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', Date.UTC(2025, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', Date.UTC(2026, 0, 1))).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
