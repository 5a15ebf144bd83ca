import { inspect } from 'node:util';

/** A set of AWS credentials. `secretAccessKey` and `sessionToken` are readable but never print. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When the credentials stop working; absent for long-term keys. */
  readonly expiration?: Date;
  /** Which provider produced them, e.g. `env`, `ini:profile dev`, `imds`. */
  readonly source?: string;
}

export interface GetCredentialsOptions {
  signal?: AbortSignal;
}

export interface CredentialsProvider {
  getCredentials(options?: GetCredentialsOptions): Promise<AwsCredentials>;
}

export const REDACTED = '[REDACTED]';

/**
 * Immutable credentials whose secret parts are own, non-enumerable properties: code reads them
 * as usual, while `String()`, `util.inspect`, `JSON.stringify`, `Object.keys` and spreading never
 * reveal them.
 */
export class Credentials implements AwsCredentials {
  readonly accessKeyId: string;
  declare readonly secretAccessKey: string;
  declare readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly source?: string;

  constructor(input: AwsCredentials) {
    this.accessKeyId = input.accessKeyId;
    Object.defineProperty(this, 'secretAccessKey', {
      value: input.secretAccessKey,
      enumerable: false,
      writable: false,
      configurable: false,
    });
    if (input.sessionToken !== undefined && input.sessionToken !== '') {
      Object.defineProperty(this, 'sessionToken', {
        value: input.sessionToken,
        enumerable: false,
        writable: false,
        configurable: false,
      });
    }
    if (input.expiration !== undefined) this.expiration = new Date(input.expiration.getTime());
    if (input.source !== undefined) this.source = input.source;
    Object.freeze(this);
  }

  /** What JSON.stringify shows: the key id, and the secrets replaced by `[REDACTED]`. */
  toJSON(): Record<string, string | undefined> {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: REDACTED,
      ...(this.sessionToken !== undefined && { sessionToken: REDACTED }),
      ...(this.expiration !== undefined && { expiration: this.expiration.toISOString() }),
      ...(this.source !== undefined && { source: this.source }),
    };
  }

  toString(): string {
    const parts = [`accessKeyId=${this.accessKeyId}`, `secretAccessKey=${REDACTED}`];
    if (this.sessionToken !== undefined) parts.push(`sessionToken=${REDACTED}`);
    if (this.expiration !== undefined) parts.push(`expiration=${this.expiration.toISOString()}`);
    if (this.source !== undefined) parts.push(`source=${this.source}`);
    return `AwsCredentials { ${parts.join(', ')} }`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Wraps any credentials-like object into redacting, frozen {@link Credentials}. */
export function toCredentials(input: AwsCredentials, source?: string): Credentials {
  if (input instanceof Credentials && (source === undefined || input.source === source)) {
    return input;
  }
  return new Credentials({ ...pick(input), ...(source !== undefined && { source }) });
}

function pick(input: AwsCredentials): AwsCredentials {
  return {
    accessKeyId: input.accessKeyId,
    secretAccessKey: input.secretAccessKey,
    ...(input.sessionToken !== undefined && { sessionToken: input.sessionToken }),
    ...(input.expiration !== undefined && { expiration: input.expiration }),
    ...(input.source !== undefined && { source: input.source }),
  };
}
