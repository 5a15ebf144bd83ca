import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Credentials, REDACTED, toCredentials } from '../src/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET1';
const TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';

describe('Credentials', () => {
  const creds = new Credentials({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: SECRET,
    sessionToken: TOKEN,
    expiration: new Date('2030-01-01T00:00:00Z'),
    source: 'test',
  });

  it('keeps every field readable by code', () => {
    expect(creds.accessKeyId).toBe('AKIDEXAMPLE');
    expect(creds.secretAccessKey).toBe(SECRET);
    expect(creds.sessionToken).toBe(TOKEN);
    expect(creds.expiration?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(creds.source).toBe('test');
  });

  it('redacts secrets in String(), template literals, util.inspect and JSON.stringify', () => {
    for (const text of [
      String(creds),
      `${creds}`,
      inspect(creds),
      inspect({ nested: { creds } }, { depth: 5 }),
      JSON.stringify(creds),
      JSON.stringify({ nested: [creds] }),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).toContain('AKIDEXAMPLE');
      expect(text).toContain(REDACTED);
    }
    expect(JSON.parse(JSON.stringify(creds))).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: REDACTED,
      sessionToken: REDACTED,
      expiration: '2030-01-01T00:00:00.000Z',
      source: 'test',
    });
  });

  it('hides secrets from Object.keys, spreading and showHidden-less inspection', () => {
    expect(Object.keys(creds)).not.toContain('secretAccessKey');
    expect(Object.keys(creds)).not.toContain('sessionToken');
    const spread = { ...creds };
    expect(JSON.stringify(spread)).not.toContain(SECRET);
    expect(inspect(spread)).not.toContain(SECRET);
  });

  it('is immutable', () => {
    expect(Object.isFrozen(creds)).toBe(true);
    expect(() => {
      (creds as { secretAccessKey: string }).secretAccessKey = 'x';
    }).toThrow(TypeError);
  });

  it('omits an empty session token and copies the expiration', () => {
    const date = new Date('2030-01-01T00:00:00Z');
    const c = new Credentials({
      accessKeyId: 'A',
      secretAccessKey: 'S',
      sessionToken: '',
      expiration: date,
    });
    expect(c.sessionToken).toBeUndefined();
    expect(JSON.stringify(c)).not.toContain('sessionToken');
    date.setFullYear(2000);
    expect(c.expiration?.getUTCFullYear()).toBe(2030);
  });

  it('toCredentials wraps plain objects and keeps Credentials as they are', () => {
    const plain = { accessKeyId: 'A', secretAccessKey: SECRET };
    const wrapped = toCredentials(plain, 'custom');
    expect(wrapped).toBeInstanceOf(Credentials);
    expect(wrapped.secretAccessKey).toBe(SECRET);
    expect(wrapped.source).toBe('custom');
    expect(toCredentials(wrapped)).toBe(wrapped);
    expect(String(wrapped)).not.toContain(SECRET);
  });
});
