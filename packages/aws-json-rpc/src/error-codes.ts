/**
 * Codes by which AWS services say "slow down". From the AWS SDK for JavaScript v3
 * (`@smithy/service-error-classification`), except `LimitExceededException`: in CloudWatch,
 * CloudWatch Logs and most other services it reports a quota (too many log groups, metric
 * filters, ...) that no retry can cure. Services where it does mean throttling (Kinesis, for one)
 * add it with the client's `throttlingCodes` option.
 */
export const THROTTLING_ERROR_CODES: readonly string[] = Object.freeze([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Codes of transient server-side failures, worth another attempt. */
export const TRANSIENT_ERROR_CODES: readonly string[] = Object.freeze([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServiceError',
  'InternalServiceException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/**
 * Transient codes by which the service says it did not take the request in at all: a retry cannot
 * apply it twice. (An `InternalFailure` or a 500 may strike after the work was done.)
 */
export const UNPROCESSED_ERROR_CODES: readonly string[] = Object.freeze([
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** HTTP statuses of transient failures. */
export const TRANSIENT_HTTP_STATUS_CODES: readonly number[] = Object.freeze([500, 502, 503, 504]);

/**
 * Codes AWS answers when the request's signing time is too far from the server's clock (among
 * other signature problems). The client corrects its clock offset on them when the server's time
 * shows a skew.
 */
export const CLOCK_SKEW_ERROR_CODES: readonly string[] = Object.freeze([
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);
