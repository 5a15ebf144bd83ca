import { ResilienceConfigurationError } from './errors.js';

const noop = () => {};

/** Calls `fn`, turning a synchronous throw or a non-promise result into a promise. */
export function invoke<A, T>(fn: (arg: A) => Promise<T> | T, arg: A): Promise<T> {
  try {
    return Promise.resolve(fn(arg));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Settles like `promise`, except that an abort of `signal` rejects at once with its reason even if
 * `promise` never settles (its later outcome is then ignored).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(noop);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A signal that never aborts, for attempts whose caller gave none. */
export function neverAborted(): AbortSignal {
  return new AbortController().signal;
}

export function checkNumber(
  option: string,
  value: unknown,
  rule: {
    min?: number;
    minExclusive?: number;
    max?: number;
    integer?: boolean;
    allowInfinity?: boolean;
  },
): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) || (rule.allowInfinity === true && value === Infinity)) &&
    (rule.integer !== true || Number.isInteger(value) || value === Infinity) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.minExclusive === undefined || value > rule.minExclusive) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const parts: string[] = [rule.integer === true ? 'an integer' : 'a number'];
    if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
    if (rule.minExclusive !== undefined) parts.push(`> ${rule.minExclusive}`);
    if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
    if (rule.allowInfinity === true) parts.push('(or Infinity)');
    throw new ResilienceConfigurationError(option, value, parts.join(' '));
  }
  return value as number;
}

export function checkFunction<F>(option: string, value: unknown, required: boolean): F | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'function') {
    throw new ResilienceConfigurationError(option, value, 'a function');
  }
  return value as F;
}
