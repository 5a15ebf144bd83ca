/** An option passed to a factory of this package is invalid; `field` names it. */
export class ObservabilityConfigError extends Error {
  override readonly name = 'ObservabilityConfigError';
  readonly code = 'ObservabilityConfigError';
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, expected: string) {
    super(
      `Invalid observability option \`${field}\`: expected ${expected}, got ${describe(value)}.`,
    );
    this.field = field;
    this.value = value;
  }
}

/** `createOpenTelemetryObservability()` was called without `api` and `@opentelemetry/api` is missing. */
export class OpenTelemetryNotInstalledError extends Error {
  override readonly name = 'OpenTelemetryNotInstalledError';
  readonly code = 'OpenTelemetryNotInstalledError';

  constructor(options?: { cause?: unknown }) {
    super(
      'The OpenTelemetry bridge needs the optional peer dependency @opentelemetry/api, which could not be loaded. ' +
        'Install it (npm install @opentelemetry/api@^1.9.0) or pass the module you already use as the `api` option.',
      options,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
