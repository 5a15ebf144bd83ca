export {
  type BackoffOptions,
  backoffDelay,
  type RetryAction,
  type RetryDecision,
} from './backoff.js';
export {
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitExecuteOptions,
  type CircuitState,
  type CircuitStateChange,
  createCircuitBreaker,
} from './circuit-breaker.js';
export {
  CircuitOpenError,
  RateLimitExceededError,
  ResilienceConfigurationError,
  TimeoutError,
} from './errors.js';
export {
  type AttemptContext,
  type ExecuteOptions,
  ResilienceOrchestrator,
  type ResilienceOrchestratorOptions,
} from './orchestrator.js';
export {
  type AcquireOptions,
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
  type TokenBucketRateLimiter,
} from './rate-limiter.js';
export {
  type ErrorClassifier,
  getRetryMetadata,
  type RetryEvent,
  type RetryMetadata,
  type RetryOptions,
  type RetryRuntime,
  type RetryStopReason,
  retry,
} from './retry.js';
export {
  type Clock,
  createSystemSleep,
  type Sleep,
  type SystemSleepOptions,
  systemClock,
  systemSleep,
  unrefSleep,
} from './time.js';
export { type TimeoutOptions, withTimeout } from './timeout.js';
export { createVirtualTime, type VirtualTime } from './virtual-time.js';
