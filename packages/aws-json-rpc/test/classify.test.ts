import { describe, expect, it } from 'vitest';
import {
  AwsNetworkError,
  AwsRequestTimeoutError,
  AwsServiceError,
  classifyAwsError,
  decodeErrorResponse,
} from '../src/index.js';

function serviceError(statusCode: number, code: string, headers: Record<string, string> = {}) {
  return decodeErrorResponse({
    statusCode,
    headers,
    body: new TextEncoder().encode(JSON.stringify({ __type: code, message: 'm' })),
  });
}

function network(
  phase: 'connect' | 'send' | 'receive',
  mayHaveBeenProcessed: boolean,
  retryable = true,
) {
  return new AwsNetworkError({
    code: 'ECONNRESET',
    message: 'reset',
    phase,
    mayHaveBeenProcessed,
    retryable,
  });
}

describe('classifyAwsError', () => {
  it.each([
    // [description, error, decision without consent, decision with idempotent: true]
    ['ThrottlingException', serviceError(400, 'ThrottlingException'), 'throttle', 'throttle'],
    [
      'ProvisionedThroughputExceeded',
      serviceError(400, 'ProvisionedThroughputExceededException'),
      'throttle',
      'throttle',
    ],
    ['429', serviceError(429, 'Unknown'), 'throttle', 'throttle'],
    ['503 ServiceUnavailable', serviceError(503, 'ServiceUnavailable'), 'retry', 'retry'],
    [
      'ServiceUnavailableException',
      serviceError(500, 'ServiceUnavailableException'),
      'retry',
      'retry',
    ],
    ['500 InternalFailure', serviceError(500, 'InternalFailure'), 'fail', 'retry'],
    ['502', serviceError(502, 'UnknownError'), 'fail', 'retry'],
    ['504', serviceError(504, 'UnknownError'), 'fail', 'retry'],
    ['RequestTimeoutException', serviceError(400, 'RequestTimeoutException'), 'fail', 'retry'],
    [
      'LimitExceededException (a quota)',
      serviceError(400, 'LimitExceededException'),
      'fail',
      'fail',
    ],
    ['ResourceNotFoundException', serviceError(400, 'ResourceNotFoundException'), 'fail', 'fail'],
    ['InvalidParameterException', serviceError(400, 'InvalidParameterException'), 'fail', 'fail'],
    ['AccessDeniedException', serviceError(400, 'AccessDeniedException'), 'fail', 'fail'],
    ['InvalidSignatureException', serviceError(400, 'InvalidSignatureException'), 'fail', 'fail'],
    ['connection refused', network('connect', false), 'retry', 'retry'],
    ['reset before the body was sent', network('send', false), 'retry', 'retry'],
    ['reset after the body was sent', network('send', true), 'fail', 'retry'],
    ['reset while reading the response', network('receive', true), 'fail', 'retry'],
    ['unknown host', network('connect', false, false), 'fail', 'fail'],
    ['connect timeout', new AwsRequestTimeoutError('connect', 10, 'x'), 'retry', 'retry'],
    ['response timeout', new AwsRequestTimeoutError('response', 10, 'x'), 'fail', 'retry'],
    [
      'attempt timeout of the orchestrator',
      Object.assign(new Error('t'), { name: 'TimeoutError', code: 'Timeout' }),
      'fail',
      'retry',
    ],
    [
      'open circuit',
      Object.assign(new Error('open'), { name: 'CircuitOpenError' }),
      'fail',
      'fail',
    ],
    ['abort', new DOMException('aborted', 'AbortError'), 'fail', 'fail'],
    ['a programming error', new TypeError('x is undefined'), 'fail', 'fail'],
    ['a string', 'boom', 'fail', 'fail'],
    ['null', null, 'fail', 'fail'],
  ])('%s', (_name, error, withoutConsent, withConsent) => {
    expect(classifyAwsError(error).action).toBe(withoutConsent);
    expect(classifyAwsError(error, { idempotent: false }).action).toBe(withoutConsent);
    expect(classifyAwsError(error, { idempotent: true }).action).toBe(withConsent);
  });

  it('passes the server retry-after hint on', () => {
    expect(
      classifyAwsError(serviceError(400, 'ThrottlingException', { 'retry-after': '3' })),
    ).toEqual({ action: 'throttle', retryAfterMs: 3000 });
    expect(classifyAwsError(serviceError(503, 'X', { 'retry-after': '1' }))).toEqual({
      action: 'retry',
      retryAfterMs: 1000,
    });
  });

  it('recognises the errors by name, so copies from another build of the package classify too', () => {
    const foreign = Object.assign(new Error('slow'), {
      name: 'AwsServiceError',
      throttling: true,
      retryable: true,
    });
    expect(classifyAwsError(foreign).action).toBe('throttle');
    expect(foreign).not.toBeInstanceOf(AwsServiceError);
  });
});
