/**
 * JSON.stringify that never throws: BigInt as a decimal string, Error as
 * `{ name, message, stack, cause }`, Map as an object, Set as an array, cycles as
 * `"[Circular]"`, functions and symbols dropped as JSON drops them.
 */
export function safeStringify(value: unknown): string {
  if (isFlat(value)) return JSON.stringify(value);
  try {
    return JSON.stringify(value, replacer) ?? 'null';
  } catch {
    // Only a cycle (or a throwing toJSON/getter) gets here: take the slow, careful path.
    return JSON.stringify(toPlain(value, new WeakSet<object>())) ?? 'null';
  }
}

/** A record of primitives (and Dates): plain JSON.stringify writes it right, and fastest. */
function isFlat(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    const t = typeof v;
    if (t === 'bigint') return false;
    if (t === 'object' && v !== null && !(v instanceof Date)) return false;
  }
  return true;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return errorToPlain(value, (v) => v);
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

function errorToPlain(error: Error, map: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = map(error.cause);
  for (const key of Object.keys(error)) if (!(key in out)) out[key] = map((error as never)[key]);
  return out;
}

function toPlain(value: unknown, ancestors: WeakSet<object>): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  try {
    if (value instanceof Error) return errorToPlain(value, (v) => toPlain(v, ancestors));
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    // As JSON.stringify would: URL, Buffer, Decimal and the like say how they are written.
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      try {
        return toPlain(toJSON.call(value), ancestors);
      } catch {
        return '[Unreadable]';
      }
    }
    if (value instanceof Map)
      return Object.fromEntries([...value].map(([k, v]) => [String(k), toPlain(v, ancestors)]));
    if (value instanceof Set || Array.isArray(value))
      return [...value].map((v) => toPlain(v, ancestors));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      try {
        out[key] = toPlain((value as Record<string, unknown>)[key], ancestors);
      } catch {
        out[key] = '[Unreadable]';
      }
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
