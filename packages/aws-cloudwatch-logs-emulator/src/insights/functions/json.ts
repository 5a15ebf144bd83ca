import type { ScalarFunction, Value } from '../value.js';
import { define } from './coerce.js';

/** The array a string field holds as JSON text, or undefined when it holds anything else. */
function jsonArray(value: Value): unknown[] | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trimStart();
  if (s.charCodeAt(0) !== 91 /* [ */) return undefined;
  try {
    const parsed: unknown = JSON.parse(s);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A scalar element as the text it would be compared as: strings as they are, others as JSON. */
function elementText(element: unknown): string | undefined {
  if (typeof element === 'string') return element;
  if (typeof element === 'number' || typeof element === 'boolean') return String(element);
  return undefined;
}

export const JSON_FUNCTIONS: readonly ScalarFunction[] = [
  define('jsonArraySize', 1, 1, 'number', (args) => jsonArray(args[0])?.length),
  // Case-sensitive; false for invalid JSON, a non-array or an empty array.
  define('jsonArrayContains', 2, 2, 'boolean', (args) => {
    const array = jsonArray(args[0]);
    const wanted = args[1];
    if (array === undefined || wanted === undefined) return false;
    const text = typeof wanted === 'string' ? wanted : String(wanted);
    return array.some((element) => elementText(element) === text);
  }),
];
