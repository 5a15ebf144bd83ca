import { ObservabilityConfigError } from './errors.js';
import type { Fields } from './types.js';

/** What a redacted value is replaced by. */
export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are always redacted, compared case-insensitively and ignoring `-`, `_` and
 * spaces, so `secretAccessKey`, `secret_access_key` and `SECRET-ACCESS-KEY` all match. A dotted key
 * (`http.request.header.authorization`) also matches on its last segment.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'secretAccessKey',
  'aws_secret_access_key',
  'sessionToken',
  'aws_session_token',
  'securityToken',
  'x-amz-security-token',
  'x-amz-signature',
  'signature',
  'authorization',
  'proxy-authorization',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'x-api-key',
  'privateKey',
  'cookie',
  'set-cookie',
]);

export interface RedactOptions {
  /** More keys to redact: strings compare as `DEFAULT_REDACT_KEYS` do, RegExps test the raw key. */
  keys?: readonly (string | RegExp)[];
  /** Whether `DEFAULT_REDACT_KEYS` apply. Default true. */
  defaultKeys?: boolean;
  /** The replacement text. Default `'[REDACTED]'`. */
  censor?: string;
  /**
   * Whether secrets inside strings under any key are masked too: SigV4 `Signature=`,
   * `X-Amz-Security-Token=` in URLs, `Bearer` tokens, `aws_secret_access_key = …` lines. Default true.
   */
  scrubStrings?: boolean;
  /** Objects nested deeper are replaced by `'[Object]'` or `'[Array]'`. Default 10. */
  maxDepth?: number;
}

export interface Redactor {
  /** A JSON-safe copy of `fields` with secrets redacted (see `redactFields`). */
  redact(fields: Fields | undefined): Fields;
  /** The same for one value; `key` is the key it sits under, if any. */
  redactValue(value: unknown, key?: string): unknown;
  isSecretKey(key: string): boolean;
  /** Masks the secret-looking parts of a text (a no-op when `scrubStrings` is false). */
  scrub(text: string): string;
}

