import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { describe, expect, it, vi } from 'vitest';
import {
  AwsJsonRpcConfigurationError,
  createNodeHttpTransport,
  type HttpRequest,
} from '../src/index.js';
import { selfSignedCertificate, startHttpServer, startHttpsServer } from './support/http-server.js';
import {
  describeTransportContract,
  post,
  rejection,
  useCleanups,
} from './support/transport-contract.js';

describeTransportContract('createNodeHttpTransport', (options) => createNodeHttpTransport(options));

describe('createNodeHttpTransport, its own', () => {
  const { defer, track } = useCleanups();

  it('uses but never destroys agents it was given', async () => {
    const server = track(
      await startHttpServer((req, res) => {
        req.resume();
        res.end('{}');
      }),
    );
    const agent = new HttpAgent({ keepAlive: true });
    defer(() => agent.destroy());
    const destroy = vi.spyOn(agent, 'destroy');
    // addRequest is how node:http hands an agent a request; @types/node leaves it out.
    const addRequest = vi.spyOn(agent as unknown as { addRequest(): void }, 'addRequest');
    const transport = createNodeHttpTransport({ agents: { http: agent } });
    expect((await transport.send(post(server.port))).statusCode).toBe(200);
    expect(addRequest).toHaveBeenCalledTimes(1);
    await transport.close!();
    expect(destroy).not.toHaveBeenCalled();
    // The agent keeps its idle socket, which the next transport given the agent reuses.
    const other = createNodeHttpTransport({ agents: { http: agent } });
    defer(() => other.close!());
    expect((await other.send(post(server.port))).statusCode).toBe(200);
    expect(addRequest).toHaveBeenCalledTimes(2);
    expect(server.connections).toBe(1);
    destroy.mockRestore();
  });

  it('rejects an invalid `agents` option by name', () => {
    const invalid: Array<[unknown, string]> = [
      ['agent', 'agents'],
      [null, 'agents'],
      [{ http: {} }, 'agents.http'],
      [{ https: 'yes' }, 'agents.https'],
      [{ http: new HttpAgent(), https: { addRequest: 1 } }, 'agents.https'],
    ];
    for (const [agents, option] of invalid) {
      let thrown: unknown;
      try {
        createNodeHttpTransport({ agents: agents as never });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AwsJsonRpcConfigurationError);
      expect(thrown).toMatchObject({
        option,
        value: option === 'agents' ? agents : expect.anything(),
      });
      expect((thrown as Error).message).toContain(option);
    }
  });

  const identity = selfSignedCertificate();
  it.skipIf(identity === undefined)(
    'round-trips over HTTPS with a given https.Agent that trusts the server, reusing its connection',
    async () => {
      const seen: string[] = [];
      const server = track(
        await startHttpsServer(async (req, res) => {
          let body = '';
          for await (const chunk of req) body += String(chunk);
          seen.push(`${req.method} ${req.url} ${body}`);
          res.setHeader('x-amzn-requestid', `tls-${seen.length}`);
          res.end('{"secure":true}');
        }, identity!),
      );
      const agent = new HttpsAgent({ keepAlive: true, ca: identity!.cert });
      defer(() => agent.destroy());
      const transport = createNodeHttpTransport({ agents: { https: agent } });
      defer(() => transport.close!());
      for (let i = 0; i < 2; i++) {
        const response = await transport.send({
          ...post(server.port, '{"n":1}'),
          protocol: 'https:',
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-amzn-requestid']).toBe(`tls-${i + 1}`);
        expect(Buffer.from(response.body).toString()).toBe('{"secure":true}');
      }
      expect(seen).toEqual(['POST / {"n":1}', 'POST / {"n":1}']);
      expect(server.connections).toBe(1);
    },
  );

  it('refuses an unsupported protocol with AwsJsonRpcConfigurationError', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{}')));
    const transport = createNodeHttpTransport();
    defer(() => transport.close!());
    for (const protocol of ['ftp:', 'http', 'HTTP:']) {
      const error = await rejection(
        transport.send({
          ...post(server.port),
          // What a JavaScript caller (no types) can pass.
          protocol: protocol as HttpRequest['protocol'],
        }),
      );
      expect(error).toBeInstanceOf(AwsJsonRpcConfigurationError);
      expect(error).toMatchObject({ option: 'protocol', value: protocol });
    }
    expect(server.connections).toBe(0);
  });
});
