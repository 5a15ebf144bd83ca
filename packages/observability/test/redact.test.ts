import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  DEFAULT_REDACT_KEYS,
  ObservabilityConfigError,
  REDACTED,
  redactFields,
} from '../src/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('redactFields: keys', () => {
  it('redacts the values of secret keys whatever their case or separator', () => {
    const fields = {
      secretAccessKey: SECRET,
      SECRET_ACCESS_KEY: SECRET,
      'Secret-Access-Key': SECRET,
      aws_secret_access_key: SECRET,
      sessionToken: SECRET,
      SessionToken: SECRET,
      aws_session_token: SECRET,
      Authorization: SECRET,
      authorization: SECRET,
      'Proxy-Authorization': SECRET,
      password: SECRET,
      PASSWORD: SECRET,
      'x-amz-security-token': SECRET,
      'X-Amz-Security-Token': SECRET,
      'X-Amz-Signature': SECRET,
      signature: SECRET,
      secret: SECRET,
      clientSecret: SECRET,
      token: SECRET,
      accessToken: SECRET,
      refresh_token: SECRET,
      idToken: SECRET,
      apiKey: SECRET,
      api_key: SECRET,
      'x-api-key': SECRET,
      privateKey: SECRET,
      cookie: SECRET,
      'Set-Cookie': SECRET,
      passwd: SECRET,
      passphrase: SECRET,
      securityToken: SECRET,
    };
    const redacted = redactFields(fields);
    for (const key of Object.keys(fields)) expect(redacted[key], key).toBe(REDACTED);
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
  });

  it('covers every documented default key', () => {
    for (const key of DEFAULT_REDACT_KEYS) {
      expect(redactFields({ [key]: 'v' })[key], key).toBe(REDACTED);
    }
  });

  it('matches the last segment of dotted keys', () => {
    expect(
      redactFields({
        'http.request.header.authorization': 'x',
        'aws.credentials.secretAccessKey': 'x',
        'http.url': 'u',
      }),
    ).toEqual({
      'http.request.header.authorization': REDACTED,
      'aws.credentials.secretAccessKey': REDACTED,
      'http.url': 'u',
    });
  });

  it('keeps keys that only contain a secret word, such as pagination tokens', () => {
    const fields = {
      nextToken: 'n',
      sequenceToken: 's',
      tokenCount: 3,
      accessKeyId: 'AKIDEXAMPLE',
    };
    expect(redactFields(fields)).toEqual(fields);
  });

  it('redacts at any depth, inside arrays, Maps, Sets and Error fields, and whole objects under secret keys', () => {
    const error = Object.assign(new Error('failed'), {
      request: { headers: { authorization: SECRET } },
    });
    const redacted = redactFields({
      request: { headers: { Authorization: SECRET, host: 'logs' } },
      list: [{ password: SECRET }, [{ token: SECRET }]],
      map: new Map<unknown, unknown>([
        ['sessionToken', SECRET],
        ['region', 'us-east-1'],
        [42, { apiKey: SECRET }],
      ]),
      set: new Set([{ cookie: SECRET }]),
      credentials: { accessKeyId: 'AKID', secretAccessKey: SECRET, sessionToken: SECRET },
      secret: { nested: SECRET },
      error,
    });
    expect(redacted).toMatchObject({
      request: { headers: { Authorization: REDACTED, host: 'logs' } },
      list: [{ password: REDACTED }, [{ token: REDACTED }]],
      map: { sessionToken: REDACTED, region: 'us-east-1', '42': { apiKey: REDACTED } },
      set: [{ cookie: REDACTED }],
      credentials: { accessKeyId: 'AKID', secretAccessKey: REDACTED, sessionToken: REDACTED },
      secret: REDACTED,
      error: { request: { headers: { authorization: REDACTED } } },
    });
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
  });

  it('keeps null and undefined under secret keys (their absence is not a secret)', () => {
    expect(redactFields({ sessionToken: null, password: undefined })).toEqual({
      sessionToken: null,
    });
  });

  it('adds custom keys, as strings (normalized) or regular expressions', () => {
    const redactor = createRedactor({ keys: ['tenant_id', /^x-internal-/i, /card/gi] });
    expect(
      redactor.redact({
        tenantId: 't',
        'X-Internal-Auth': 'a',
        creditCard: '4111',
        CARDHOLDER: 'n',
        password: 'p',
        other: 'o',
      }),
    ).toEqual({
      tenantId: REDACTED,
      'X-Internal-Auth': REDACTED,
      creditCard: REDACTED,
      CARDHOLDER: REDACTED,
      password: REDACTED,
      other: 'o',
    });
    expect(redactor.isSecretKey('creditCard')).toBe(true);
    expect(redactor.isSecretKey('creditCard')).toBe(true);
  });

  it('can drop the default keys and change the censor', () => {
    const redactor = createRedactor({ defaultKeys: false, keys: ['pin'], censor: '***' });
    expect(redactor.redact({ password: 'p', pin: '1234' })).toEqual({ password: 'p', pin: '***' });
    expect(redactFields({ token: 't' }, { censor: '<hidden>' })).toEqual({ token: '<hidden>' });
  });

  it('answers isSecretKey consistently past its cache limit', () => {
    const redactor = createRedactor();
    for (let i = 0; i < 5000; i++) expect(redactor.isSecretKey(`field${i}`)).toBe(false);
    expect(redactor.isSecretKey('password')).toBe(true);
    expect(redactor.isSecretKey('field1')).toBe(false);
  });
});

