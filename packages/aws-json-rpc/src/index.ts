export type { AwsRetryDecision, ClassifyOptions } from './classify.js';
export { classifyAwsError, isAwsServiceFailure } from './classify.js';
export type {
  AwsJsonRpcClient,
  AwsJsonRpcClientOptions,
  CallOptions,
  CallOutput,
  ResponseMetadata,
} from './client.js';
export { createAwsJsonRpcClient } from './client.js';
export type { ErrorCodeOptions } from './decode-error.js';
export { decodeErrorResponse, parseRetryAfter, sanitizeErrorCode } from './decode-error.js';
export type { AwsPartition, ResolveEndpointOptions } from './endpoint.js';
export { AWS_PARTITIONS, isLoopbackHost, partitionOf, resolveEndpoint } from './endpoint.js';
export {
  CLOCK_SKEW_ERROR_CODES,
  THROTTLING_ERROR_CODES,
  TRANSIENT_ERROR_CODES,
  TRANSIENT_HTTP_STATUS_CODES,
  UNPROCESSED_ERROR_CODES,
} from './error-codes.js';
export type {
  AwsNetworkErrorInit,
  AwsServiceErrorInit,
  NetworkErrorPhase,
  TimeoutPhase,
} from './errors.js';
export {
  AwsClientClosedError,
  AwsJsonRpcConfigurationError,
  AwsNetworkError,
  AwsRequestTimeoutError,
  AwsServiceError,
} from './errors.js';
export type { HttpRequest, HttpResponse, HttpTransport, SendOptions } from './http-transport.js';
export type { NodeHttpTransportOptions } from './node-http-transport.js';
export { createNodeHttpTransport } from './node-http-transport.js';
