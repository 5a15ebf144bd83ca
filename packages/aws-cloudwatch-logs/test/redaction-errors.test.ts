import { expect, it } from 'vitest';
import { createRedactor, redact, safeStringify } from '../src/index.js';
import { recordingClient } from './helpers/recording-client.js';

it("redacts an Error's message, stack, cause and own properties into the shape the serializer writes", () => {
  const cause = new Error('lookup of 123-45-6789 failed');
  const error = Object.assign(new Error('no account for ana@example.com', { cause }), {
    code: 'E_NO_ACCOUNT',
    accessToken: 'tok-1',
  });
  const out = redact({ error }).error as unknown as Record<string, unknown>;
  expect(out).toMatchObject({
    name: 'Error',
    message: 'no account for [REDACTED:email]',
    cause: { name: 'Error', message: 'lookup of [REDACTED:ssn] failed' },
    code: 'E_NO_ACCOUNT',
    accessToken: '[REDACTED:field]',
  });
  expect(out.stack).toMatch(/^Error: no account for \[REDACTED:email\]\n/);
  const written = safeStringify(out);
  expect(written).not.toContain('ana@example.com');
  expect(written).not.toContain('123-45-6789');
  expect(written).not.toContain('tok-1');
  // The original is untouched, and an Error with nothing sensitive stays the same object.
  expect(error.message).toBe('no account for ana@example.com');
  const plain = new Error('timeout after 30 s');
  plain.stack = 'Error: timeout after 30 s';
  expect(redact({ plain }).plain).toBe(plain);
});

it('matches the default field names as suffixes too, custom names only exactly', () => {
  const r = createRedactor({ fields: ['pin'] });
  const { fields } = r(
    {
      accessToken: 'a',
      refresh_token: 'b',
      client_secret: 'c',
      'x-api-key': 'd',
      'Proxy-Authorization': 'e',
      dbPassword: 'f',
      pin: '1234',
      spin: 'left',
      tokenCount: 12,
      secretName: 'prod/db',
    },
    'm',
  );
  expect(fields).toEqual({
    accessToken: '[REDACTED:field]',
    refresh_token: '[REDACTED:field]',
    client_secret: '[REDACTED:field]',
    'x-api-key': '[REDACTED:field]',
    'Proxy-Authorization': '[REDACTED:field]',
    dbPassword: '[REDACTED:field]',
    pin: '[REDACTED:field]',
    spin: 'left',
    tokenCount: 12,
    secretName: 'prod/db',
  });
  expect(createRedactor({ replaceDefaults: true })({ accessToken: 'a' }, 'm').fields).toEqual({
    accessToken: 'a',
  });
});

it('a logged Error does not leak through the client when redaction is on', async () => {
  const { client, sent } = recordingClient({ redaction: true });
  const log = client.logger({ logGroup: '/g', logStream: 's' });
  log.error('signup failed', { err: new Error('duplicate ana@example.com') });
  await client.close();
  const event = JSON.parse(sent[0]!);
  expect(event.err).toMatchObject({ name: 'Error', message: 'duplicate [REDACTED:email]' });
  expect(sent[0]).not.toContain('ana@example.com');
});
