import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, luhnValid, redact } from '../src/index.js';
import { recordingClient } from './helpers/recording-client.js';

describe('default patterns', () => {
  it('e-mail addresses', () => {
    expect(redact('mail ana.lopez+tag@example.co.uk now')).toBe('mail [REDACTED:email] now');
    expect(redact('not an@address')).toBe('not an@address');
  });

  it('card numbers only when the Luhn check passes', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(redact('card 4111 1111 1111 1111 ok')).toBe('card [REDACTED:card] ok');
    expect(redact('card 4111-1111-1111-1111')).toBe('card [REDACTED:card]');
    expect(redact('order 4111111111111112 and ts 1700000000000')).toBe(
      'order 4111111111111112 and ts 1700000000000',
    );
  });

  it('US SSNs, not impossible ones', () => {
    expect(redact('ssn 123-45-6789')).toBe('ssn [REDACTED:ssn]');
    for (const bad of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000'])
      expect(redact(`x ${bad}`)).toBe(`x ${bad}`);
  });

  it('phone numbers, but not dates, versions or IP addresses', () => {
    expect(redact('call +14155552671 or (415) 555-2671 or 415-555-2671')).toBe(
      'call [REDACTED:phone] or [REDACTED:phone] or [REDACTED:phone]',
    );
    for (const keep of ['2024-05-01', 'v1.2.3', '10.0.0.1', '12:30:45', 'took 5551234 ms'])
      expect(redact(keep)).toBe(keep);
  });
});

describe('fields', () => {
  it('redacts sensitive names wherever they nest, without touching the input', () => {
    const input = {
      user: { name: 'ana', Password: 'hunter2', profile: { api_key: 'k', 'API-Key': 'k2' } },
      headers: [{ authorization: 'Bearer x' }],
      map: new Map([['token', 't']]),
      note: 'reach me at ana@example.com',
      credit_card: '4111111111111111',
      count: 3,
    };
    const snapshot = structuredClone(input);
    const { fields } = createRedactor()(input, 'hello');
    expect(fields).toEqual({
      user: {
        name: 'ana',
        Password: '[REDACTED:field]',
        profile: { api_key: '[REDACTED:field]', 'API-Key': '[REDACTED:field]' },
      },
      headers: [{ authorization: '[REDACTED:field]' }],
      map: new Map([['token', '[REDACTED:field]']]),
      note: 'reach me at [REDACTED:email]',
      credit_card: '[REDACTED:field]',
      count: 3,
    });
    expect(input).toEqual(snapshot);
  });

  it('returns what holds nothing sensitive as it was, and survives cycles', () => {
    const clean = { a: 1, b: { c: 'plain' } };
    expect(createRedactor()(clean, 'm').fields).toBe(clean);
    const cyclic: Record<string, unknown> = { secret: 's' };
    cyclic.self = cyclic;
    expect(() => createRedactor()(cyclic, 'm')).not.toThrow();
  });

  it('takes custom patterns, fields and replacement; can drop the defaults', () => {
    const r = createRedactor({
      patterns: [{ name: 'order', regex: /ORD-\d+/g }],
      fields: ['sessionId'],
      replacement: (kind) => `<${kind}>`,
    });
    expect(r({ session_id: 'x', sessionId: 'y' }, 'ORD-42 by a@b.io')).toEqual({
      fields: { session_id: '<field>', sessionId: '<field>' },
      message: '<order> by <email>',
    });
    const only = createRedactor({ replaceDefaults: true, fields: ['pin'] });
    expect(only({ pin: 1, password: 'p' }, 'a@b.io')).toEqual({
      fields: { pin: '[REDACTED:field]', password: 'p' },
      message: 'a@b.io',
    });
  });

  it('never lets an e-mail or a valid card through, whatever surrounds it', () => {
    const email = fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z]{2,8}$/))
      .map(([u, d]) => `${u}@${d}.com`);
    fc.assert(
      fc.property(fc.string(), email, fc.string(), (a, e, b) => {
        const out = redact(`${a} ${e} ${b}`);
        return !out.includes(e);
      }),
    );
  });
});

describe('in the client', () => {
  it('redacts structured events before serialization when configured', async () => {
    const { client, sent } = recordingClient({ redaction: true });
    client.events.putStructured('/g', 's', {
      level: 'INFO',
      message: 'signup ana@example.com',
      fields: { password: 'hunter2', plan: 'pro' },
    });
    await client.flush();
    expect(JSON.parse(sent[0]!)).toMatchObject({
      message: 'signup [REDACTED:email]',
      password: '[REDACTED:field]',
      plan: 'pro',
    });
    await client.close();
  });
});
