import type { Clock } from '../clock.js';
import type { KnownResources } from '../known-resources.js';
import type { ServiceInvoker } from '../operation-caller.js';
import type { RetentionDays } from '../retention-days.js';

/** What every service shares: one invoker (hence one connection pool), one clock, one registry. */
export interface ServiceContext {
  readonly invoker: ServiceInvoker;
  readonly clock: Clock;
  readonly known: KnownResources;
  /** Applied to every log group this client creates. */
  readonly defaultRetentionDays: RetentionDays | undefined;
}
