// The few checks the client's configuration needs, as small composable rules. Each returns the
// first problem it finds, with the path to the offending field, or undefined.
//
// Why not a schema library: ARCHITECTURE named zod, and valibot was tried after it. Measured in
// fresh processes, zod/mini's schema and first parse cost ~11 ms and valibot's ~3 ms, against a
// budget of ~30 ms for importing the whole package and creating a client (the benchmarked
// promise is a fifth of the AWS SDK's); these rules cost well under one.

export interface Problem {
  /** Keys (and array indexes) from the configuration's root to the offending value. */
  readonly path: readonly (string | number)[];
  /** What is wrong, worded to follow the field's name: `must be an integer`. */
  readonly message: string;
}

export type Rule = (value: unknown) => Problem | undefined;

/** A rule of an object's field; a required field says what to write when it is missing. */
export interface Field extends Rule {
  readonly requiredMessage?: string;
}

export const problem = (message: string, path: readonly (string | number)[] = []): Problem => ({
  path,
  message,
});

const within = (key: string | number, found: Problem): Problem => ({
  path: [key, ...found.path],
  message: found.message,
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Passes when `predicate` holds, else fails with `message`. */
export const check =
  (predicate: (value: unknown) => boolean, message: string): Rule =>
  (value) =>
    predicate(value) ? undefined : problem(message);

const isObjectLike = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

export const boolean = check((value) => typeof value === 'boolean', 'must be true or false');
export const string = check((value) => typeof value === 'string', 'must be a string');
export const nonEmptyString: Rule = (value) =>
  string(value) ?? (value === '' ? problem('must not be empty') : undefined);
export const aFunction = check((value) => typeof value === 'function', 'must be a function');

/** An object with a method of that name. */
export const hasMethod = (name: string) => (value: unknown) =>
  isObjectLike(value) && typeof value[name] === 'function';

/** A finite number, greater than `greaterThan` when given. */
export function finiteNumber(greaterThan?: number): Rule {
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return problem('must be a finite number');
    }
    if (greaterThan !== undefined && !(value > greaterThan)) {
      return problem(`must be greater than ${greaterThan}`);
    }
    return undefined;
  };
}

/** An integer from `min` to `max`, both included. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Rule {
  return (value) => {
    if (!Number.isInteger(value)) return problem('must be an integer');
    if ((value as number) < min) return problem(`must be at least ${min}`);
    if ((value as number) > max) return problem(`must be at most ${max}`);
    return undefined;
  };
}

/** An integer above zero. */
export const positiveInteger: Rule = (value) => {
  if (!Number.isInteger(value)) return problem('must be an integer');
  return (value as number) > 0 ? undefined : problem('must be greater than 0');
};

/** One of the given strings. */
export function oneOf(values: readonly string[]): Rule {
  const message = `must be one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
  return check((value) => typeof value === 'string' && values.includes(value), message);
}

/** The rule's value must be present; `message` says what to give. */
export const required = (rule: Rule, message = 'is required'): Field =>
  Object.assign((value: unknown) => rule(value), { requiredMessage: message });

/**
 * An object whose fields follow `shape`, checked in its order; an absent or `undefined` field is
 * fine unless required. Unless `allowUnknown`, any other key is reported as a misspelling.
 */
export function object(
  shape: Readonly<Record<string, Field>>,
  { allowUnknown = false }: { allowUnknown?: boolean } = {},
): Rule {
  const keys = Object.keys(shape);
  return (value) => {
    if (!isPlainObject(value)) return problem('must be an object');
    for (const key of keys) {
      const field = shape[key]!;
      const fieldValue = value[key];
      if (fieldValue === undefined) {
        if (field.requiredMessage !== undefined) return problem(field.requiredMessage, [key]);
        continue;
      }
      const found = field(fieldValue);
      if (found) return within(key, found);
    }
    if (!allowUnknown) {
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key)) {
          return problem('is not a known option (check the spelling)', [key]);
        }
      }
    }
    return undefined;
  };
}

/** An array whose every item follows `rule`. */
export function arrayOf(rule: Rule): Rule {
  return (value) => {
    if (!Array.isArray(value)) return problem('must be an array');
    for (const [index, item] of value.entries()) {
      const found = rule(item);
      if (found) return within(index, found);
    }
    return undefined;
  };
}

/**
 * One of `literals` as it is (`false` to turn a feature off), or an object that `rule` checks;
 * anything else fails with `message`.
 */
export function literalOrObject(literals: readonly unknown[], rule: Rule, message: string): Rule {
  return (value) => {
    if (literals.includes(value)) return undefined;
    return isPlainObject(value) ? rule(value) : problem(message);
  };
}

/** Every rule in order; the first problem wins. */
export const all =
  (...rules: Rule[]): Rule =>
  (value) => {
    for (const rule of rules) {
      const found = rule(value);
      if (found) return found;
    }
    return undefined;
  };
