import { type ErrorContext, mapError } from './error-mapping.js';
import { ClientClosedError } from './errors.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** The operation may be retried after an ambiguous failure without the caller's consent. */
  idempotent?: boolean;
}

/**
 * Something that performs one CloudWatch Logs API operation. The real one is the AWS JSON
 * protocol client of `@integrations/aws-json-rpc`; the services depend on nothing more.
 */
export interface OperationCaller {
  call<T>(operation: string, input: unknown, options?: CallOptions): Promise<T>;
  close?(): Promise<void>;
}

/** What the services call: the operation caller plus error mapping and the closed state. */
export interface ServiceInvoker {
  invoke<T>(operation: string, input: unknown, options: CallOptions, resource?: string): Promise<T>;
  readonly closed: boolean;
}

export function createServiceInvoker(
  caller: OperationCaller,
  isClosed: () => boolean,
): ServiceInvoker {
  return {
    get closed() {
      return isClosed();
    },
    async invoke<T>(operation: string, input: unknown, options: CallOptions, resource?: string) {
      if (isClosed()) throw new ClientClosedError(operation);
      options.signal?.throwIfAborted();
      try {
        return await caller.call<T>(operation, input, options);
      } catch (error) {
        const context: ErrorContext =
          resource === undefined ? { operation } : { operation, resource };
        throw mapError(error, context);
      }
    },
  };
}

/** Drops `undefined` members so the JSON body carries only what the caller set. */
export function compact<T extends object>(input: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

export function describeGroup(name: string | undefined): string {
  return name === undefined ? 'the log group' : `log group "${name}"`;
}

export function describeStream(group: string | undefined, stream: string): string {
  return `log stream "${stream}" of ${describeGroup(group)}`;
}
