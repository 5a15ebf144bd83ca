import type { Attributes, Span, StartSpanOptions, Tracer } from './types.js';

export interface WithSpanOptions extends StartSpanOptions {
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a new span that is active while it runs and ends when it settles. When `fn`
 * throws or rejects, the error is recorded on the span, the status set to `'error'` and the error
 * rethrown. On success the status is left unset (OpenTelemetry's advice for libraries) unless `fn`
 * sets it.
 */
export async function withSpan<T>(
  tracer: Tracer,
  name: string,
  fn: (span: Span) => T | Promise<T>,
  options: WithSpanOptions = {},
): Promise<T> {
  const span = tracer.startSpan(name, options.attributes, options);
  try {
    return await (tracer.withActiveSpan ? tracer.withActiveSpan(span, () => fn(span)) : fn(span));
  } catch (error) {
    span.recordException(error);
    span.setStatus('error', errorMessage(error));
    throw error;
  } finally {
    span.end();
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
