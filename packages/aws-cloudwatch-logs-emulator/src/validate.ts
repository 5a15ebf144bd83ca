import { ServiceError, serializationError } from './errors.js';

/** A constraint pattern as AWS prints it in validation messages, and its anchored RegExp. */
export interface Pattern {
  readonly text: string;
  readonly re: RegExp;
}

export const pattern = (text: string, flags = ''): Pattern => ({
  text,
  re: new RegExp(`^(?:${text})$`, flags),
});

export const LOG_GROUP_NAME = pattern('[\\.\\-_/#A-Za-z0-9]+');
export const LOG_GROUP_NAME_PATTERN = pattern('[\\.\\-_/#A-Za-z0-9]*');
export const LOG_STREAM_NAME = pattern('[^:*]*');
export const FILTER_NAME = pattern('[^:*]*');
export const METRIC_NAME = pattern('[^:*$]*');
export const LOG_GROUP_IDENTIFIER = pattern('[\\w#+=/:,.@-]*');

interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: Pattern;
}

interface NumberRule {
  required?: boolean;
  min?: number;
  max?: number;
}

const show = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `'[${value.map((v) => String(v)).join(', ')}]'`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${v}`);
    return `'{${entries.join(', ')}}'`;
  }
  return `'${String(value)}'`;
};

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/**
 * Reads the members of a request body with AWS's constraint checks. Constraint failures are
 * collected and thrown together as AWS does ("2 validation errors detected: ..."); a member of
 * the wrong JSON type is a SerializationException at once, as the service's deserializer
 * answers it.
 */
export class Input {
  constructor(
    readonly body: Record<string, unknown>,
    private readonly prefix = '',
    private readonly violations: string[] = [],
  ) {}

  /** Records a constraint failure for `path`. */
  violation(path: string, value: unknown, constraint: string): void {
    this.violations.push(
      `Value ${show(value)} at '${this.prefix}${path}' failed to satisfy constraint: ${constraint}`,
    );
  }

  private present(name: string, required: boolean | undefined): unknown {
    const value = this.body[name];
    if (value === undefined || value === null) {
      if (required) this.violation(name, null, 'Member must not be null');
      return undefined;
    }
    return value;
  }

  private wrongType(name: string, expected: string, value: unknown): never {
    throw serializationError(
      `Cannot deserialize '${this.prefix}${name}': expected ${expected}, got ${typeName(value)}.`,
    );
  }

  checkString(path: string, value: string, rule: StringRule): void {
    if (rule.min !== undefined && value.length < rule.min)
      this.violation(path, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max)
      this.violation(path, value, `Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern && !rule.pattern.re.test(value))
      this.violation(
        path,
        value,
        `Member must satisfy regular expression pattern: ${rule.pattern.text}`,
      );
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.present(name, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.wrongType(name, 'a string', value);
    this.checkString(name, value, rule);
    return value;
  }

  private number(name: string, rule: NumberRule, integer: boolean): number | undefined {
    const value = this.present(name, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      this.wrongType(name, 'a number', value);
    if (integer && !Number.isInteger(value)) this.wrongType(name, 'an integer', value);
    if (rule.min !== undefined && value < rule.min)
      this.violation(name, value, `Member must have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value > rule.max)
      this.violation(name, value, `Member must have value less than or equal to ${rule.max}`);
    return value;
  }

  int(name: string, rule: NumberRule = {}): number | undefined {
    return this.number(name, rule, true);
  }

  double(name: string, rule: NumberRule = {}): number | undefined {
    return this.number(name, rule, false);
  }

  bool(name: string): boolean | undefined {
    const value = this.present(name, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.wrongType(name, 'a boolean', value);
    return value;
  }

  enumOf<T extends string>(
    name: string,
    values: readonly T[],
    rule: { required?: boolean } = {},
  ): T | undefined {
    const value = this.string(name, rule);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      this.violation(name, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
      return undefined;
    }
    return value as T;
  }

  list(name: string, rule: { required?: boolean; min?: number; max?: number } = {}) {
    const value = this.present(name, rule.required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.wrongType(name, 'a list', value);
    if (rule.min !== undefined && value.length < rule.min)
      this.violation(name, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max)
      this.violation(name, value, `Member must have length less than or equal to ${rule.max}`);
    return value as unknown[];
  }

  stringList(
    name: string,
    rule: { required?: boolean; min?: number; max?: number; item?: StringRule } = {},
  ): string[] | undefined {
    const list = this.list(name, rule);
    if (list === undefined) return undefined;
    list.forEach((item, index) => {
      if (typeof item !== 'string') this.wrongType(`${name}.${index + 1}.member`, 'a string', item);
      if (rule.item) this.checkString(`${name}.${index + 1}.member`, item, rule.item);
    });
    return list as string[];
  }

  stringMap(
    name: string,
    rule: { required?: boolean; min?: number; max?: number; key?: StringRule; value?: StringRule },
  ): Record<string, string> | undefined {
    const value = this.present(name, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) this.wrongType(name, 'a map', value);
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries)
      if (typeof v !== 'string') this.wrongType(`${name}.${k}`, 'a string', v);
    if (rule.min !== undefined && entries.length < rule.min)
      this.violation(name, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && entries.length > rule.max)
      this.violation(name, value, `Member must have length less than or equal to ${rule.max}`);
    for (const [k, v] of entries) {
      if (rule.key) this.checkString(`${name}.key`, k, rule.key);
      if (rule.value) this.checkString(`${name}.${k}.member`, v as string, rule.value);
    }
    return value as Record<string, string>;
  }

  /** Reads a nested structure; its violations join this input's. */
  struct(name: string, required = false): Input | undefined {
    const value = this.present(name, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      this.wrongType(name, 'a structure', value);
    return this.child(value as Record<string, unknown>, `${name}.`);
  }

  child(body: unknown, prefix: string): Input {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      this.wrongType(prefix.replace(/\.$/, ''), 'a structure', body);
    return new Input(body as Record<string, unknown>, this.prefix + prefix, this.violations);
  }

  /** Throws the collected constraint failures, if any, as one InvalidParameterException. */
  done(): void {
    const count = this.violations.length;
    if (count === 0) return;
    throw new ServiceError(
      'InvalidParameterException',
      `${count} validation error${count === 1 ? '' : 's'} detected: ${this.violations.join('; ')}`,
    );
  }
}
