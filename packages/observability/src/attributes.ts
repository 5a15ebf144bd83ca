import type { Redactor } from './redact.js';
import type { Attributes, AttributeValue } from './types.js';

export interface RecordedException {
  name: string;
  message: string;
  stack?: string;
}

/**
 * Span attributes and metric tags as recorded: primitive values only (others are dropped), values
 * under secret keys redacted and secret-looking strings masked.
 */
export function cleanAttributes(
  attributes: Record<string, unknown> | undefined,
  redactor: Redactor | undefined,
): Attributes {
  const out: Attributes = {};
  if (!attributes) return out;
  for (const key of Object.keys(attributes)) {
    const value = cleanAttribute(key, attributes[key], redactor);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** One attribute value as `cleanAttributes` records it; undefined when it is dropped. */
export function cleanAttribute(
  key: string,
  value: unknown,
  redactor: Redactor | undefined,
): AttributeValue | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return undefined;
  }
  if (!redactor) return value;
  if (redactor.isSecretKey(key)) return redactor.redactValue(value, key) as string;
  return typeof value === 'string' ? redactor.scrub(value) : value;
}

/** Whatever was thrown, as `{ name, message, stack? }` with secrets masked. */
export function toException(error: unknown, redactor: Redactor | undefined): RecordedException {
  const scrub = (text: string) => (redactor ? redactor.scrub(text) : text);
  if (error instanceof Error) {
    const out: RecordedException = {
      name: safely(() => String(error.name), 'Error'),
      message: scrub(safely(() => String(error.message), '')),
    };
    const stack = safely(() => error.stack, undefined);
    if (typeof stack === 'string' && stack) out.stack = scrub(stack);
    return out;
  }
  const message =
    typeof error === 'string'
      ? error
      : (safely(
          () => JSON.stringify(redactor ? redactor.redactValue(error) : error) ?? String(error),
          undefined,
        ) ?? safely(() => String(error), 'unknown error'));
  return { name: 'Error', message: scrub(message) };
}

function safely<T, F>(read: () => T, fallback: F): T | F {
  try {
    return read();
  } catch {
    return fallback;
  }
}
