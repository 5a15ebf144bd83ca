import type { Value } from './value.js';

/**
 * How many fields Logs Insights discovers in one JSON log event ("CloudWatch Logs Insights can
 * extract a maximum of 200 log event fields from a JSON log"); the rest stay reachable with `parse`.
 */
export const MAX_JSON_FIELDS = 200;

/**
 * The fields Logs Insights discovers in a JSON log event, or undefined when the message is not
 * a JSON object.
 *
 * - Nested keys join with dots (`userIdentity.type`) and array elements by position
 *   (`requestParameters.instancesSet.items.0.instanceId`), depth first in document order,
 *   up to {@link MAX_JSON_FIELDS} leaves.
 * - A top-level key starting with `@` gains another `@` (`@example.com` → `@@example.com`), so
 *   it cannot shadow a system field such as `@timestamp`.
 * - Numbers stay numbers and strings strings; booleans become 1 and 0, as the service stores
 *   them (a query sees `"ok": true` as `ok = 1`); `null` and empty objects or arrays hold no value
 *   and make no field.
 */
export function flattenJson(message: string): Map<string, Value> | undefined {
  let i = 0;
  while (i < message.length && isSpace(message.charCodeAt(i))) i++;
  if (message.charCodeAt(i) !== 123 /* { */) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const fields = new Map<string, Value>();
  const object = root as Record<string, unknown>;
  for (const key in object) {
    const name = key.charCodeAt(0) === 64 /* @ */ ? `@${key}` : key;
    if (visit(object[key], name, fields) >= MAX_JSON_FIELDS) break;
  }
  return fields;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Adds the leaves under `node`, named from `name`; answers how many fields there now are. */
function visit(node: unknown, name: string, fields: Map<string, Value>): number {
  switch (typeof node) {
    case 'string':
    case 'number':
      fields.set(name, node);
      return fields.size;
    case 'boolean':
      fields.set(name, node ? 1 : 0);
      return fields.size;
    case 'object': {
      if (node === null) return fields.size;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          if (visit(node[i], `${name}.${i}`, fields) >= MAX_JSON_FIELDS) break;
        }
        return fields.size;
      }
      const object = node as Record<string, unknown>;
      for (const key in object) {
        if (visit(object[key], `${name}.${key}`, fields) >= MAX_JSON_FIELDS) break;
      }
      return fields.size;
    }
    default:
      return fields.size;
  }
}