describe('redactFields: secrets inside strings', () => {
  const header =
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

  it('masks SigV4 signatures, security tokens in URLs, bearer tokens and credential file lines', () => {
    const redacted = redactFields({
      header,
      url: 'https://logs.us-east-1.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEAo%2F&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
      message: 'sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      file: '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\naws_session_token=IQoJ',
    });
    expect(redacted.header).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${REDACTED}`,
    );
    expect(redacted.url).toBe(
      `https://logs.us-east-1.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=${REDACTED}&X-Amz-Signature=${REDACTED}`,
    );
    expect(redacted.message).toBe(`sent Authorization: Bearer ${REDACTED}`);
    expect(redacted.file).toBe(
      `[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ${REDACTED}\naws_session_token=${REDACTED}`,
    );
  });

  it('masks inside error messages and stacks, and inside nested strings', () => {
    const error = new Error(`request failed: ${header}`);
    const redacted = redactFields({ error, nested: { list: [header] } }) as {
      error: { message: string; stack: string };
      nested: { list: string[] };
    };
    expect(redacted.error.message).toContain(`Signature=${REDACTED}`);
    expect(redacted.error.stack).toContain(`Signature=${REDACTED}`);
    expect(redacted.nested.list[0]).toContain(`Signature=${REDACTED}`);
    expect(JSON.stringify(redacted)).not.toContain('5fa00fa31553b73e');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Bearer token missing; signature mismatch; basic auth; 0123456789abcdef';
    expect(redactFields({ text }).text).toBe(text);
  });

  it('can be turned off', () => {
    expect(redactFields({ header }, { scrubStrings: false }).header).toBe(header);
    expect(createRedactor({ scrubStrings: false }).scrub(header)).toBe(header);
  });

  it('is exposed as Redactor.scrub for other texts', () => {
    expect(createRedactor().scrub(header)).toContain(`Signature=${REDACTED}`);
  });
});

