export type { AuthOptions, EmulatorCredentials, SignatureVerifier } from './auth.js';
export { DEFAULT_LIMITS, type Limits } from './context.js';
export {
  createEmulator,
  type Emulator,
  type EmulatorCore,
  type EmulatorOptions,
  type SubscriptionControl,
  startEmulator,
} from './emulator.js';
export { EmulatorConfigError, PersistenceError, ServiceError } from './errors.js';
export {
  FaultController,
  type FaultDecision,
  type FaultSettings,
  type FaultStats,
  type InjectedError,
  parseFaultSettings,
} from './faults.js';
export {
  type CompiledFilterPattern,
  compileFilterPattern,
  FilterPatternError,
  type FilterPatternKind,
  type MetricObservation,
} from './filter-pattern/index.js';
export { ConnectionResetError, type HandleOptions } from './handler.js';
export {
  createInsightsQueryEngine,
  createQueryEngineWith,
  INSIGHTS_LIBRARY,
  type InsightsEngineOptions,
  type InsightsLibrary,
} from './insights/index.js';
export type { FunctionContext, ScalarFunction, Value, ValueType } from './insights/value.js';
export type { JournalOptions, RecoveryReport } from './journal.js';
export type { MetricDatum, MetricQuery } from './metrics.js';
export {
  type PreparedQuery,
  type QueryEngine,
  type QueryEvent,
  type QueryLanguage,
  type QueryOutput,
  type QueryResultField,
  type QueryRunOptions,
  type QuerySource,
  type QueryStatisticsOutput,
  QuerySyntaxError,
  unsupportedQueryEngine,
} from './query-engine.js';
export { OPERATION_NAMES, type OperationName } from './service.js';
export {
  type AwsLogsEvent,
  type DeliveryFailure,
  type DeliveryInfo,
  type DeliveryStats,
  encodeAwsLogsEvent,
  type LogsDataMessage,
  type SubscriptionTarget,
} from './subscriptions.js';
