import type { Value } from './value.js';

/**
 * How the language treats values: fields discovered in JSON keep their JSON type, fields
 * extracted by `parse` are strings, and comparisons and arithmetic read a numeric string as a
 * number (so `parse … as latency | filter latency > 100` compares numbers, as the service does).
 */

/** The number a value stands for, or undefined. */
export function toNumber(value: Value): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') {
    if (value.length === 0 || value.length > 64) return undefined;
    const c = value.charCodeAt(0);
    // Quick refusal of the common case (words) before Number()'s full parse.
    if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 32)) return undefined;
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `=`: false when either side is absent; values of one type compare directly, else as numbers or text. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === typeof b) return a === b;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  return String(a) === String(b);
}

/** Ordering for `<`, `>`, min, max: numerically when both read as numbers, else as text. */
export function compareValues(a: Value, b: Value): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Whether a value lets a record through `filter`. */
export function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return false;
}

/** A key telling apart values that differ in type or content, for dedup and count_distinct. */
export function valueKey(value: Value): string {
  return typeof value === 'string' ? `s${value}` : `${typeof value}:${String(value)}`;
}
