import type { HttpRequest } from '@integrations/aws-json-rpc';
import { signRequest } from '@integrations/aws-signing';
import { describe, expect, it } from 'vitest';
import {
  createEmulator,
  EmulatorConfigError,
  type EmulatorOptions,
  startEmulator,
} from '../src/index.js';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const request = (operation = 'DescribeLogGroups', body = '{}'): HttpRequest => ({
  method: 'POST',
  protocol: 'http:',
  hostname: 'localhost',
  port: 4566,
  path: '/',
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `Logs_20140328.${operation}`,
  },
  body,
});

async function send(options: EmulatorOptions, req: HttpRequest) {
  const emulator = createEmulator({ clock: () => NOW, ...options });
  const response = await emulator.transport().send(req);
  return {
    emulator,
    status: response.statusCode,
    body: JSON.parse(Buffer.from(response.body).toString('utf8')),
  };
}

const sign = (
  req: HttpRequest,
  accessKeyId: string,
  secretAccessKey: string,
  region = 'us-east-1',
  date = NOW,
) =>
  signRequest(req, {
    service: 'logs',
    region,
    credentials: { accessKeyId, secretAccessKey },
    date,
  }) as HttpRequest;

describe('sigv4 mode', () => {
  const credentials = [
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  ];

  it('accepts a request signed with a configured key', async () => {
    const answer = await send(
      { auth: { mode: 'sigv4', credentials } },
      sign(request(), 'AKIDEXAMPLE', credentials[0]!.secretAccessKey),
    );
    expect(answer.status).toBe(200);
  });

  it('makes a random key pair when none is given, and reports it', async () => {
    const emulator = createEmulator({ clock: () => NOW });
    const { accessKeyId, secretAccessKey } = emulator.credentials!;
    expect(accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const response = await emulator.transport().send(sign(request(), accessKeyId, secretAccessKey));
    expect(response.statusCode).toBe(200);
    expect(createEmulator().credentials!.accessKeyId).not.toBe(accessKeyId);
  });

  it.each([
    ['no signature', (r: HttpRequest) => r, 403, 'MissingAuthenticationTokenException'],
    [
      'an unknown key',
      (r: HttpRequest) => sign(r, 'AKIDUNKNOWN', 'secret'),
      400,
      'UnrecognizedClientException',
    ],
    [
      'the wrong secret',
      (r: HttpRequest) => sign(r, 'AKIDEXAMPLE', 'not-the-secret'),
      400,
      'InvalidSignatureException',
    ],
    [
      'a tampered body',
      (r: HttpRequest) => ({
        ...sign(r, 'AKIDEXAMPLE', credentials[0]!.secretAccessKey),
        body: '{"x":1}',
      }),
      400,
      'InvalidSignatureException',
    ],
    [
      'a stale date',
      (r: HttpRequest) =>
        sign(r, 'AKIDEXAMPLE', credentials[0]!.secretAccessKey, 'us-east-1', NOW - 3_600_000),
      400,
      'InvalidSignatureException',
    ],
    [
      'another region',
      (r: HttpRequest) => sign(r, 'AKIDEXAMPLE', credentials[0]!.secretAccessKey, 'eu-west-1'),
      400,
      'InvalidSignatureException',
    ],
    [
      'a malformed header',
      (r: HttpRequest) => ({
        ...r,
        headers: { ...r.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' },
      }),
      400,
      'IncompleteSignatureException',
    ],
  ])('refuses %s', async (_name, mutate, status, type) => {
    const answer = await send({ auth: { mode: 'sigv4', credentials } }, mutate(request()));
    expect(answer.status).toBe(status);
    expect(answer.body.__type).toBe(type);
    expect(JSON.stringify(answer.body)).not.toContain(credentials[0]!.secretAccessKey);
  });
});

describe('any-key mode', () => {
  it('accepts any well-formed signature whatever its key', async () => {
    const answer = await send(
      { auth: { mode: 'any-key' } },
      sign(request(), 'ANYTHING', 'whatever'),
    );
    expect(answer.status).toBe(200);
  });

  it('still refuses missing and malformed signatures', async () => {
    expect((await send({ auth: { mode: 'any-key' } }, request())).body.__type).toBe(
      'MissingAuthenticationTokenException',
    );
    const malformed = {
      ...request(),
      headers: {
        ...request().headers,
        authorization: 'Bearer abc',
        'x-amz-date': '20240601T120000Z',
      },
    };
    expect((await send({ auth: { mode: 'any-key' } }, malformed)).body.__type).toBe(
      'IncompleteSignatureException',
    );
    const noDate = sign(request(), 'A', 'b');
    const headers = Object.fromEntries(
      Object.entries(noDate.headers).filter(([k]) => k.toLowerCase() !== 'x-amz-date'),
    );
    expect((await send({ auth: { mode: 'any-key' } }, { ...noDate, headers })).body.__type).toBe(
      'IncompleteSignatureException',
    );
  });
});

describe('none mode', () => {
  it('checks nothing', async () => {
    expect((await send({ auth: { mode: 'none' } }, request())).status).toBe(200);
  });

  it('is refused on a non-loopback address', async () => {
    await expect(startEmulator({ host: '0.0.0.0', auth: { mode: 'none' } })).rejects.toBeInstanceOf(
      EmulatorConfigError,
    );
    await expect(startEmulator({ host: '0.0.0.0', auth: { mode: 'any-key' } })).rejects.toThrow(
      /requires auth mode sigv4/,
    );
  });
});

describe('options', () => {
  it.each([
    [{ region: 'nowhere' }, 'region'],
    [{ accountId: '12' }, 'accountId'],
    [{ port: 70_000 }, 'port'],
    [{ auth: { mode: 'open' } as never }, 'auth.mode'],
    [
      {
        auth: { mode: 'sigv4', credentials: [{ accessKeyId: '', secretAccessKey: 'x' }] } as const,
      },
      'auth.credentials',
    ],
  ])('refuses %j', (options, field) => {
    expect(() => createEmulator(options as EmulatorOptions)).toThrow(
      expect.objectContaining({ name: 'EmulatorConfigError', field }),
    );
  });
});
