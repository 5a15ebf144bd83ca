import { Agent } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport } from '../src/undici.js';
import { startHttpServer } from './support/http-server.js';
import {
  assertBuilt,
  emptyDirectory,
  resolveHooksUrl,
  runNodeChild,
} from './support/node-child.js';
import { describeTransportContract, post, useCleanups } from './support/transport-contract.js';

describeTransportContract('createUndiciTransport', (options) => createUndiciTransport(options));

describe('createUndiciTransport, its own', () => {
  const { defer, track } = useCleanups();

  it('uses but never closes a dispatcher it was given', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{}')));
    const agent = new Agent();
    defer(() => agent.close());
    const transport = createUndiciTransport({ dispatcher: agent });
    await transport.send(post(server.port));
    await transport.close!();
    expect(agent.closed).toBe(false);
    const other = createUndiciTransport({ dispatcher: agent });
    expect((await other.send(post(server.port))).statusCode).toBe(200);
  });
});

interface MissingUndiciReport {
  direct: string;
  name: string;
  isConfigurationError: boolean;
  option: string;
  value: unknown;
  message: string;
  causeCode: string;
  sameErrorLater: boolean;
  closed: boolean;
}

// A Node process of its own, where resolving `undici` fails as it does where the optional peer
// dependency was not installed: Node's own ERR_MODULE_NOT_FOUND for the transport's import().
const missingUndici = `
import { register } from 'node:module';
const data = JSON.parse(process.env.CHILD_DATA);
register(data.hooks, { data: { hide: ['undici'], emptyDir: data.emptyDir } });
const { createUndiciTransport } = await import('@integrations/aws-json-rpc/undici');
const { AwsJsonRpcConfigurationError } = await import('@integrations/aws-json-rpc');
const direct = await import('undici').then(() => 'loaded', (error) => error.code);
const transport = createUndiciTransport();
const request = {
  method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: data.port, path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}',
};
const error = await transport.send(request).then(() => undefined, (e) => e);
const later = await transport.send(request).then(() => undefined, (e) => e);
await transport.close();
console.log(JSON.stringify({
  direct,
  name: error?.name,
  isConfigurationError: error instanceof AwsJsonRpcConfigurationError,
  option: error?.option,
  value: error?.value,
  message: error?.message,
  causeCode: error?.cause?.code,
  sameErrorLater: later === error,
  closed: true,
}));
`;

describe('createUndiciTransport without undici installed (built package, child process)', () => {
  const { defer, track } = useCleanups();
  beforeAll(assertBuilt);

  it('fails its sends with AwsJsonRpcConfigurationError naming `npm install undici`', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{}')));
    const empty = emptyDirectory();
    defer(() => empty.remove());
    const report = await runNodeChild<MissingUndiciReport>(missingUndici, {
      data: { hooks: resolveHooksUrl, emptyDir: empty.url, port: server.port },
    });
    // The hook really makes undici unresolvable, the way a missing install does.
    expect(report.direct).toBe('ERR_MODULE_NOT_FOUND');
    expect(report).toMatchObject({
      name: 'AwsJsonRpcConfigurationError',
      isConfigurationError: true,
      option: 'transport',
      value: 'undici',
      causeCode: 'ERR_MODULE_NOT_FOUND',
      sameErrorLater: true,
      closed: true,
    });
    expect(report.message).toContain('`npm install undici`');
    expect(report.message).toContain('createNodeHttpTransport');
    expect(server.connections).toBe(0);
  }, 60_000);
});
