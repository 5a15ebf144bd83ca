import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenJson, MAX_JSON_FIELDS } from '../../src/insights/fields.js';

/** The CloudTrail event of the "Fields in JSON logs" documentation. */
const CLOUDTRAIL = JSON.stringify({
  eventVersion: '1.0',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'EX_PRINCIPAL_ID',
    arn: 'arn: aws: iam: : 123456789012: user/Alice',
    accessKeyId: 'EXAMPLE_KEY_ID',
    accountId: '123456789012',
    userName: 'Alice',
  },
  eventTime: '2014-03-06T21: 22: 54Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'StartInstances',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.255',
  userAgent: 'ec2-api-tools1.6.12.2',
  requestParameters: { instancesSet: { items: [{ instanceId: 'i-abcde123' }] } },
  responseElements: {
    instancesSet: {
      items: [
        {
          instanceId: 'i-abcde123',
          currentState: { code: 0, name: 'pending' },
          previousState: { code: 80, name: 'stopped' },
        },
      ],
    },
  },
});

describe('flattenJson', () => {
  it('names nested keys with dots and array elements by position, as documented', () => {
    const fields = flattenJson(CLOUDTRAIL)!;
    expect(fields.get('userIdentity.type')).toBe('IAMUser');
    expect(fields.get('requestParameters.instancesSet.items.0.instanceId')).toBe('i-abcde123');
    expect(fields.get('responseElements.instancesSet.items.0.currentState.code')).toBe(0);
    expect(fields.get('responseElements.instancesSet.items.0.previousState.name')).toBe('stopped');
    expect(fields.get('userIdentity.accountId')).toBe('123456789012');
    expect(fields.has('userIdentity')).toBe(false);
    expect(fields.size).toBe(19);
  });

  it('keeps numbers and strings, stores booleans as 1/0 and drops nulls and empty containers', () => {
    const fields = flattenJson(
      '{"n":1.5,"i":-3,"s":"7","t":true,"f":false,"z":null,"o":{},"a":[],"l":[1,[2,{"k":"v"}]]}',
    )!;
    expect(Object.fromEntries(fields)).toEqual({
      n: 1.5,
      i: -3,
      s: '7',
      t: 1,
      f: 0,
      'l.0': 1,
      'l.1.0': 2,
      'l.1.1.k': 'v',
    });
  });

  it('keeps a key that itself holds a dot, and a JSON-encoded string as one opaque value', () => {
    const fields = flattenJson('{"a.b":1,"data":"{\\"x\\":1}"}')!;
    expect(fields.get('a.b')).toBe(1);
    expect(fields.get('data')).toBe('{"x":1}');
    expect(fields.has('data.x')).toBe(false);
  });

  it('prefixes top-level names starting with @ with another @', () => {
    const fields = flattenJson('{"@timestamp":"x","@example.com":1,"a":{"@b":2}}')!;
    expect(fields.get('@@timestamp')).toBe('x');
    expect(fields.get('@@example.com')).toBe(1);
    expect(fields.get('a.@b')).toBe(2);
    expect(fields.has('@timestamp')).toBe(false);
  });

  it('is undefined for anything but a JSON object', () => {
    for (const message of [
      '',
      '   ',
      'plain text',
      '[1,2]',
      '"string"',
      '42',
      'null',
      '{"unterminated":',
      '{"a":1} trailing',
      'INFO {"a":1}',
    ]) {
      expect(flattenJson(message), message).toBeUndefined();
    }
    expect(flattenJson('  \n{"a":1}  ')?.get('a')).toBe(1);
    expect(flattenJson('{}')?.size).toBe(0);
  });

  it(`discovers at most ${MAX_JSON_FIELDS} fields, the first ones in document order`, () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 250; i++) wide[`k${i}`] = i;
    const fields = flattenJson(JSON.stringify(wide))!;
    expect(fields.size).toBe(MAX_JSON_FIELDS);
    expect(fields.get('k199')).toBe(199);
    expect(fields.has('k200')).toBe(false);

    const nested = JSON.stringify({ a: { list: Array.from({ length: 300 }, (_, i) => i) }, b: 1 });
    const capped = flattenJson(nested)!;
    expect(capped.size).toBe(MAX_JSON_FIELDS);
    expect(capped.get('a.list.199')).toBe(199);
    expect(capped.has('b')).toBe(false);
  });

  it('flattens any JSON object to leaves whose paths lead back to the value', () => {
    const leaf = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const key = fc.stringMatching(/^[a-z]{1,4}$/);
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 4 }), (object) => {
        const fields = flattenJson(JSON.stringify(object))!;
        expect(fields.size).toBeLessThanOrEqual(MAX_JSON_FIELDS);
        for (const [name, value] of fields) {
          let node: unknown = object;
          for (const part of name.split('.')) node = (node as Record<string, unknown>)[part];
          // JSON turns -0 into 0.
          expect(value).toEqual(Object.is(node, -0) ? 0 : node);
        }
      }),
    );
  });
});
