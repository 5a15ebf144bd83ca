import { DEFAULT_FIELDS, DEFAULT_PATTERNS, type RedactionPattern } from './patterns.js';

export interface RedactionOptions {
  /** `false` turns the default patterns off; an array adds patterns (or replaces, see below). */
  patterns?: boolean | RedactionPattern[];
  /** Extra field names whose values are always redacted, wherever they nest. */
  fields?: string[];
  /** Use only the given patterns and fields, not the defaults. */
  replaceDefaults?: boolean;
  /** Default `[REDACTED:<kind>]`, the kind being the pattern's name or `field`. */
  replacement?: string | ((kind: string) => string);
}

export type Redactor = (
  fields: Record<string, unknown> | undefined,
  message: string,
) => { fields: Record<string, unknown> | undefined; message: string };

const normalize = (name: string) => name.toLowerCase().replace(/[-_\s]/g, '');

/**
 * Builds a redactor for structured events: sensitive field names (wherever they nest, in
 * objects, arrays and Maps) lose their values, and e-mail addresses, card numbers (Luhn-checked),
 * US SSNs and phone numbers in strings are replaced. Inputs are never mutated; what holds nothing
 * sensitive is returned as it was.
 */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  const custom = Array.isArray(options.patterns) ? options.patterns : [];
  const patterns =
    options.patterns === false
      ? custom
      : options.replaceDefaults
        ? custom
        : [...DEFAULT_PATTERNS, ...custom];
  const fieldNames = new Set(
    [...(options.replaceDefaults ? [] : DEFAULT_FIELDS), ...(options.fields ?? [])].map(normalize),
  );
  // The default names also match as suffixes (accessToken, client_secret, x-api-key); custom
  // names match exactly, as a short one (`pin`) would otherwise catch unrelated names.
  const suffixes = options.replaceDefaults ? [] : DEFAULT_FIELDS;
  const sensitive = (key: string): boolean => {
    const name = normalize(key);
    if (fieldNames.has(name)) return true;
    for (const suffix of suffixes) if (name.endsWith(suffix)) return true;
    return false;
  };
  const replacement = options.replacement ?? ((kind: string) => `[REDACTED:${kind}]`);
  const replace = (kind: string) =>
    typeof replacement === 'string' ? replacement : replacement(kind);
  // Cheap gate: every default pattern needs an '@' or a digit.
  const mayMatch = (text: string) =>
    custom.length > 0 || options.replaceDefaults === true || /[@\d]/.test(text);

  const text = (value: string): string => {
    if (!mayMatch(value)) return value;
    let out = value;
    for (const p of patterns) {
      p.regex.lastIndex = 0;
      out = out.replace(p.regex, (match) =>
        p.validate && !p.validate(match) ? match : replace(p.name),
      );
    }
    return out;
  };

  const walk = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value !== 'object' || value === null || value instanceof Date) return value;
    if (seen.has(value)) return value;
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        value.forEach((item, i) => {
          const next = walk(item, seen);
          if (next === item) return;
          copy ??= [...value];
          copy[i] = next;
        });
        return copy ?? value;
      }
      if (value instanceof Map) {
        let copy: Map<unknown, unknown> | undefined;
        for (const [k, v] of value) {
          const next = typeof k === 'string' && sensitive(k) ? replace('field') : walk(v, seen);
          if (next === v) continue;
          copy ??= new Map(value);
          copy.set(k, next);
        }
        return copy ?? value;
      }
      if (value instanceof Error) return error(value, seen);
      let copy: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        const next = sensitive(key) ? replace('field') : walk(v, seen);
        if (next === v) continue;
        copy ??= { ...(value as Record<string, unknown>) };
        copy[key] = next;
      }
      return copy ?? value;
    } finally {
      seen.delete(value);
    }
  };

  // An Error's message and stack often quote the input that failed: redact them too. A changed
  // Error becomes the plain { name, message, stack, cause, ...own } the serializer writes anyway.
  const error = (value: Error, seen: WeakSet<object>): unknown => {
    const out: Record<string, unknown> = { name: value.name, message: text(value.message) };
    let changed = out.message !== value.message;
    if (value.stack !== undefined) {
      out.stack = text(value.stack);
      changed ||= out.stack !== value.stack;
    }
    if (value.cause !== undefined) {
      out.cause = walk(value.cause, seen);
      changed ||= out.cause !== value.cause;
    }
    for (const key of Object.keys(value)) {
      if (key in out) continue;
      const v = (value as unknown as Record<string, unknown>)[key];
      out[key] = sensitive(key) ? replace('field') : walk(v, seen);
      changed ||= out[key] !== v;
    }
    return changed ? out : value;
  };

  return (fields, message) => ({
    fields:
      fields === undefined ? undefined : (walk(fields, new WeakSet()) as Record<string, unknown>),
    message: text(message),
  });
}

/** One-off redaction of any value with the default (or given) rules. */
export function redact<T>(value: T, options?: RedactionOptions): T {
  const redactor = createRedactor(options);
  if (typeof value === 'string') return redactor(undefined, value).message as T;
  return redactor({ value } as Record<string, unknown>, '').fields!.value as T;
}
