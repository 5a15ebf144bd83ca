// The reference implementation the differential tests compare against: the AWS SDK for
// JavaScript v3's own signer, hashing with an independent pure-JS SHA-256.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequestLike, SigningCredentials } from '../src/index.js';

export interface OracleOptions {
  service: string;
  region: string;
  credentials: SigningCredentials;
  date: Date;
  uriEscapePath: boolean;
  applyChecksum: boolean;
}

function toSmithy(request: HttpRequestLike): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value !== 'string')
      throw new Error(`the oracle takes one value per header (${name})`);
    headers[name] = value;
  }
  return new HttpRequest({
    method: request.method,
    protocol: request.protocol ?? 'https:',
    hostname: request.hostname,
    ...(request.port === undefined ? {} : { port: request.port }),
    path: request.path,
    query: request.query ?? {},
    headers,
    body: request.body,
  });
}

function signer(options: OracleOptions): SignatureV4 {
  return new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
    uriEscapePath: options.uriEscapePath,
    applyChecksum: options.applyChecksum,
  });
}

/** The Authorization header @smithy/signature-v4 gives the request. */
export async function oracleAuthorization(
  request: HttpRequestLike,
  options: OracleOptions,
): Promise<string> {
  const signed = await signer(options).sign(toSmithy(request), { signingDate: options.date });
  return String(signed.headers['authorization']);
}

/** The query @smithy/signature-v4 presigns the request with. */
export async function oraclePresignedQuery(
  request: HttpRequestLike,
  options: OracleOptions & { expiresIn: number },
): Promise<Record<string, unknown>> {
  const signed = await signer(options).presign(toSmithy(request), {
    signingDate: options.date,
    expiresIn: options.expiresIn,
  });
  return signed.query ?? {};
}