const SECRET_IN_TEXT =
  /(signature=)[0-9a-f]{16,}|(x-amz-security-token=)[^&\s"',;]+|(\bbearer\s+)[a-z0-9\-._~+/]{16,}=*|(\baws_(?:secret_access_key|session_token)\s*[=:]\s*)[^\s"',;]+/gi;
const KEY_SEPARATORS = /[-_\s]/g;
const KEY_CACHE_LIMIT = 2048;

const normalizeKey = (key: string): string => key.toLowerCase().replace(KEY_SEPARATORS, '');

/**
 * Builds a redactor once so a hot path reuses its compiled key set. Throws
 * `ObservabilityConfigError` on an invalid option.
 */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const { keys = [], defaultKeys = true, censor = REDACTED, scrubStrings = true } = options;
  const maxDepth = options.maxDepth ?? 10;
  if (!Array.isArray(keys)) throw new ObservabilityConfigError('keys', keys, 'an array');
  if (typeof censor !== 'string') throw new ObservabilityConfigError('censor', censor, 'a string');
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new ObservabilityConfigError('maxDepth', maxDepth, 'an integer of 1 or more');
  }
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  if (defaultKeys) for (const key of DEFAULT_REDACT_KEYS) names.add(normalizeKey(key));
  for (const key of keys) {
    if (typeof key === 'string') names.add(normalizeKey(key));
    else if (key instanceof RegExp) patterns.push(key);
    else throw new ObservabilityConfigError('keys', key, 'strings or regular expressions');
  }

  const verdicts = new Map<string, boolean>();
  const isSecretKey = (key: string): boolean => {
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const normalized = normalizeKey(key);
    let secret =
      names.has(normalized) || names.has(normalized.slice(normalized.lastIndexOf('.') + 1));
    for (let i = 0; !secret && i < patterns.length; i++) {
      const pattern = patterns[i]!;
      pattern.lastIndex = 0;
      secret = pattern.test(key);
    }
    if (verdicts.size >= KEY_CACHE_LIMIT) verdicts.clear();
    verdicts.set(key, secret);
    return secret;
  };

  const scrub = scrubStrings
    ? (text: string): string =>
        text.replace(
          SECRET_IN_TEXT,
          (_match, a?: string, b?: string, c?: string, d?: string) => (a ?? b ?? c ?? d) + censor,
        )
    : (text: string): string => text;

  const ancestors = new Set<object>();

  const visit = (value: unknown, key: string | undefined, depth: number): unknown => {
    if (value === null || value === undefined) return value;
    if (key !== undefined && isSecretKey(key)) return censor;
    switch (typeof value) {
      case 'string':
        return scrub(value);
      case 'number':
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'symbol':
        return value.toString();
      case 'function':
        return `[Function ${value.name || 'anonymous'}]`;
    }
    const object = value as object;
    if (ancestors.has(object)) return '[Circular]';
    if (depth > maxDepth) return Array.isArray(object) ? '[Array]' : '[Object]';
    ancestors.add(object);
    try {
      return visitObject(object, depth + 1);
    } catch {
      return '[Unserializable]';
    } finally {
      ancestors.delete(object);
    }
  };

  const visitObject = (object: object, depth: number): unknown => {
    if (object instanceof Error) return errorToFields(object, depth);
    if (Array.isArray(object)) return object.map((item) => visit(item, undefined, depth));
    if (object instanceof Date) {
      return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    }
    if (object instanceof Map) {
      const out: Fields = {};
      for (const [k, v] of object) assign(out, String(k), visit(v, String(k), depth));
      return out;
    }
    if (object instanceof Set) return Array.from(object, (item) => visit(item, undefined, depth));
    if (ArrayBuffer.isView(object)) {
      return `[${object.constructor.name} ${object.byteLength} bytes]`;
    }
    if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
    if (object instanceof RegExp) return object.toString();
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json: unknown = toJSON.call(object);
      return json === object ? plainObject(object, depth) : visit(json, undefined, depth - 1);
    }
    return plainObject(object, depth);
  };

  const plainObject = (object: object, depth: number): Fields => {
    const out: Fields = {};
    for (const k of Object.keys(object)) {
      let v: unknown;
      try {
        v = (object as Record<string, unknown>)[k];
      } catch {
        v = '[Unserializable]';
      }
      const visited = visit(v, k, depth);
      if (visited !== undefined) assign(out, k, visited);
    }
    return out;
  };

  const errorToFields = (error: Error, depth: number): Fields => {
    const out: Fields = {
      name: safeString(() => error.name, 'Error'),
      message: scrub(safeString(() => error.message, '')),
    };
    const stack = safeString(() => error.stack, '');
    if (stack) out.stack = scrub(stack);
    for (const k of Object.keys(error)) {
      if (k === 'name' || k === 'message' || k === 'stack') continue;
      let v: unknown;
      try {
        v = (error as unknown as Record<string, unknown>)[k];
      } catch {
        v = '[Unserializable]';
      }
      const visited = visit(v, k, depth);
      if (visited !== undefined) assign(out, k, visited);
    }
    if ('cause' in error && !Object.hasOwn(out, 'cause') && error.cause !== undefined) {
      out.cause = visit(error.cause, 'cause', depth);
    }
    if (error instanceof AggregateError && !Object.hasOwn(out, 'errors')) {
      out.errors = visit(error.errors, 'errors', depth);
    }
    return out;
  };

  return {
    redact(fields) {
      if (fields === null || fields === undefined) return {};
      const visited = visit(fields, undefined, 0);
      if (visited !== null && typeof visited === 'object' && !Array.isArray(visited)) {
        return visited as Fields;
      }
      return { value: visited };
    },
    redactValue: (value, key) => visit(value, key, 0),
    isSecretKey,
    scrub,
  };
}

let defaultRedactor: Redactor | undefined;

/**
 * A JSON-safe copy of `fields` with secrets redacted, as every logger of this package writes it:
 * values under secret keys (`DEFAULT_REDACT_KEYS` plus `options.keys`, at any depth, in arrays and
 * Maps too) become `'[REDACTED]'`; secret-looking parts of strings are masked; Errors become
 * `{ name, message, stack, …own fields, cause }`; BigInts become strings; Maps become objects,
 * Sets arrays, Dates ISO strings, binary data a size; cycles become `'[Circular]'`. Never throws on
 * a value (an unreadable one becomes `'[Unserializable]'`).
 */
export function redactFields(fields: Fields | undefined, options?: RedactOptions): Fields {
  if (options === undefined) {
    defaultRedactor ??= createRedactor();
    return defaultRedactor.redact(fields);
  }
  return createRedactor(options).redact(fields);
}

function assign(out: Fields, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    out[key] = value;
  }
}

function safeString(read: () => unknown, fallback: string): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : value === undefined ? fallback : String(value);
  } catch {
    return fallback;
  }
}
