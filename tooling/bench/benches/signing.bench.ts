// SigV4 signing throughput: @integrations/aws-signing against @smithy/signature-v4 (the signer of
// the AWS SDK for JavaScript v3) and aws4, on the same JSON POST, in the same process, interleaved.
// Every candidate hashes the body on every call: no candidate may cache a body hash.
//
//   cd tooling/bench && node run.mjs signing     (needs packages/aws-signing built)
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { Sha256 } from '@aws-crypto/sha256-js';
import { type HttpRequestLike, signRequest } from '@integrations/aws-signing';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { compare } from '../lib/measure.js';
import { checkTarget, printRatios } from '../lib/report.js';

interface Aws4Options {
  host: string;
  method: string;
  path: string;
  service: string;
  region: string;
  headers: Record<string, string>;
  body: string;
}
const aws4 = createRequire(import.meta.url)('aws4') as {
  sign(
    options: Aws4Options,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  ): Aws4Options;
};

/**
 * SHA-256 on node:crypto with the interface smithy expects: what @smithy/hash-node (the hash the
 * SDK uses on Node.js) does, so smithy is measured as the SDK runs it in Node.
 */
class NodeSha256 {
  readonly #hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash =
      secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
};
const region = 'us-east-1';
const service = 'logs';
const hostname = `logs.${region}.amazonaws.com`;

/** A PutLogEvents body of exactly `size` bytes (ASCII JSON). */
function jsonBody(size: number): string {
  const events: Array<{ timestamp: number; message: string }> = [];
  const wrap = (list: typeof events) =>
    JSON.stringify({ logGroupName: '/app/api', logStreamName: 'web-1', logEvents: list });
  let i = 0;
  while (wrap(events).length < size - 200) {
    events.push({ timestamp: 1_700_000_000_000 + i, message: `request ${i} handled in 12 ms` });
    i += 1;
  }
  const base = wrap([...events, { timestamp: 1_700_000_000_000 + i, message: '' }]);
  const padded = wrap([
    ...events,
    { timestamp: 1_700_000_000_000 + i, message: 'x'.repeat(size - base.length) },
  ]);
  if (padded.length !== size) throw new Error(`body is ${padded.length} bytes, wanted ${size}`);
  return padded;
}

function headersFor(body: string): Record<string, string> {
  return {
    host: hostname,
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(body.length),
    'x-amz-target': 'Logs_20140328.PutLogEvents',
  };
}

const smithyNode = new SignatureV4({
  credentials,
  region,
  service,
  sha256: NodeSha256,
  applyChecksum: false,
});
const smithyPureJs = new SignatureV4({
  credentials,
  region,
  service,
  sha256: Sha256,
  applyChecksum: false,
});

function candidates(body: string) {
  const request: HttpRequestLike = {
    method: 'POST',
    protocol: 'https:',
    hostname,
    path: '/',
    headers: headersFor(body),
    body,
  };
  const smithyRequest = new HttpRequest({ ...request, headers: headersFor(body) });
  const options = { credentials, region, service };
  return {
    ours: () => signRequest(request, options).headers['Authorization'],
    smithy: () => smithyNode.sign(smithyRequest),
    smithyPureJs: () => smithyPureJs.sign(smithyRequest),
    aws4: () =>
      aws4.sign(
        {
          host: hostname,
          method: 'POST',
          path: '/',
          service,
          region,
          headers: headersFor(body),
          body,
        },
        credentials,
      ).headers['Authorization'],
  };
}

/** Before timing anything: every candidate must produce the same signature for the same input. */
async function checkSameOutput(body: string): Promise<void> {
  const date = new Date('2024-05-01T12:00:00Z');
  const amzDate = '20240501T120000Z';
  const request: HttpRequestLike = {
    method: 'POST',
    hostname,
    path: '/',
    headers: headersFor(body),
    body,
  };
  const ours = signRequest(request, { credentials, region, service, date }).headers[
    'Authorization'
  ];
  const smithy = (
    await smithyNode.sign(new HttpRequest({ ...request, headers: headersFor(body) }), {
      signingDate: date,
    })
  ).headers['authorization'];
  const viaAws4 = aws4.sign(
    {
      host: hostname,
      method: 'POST',
      path: '/',
      service,
      region,
      headers: { ...headersFor(body), 'X-Amz-Date': amzDate },
      body,
    },
    credentials,
  ).headers['Authorization'];
  if (ours !== smithy || ours !== viaAws4) {
    throw new Error(
      `the candidates disagree, so the comparison would be meaningless:\n${ours}\n${smithy}\n${viaAws4}`,
    );
  }
}

const TARGET = 1.5;
const sizes = [
  { label: '1 KB', bytes: 1024, roundMs: 300 },
  { label: '1 MB', bytes: 1024 * 1024, roundMs: 600 },
];
for (const { label, bytes, roundMs } of sizes) {
  const body = jsonBody(bytes);
  await checkSameOutput(body);
  const c = candidates(body);
  const samples = await compare(
    [
      { name: '@integrations/aws-signing', fn: c.ours },
      { name: '@smithy/signature-v4', fn: c.smithy },
      { name: 'aws4', fn: c.aws4 },
      { name: '@smithy/signature-v4 + sha256-js', fn: c.smithyPureJs },
    ],
    { repeats: 7, roundMs },
  );
  const ratios = printRatios(
    `SigV4 sign, JSON POST with a ${label} body (${bytes.toLocaleString('en-US')} bytes)`,
    samples.map((s) => ({ name: s.name, value: s.opsPerSecond, unit: 'signs/s' })),
    '@smithy/signature-v4',
  );
  checkTarget(
    `${label}: @integrations/aws-signing vs @smithy/signature-v4`,
    ratios.get('@integrations/aws-signing')!,
    TARGET,
  );
}
console.log(
  '\n@smithy/signature-v4 hashes with node:crypto as @smithy/hash-node does (the SDK on Node.js);' +
    '\n"+ sha256-js" is the same signer with the pure-JS hash the SDK uses in browsers, for reference.',
);