describe('redactFields: JSON-safe values', () => {
  it('serializes Errors as { name, message, stack } with own fields, cause and aggregated errors', () => {
    class ThrottlingError extends Error {
      override name = 'ThrottlingError';
      readonly code = 'ThrottlingException';
      readonly retryable = true;
    }
    const cause = new RangeError('inner');
    const error = new ThrottlingError('Rate exceeded', { cause });
    const aggregate = new AggregateError([new Error('a'), 'b'], 'many');
    const redacted = redactFields({ error, aggregate }) as Record<string, Record<string, unknown>>;
    expect(redacted.error).toMatchObject({
      name: 'ThrottlingError',
      message: 'Rate exceeded',
      code: 'ThrottlingException',
      retryable: true,
      cause: { name: 'RangeError', message: 'inner' },
    });
    expect(redacted.error!.stack).toContain('Rate exceeded');
    expect(redacted.aggregate).toMatchObject({
      name: 'AggregateError',
      message: 'many',
      errors: [{ name: 'Error', message: 'a' }, 'b'],
    });
  });

  it('handles errors whose properties throw or lie', () => {
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'stack', { value: undefined });
    Object.defineProperty(hostile, 'name', {
      get() {
        throw new Error('no');
      },
    });
    Object.defineProperty(hostile, 'detail', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(redactFields({ hostile })).toEqual({
      hostile: { name: 'Error', message: 'x', detail: '[Unserializable]' },
    });
  });

  it('never throws on BigInt, symbols, functions, Dates, binary data, RegExps and toJSON', () => {
    const redacted = redactFields({
      big: 12345678901234567890n,
      symbol: Symbol('s'),
      fn: function namedFunction() {},
      arrow: (() => () => {})(),
      date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      badDate: new Date(Number.NaN),
      buffer: Buffer.from('secret bytes'),
      bytes: new Uint8Array(4),
      arrayBuffer: new ArrayBuffer(8),
      regexp: /a+b/gi,
      url: new URL('https://example.com/a?X-Amz-Security-Token=t'),
      custom: { toJSON: () => ({ shown: true, password: 'p' }) },
      selfJson: {
        a: 1,
        toJSON() {
          return this;
        },
      },
      undef: undefined,
      nan: Number.NaN,
    });
    expect(redacted).toEqual({
      big: '12345678901234567890',
      symbol: 'Symbol(s)',
      fn: '[Function namedFunction]',
      arrow: '[Function anonymous]',
      date: '2024-01-02T03:04:05.000Z',
      badDate: 'Invalid Date',
      buffer: '[Buffer 12 bytes]',
      bytes: '[Uint8Array 4 bytes]',
      arrayBuffer: '[ArrayBuffer 8 bytes]',
      regexp: '/a+b/gi',
      url: `https://example.com/a?X-Amz-Security-Token=${REDACTED}`,
      custom: { shown: true, password: REDACTED },
      selfJson: { a: 1, toJSON: '[Function toJSON]' },
      nan: Number.NaN,
    });
    expect(() => JSON.stringify(redacted)).not.toThrow();
  });

  it('replaces cycles with [Circular] but keeps shared references', () => {
    const shared = { region: 'us-east-1' };
    const node: Record<string, unknown> = { name: 'root', shared, again: shared };
    node.self = node;
    node.list = [node, shared];
    const map = new Map<string, unknown>();
    map.set('me', map);
    const error = new Error('loop') as Error & { self?: unknown };
    error.self = error;
    expect(redactFields({ node, map, error })).toMatchObject({
      node: {
        name: 'root',
        shared: { region: 'us-east-1' },
        again: { region: 'us-east-1' },
        self: '[Circular]',
        list: ['[Circular]', { region: 'us-east-1' }],
      },
      map: { me: '[Circular]' },
      error: { message: 'loop', self: '[Circular]' },
    });
  });

  it('cuts objects deeper than maxDepth', () => {
    const deep = { a: { b: { c: { d: 1 } } }, list: [[[1]]] };
    expect(redactFields(deep, { maxDepth: 2 })).toEqual({
      a: { b: { c: '[Object]' } },
      list: [['[Array]']],
    });
    const veryDeep: Record<string, unknown> = {};
    let cursor = veryDeep;
    for (let i = 0; i < 50; i++) {
      cursor.next = {};
      cursor = cursor.next as Record<string, unknown>;
    }
    expect(JSON.stringify(redactFields(veryDeep))).toContain('[Object]');
  });

  it('survives getters and proxies that throw', () => {
    const getter = {
      ok: 1,
      get broken(): never {
        throw new Error('no');
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(redactFields({ getter, proxy })).toEqual({
      getter: { ok: 1, broken: '[Unserializable]' },
      proxy: '[Unserializable]',
    });
  });

  it('keeps an own __proto__ key as data', () => {
    const fields = JSON.parse('{"__proto__": {"password": "p"}, "a": 1}') as Record<
      string,
      unknown
    >;
    const redacted = redactFields(fields);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
    expect(JSON.stringify(redacted)).toBe(`{"__proto__":{"password":"${REDACTED}"},"a":1}`);
    const map = redactFields({ m: new Map([['__proto__', 1]]) }).m as object;
    expect(Object.hasOwn(map, '__proto__')).toBe(true);
  });

  it('returns {} for missing fields and wraps a non-object', () => {
    expect(redactFields(undefined)).toEqual({});
    expect(redactFields(null as unknown as Record<string, unknown>)).toEqual({});
    expect(redactFields([1, 2] as unknown as Record<string, unknown>)).toEqual({ value: [1, 2] });
    expect(redactFields(new Error('top') as unknown as Record<string, unknown>)).toMatchObject({
      name: 'Error',
      message: 'top',
    });
  });

  it('does not change its input', () => {
    const input = { password: 'p', nested: { token: 't' } };
    redactFields(input);
    expect(input).toEqual({ password: 'p', nested: { token: 't' } });
  });

  it('redactValue redacts one value, by its key when given', () => {
    const redactor = createRedactor();
    expect(redactor.redactValue('x', 'password')).toBe(REDACTED);
    expect(redactor.redactValue({ token: 't' })).toEqual({ token: REDACTED });
    expect(redactor.redactValue(5n)).toBe('5');
  });
});

describe('createRedactor options', () => {
  it('rejects invalid options with ObservabilityConfigError naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ keys: 'password' }, 'keys'],
      [{ keys: [42] }, 'keys'],
      [{ censor: 1 }, 'censor'],
      [{ maxDepth: 0 }, 'maxDepth'],
      [{ maxDepth: 1.5 }, 'maxDepth'],
    ];
    for (const [options, field] of cases) {
      let caught: unknown;
      try {
        createRedactor(options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught, field).toBeInstanceOf(ObservabilityConfigError);
      expect((caught as ObservabilityConfigError).field).toBe(field);
      expect((caught as ObservabilityConfigError).name).toBe('ObservabilityConfigError');
      expect((caught as Error).message).toContain(field);
    }
  });
});

describe('properties', () => {
  const secretKey = fc.constantFrom(
    ...DEFAULT_REDACT_KEYS,
    'PASSWORD',
    'Session_Token',
    'x.authorization',
  );
  const marker = 'S3CR3T-VALUE-9f8e7d';

  it('never throws and always yields JSON-serializable output', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
        }),
        (value) => {
          const redacted = redactFields({ value });
          expect(() => JSON.stringify(redacted)).not.toThrow();
        },
      ),
    );
  });

  it('never lets a value under a secret key through, at any depth', () => {
    const withSecrets = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 }),
        fc.tuple(secretKey, tie('node')).map(([key, rest]) => ({ [key]: marker, rest })),
      ),
    })).node;
    fc.assert(
      fc.property(withSecrets, (value) => {
        expect(JSON.stringify(redactFields({ value }))).not.toContain(marker);
      }),
    );
  });
});
