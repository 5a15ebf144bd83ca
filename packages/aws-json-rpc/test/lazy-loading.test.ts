// What importing and using the BUILT package loads, seen from fresh Node processes: node:http and
// node:https only once a request needs them; @integrations/aws-signing, node:crypto and
// @integrations/observability only once a call is made; and undici never, unless its own entry sends.
import { beforeAll, describe, expect, it } from 'vitest';
import { readBody, startHttpServer } from './support/http-server.js';
import {
  assertBuilt,
  emptyDirectory,
  resolveHooksUrl,
  runNodeChild,
} from './support/node-child.js';
import { useCleanups } from './support/transport-contract.js';

/**
 * The builtins watched; `NativeModule <name>` in `process.moduleLoadList` once loaded. Not `net`:
 * a child whose stdio are pipes has it before its first line runs.
 */
const WATCHED = ['http', 'https', '_http_client', 'tls', '_tls_wrap', 'crypto'] as const;

interface Snapshot {
  /** Watched builtins loaded so far. */
  builtins: string[];
  /** URLs of the modules resolved through the ES module loader so far that belong to undici. */
  undici: string[];
  /** The lazily imported packages resolved (and so imported) so far. */
  lazy: string[];
}

// Shared by the children: `snapshot()` says what is loaded now. The resolve hooks of
// test/support/resolve-hooks.mjs record every resolution (the package's own dynamic import() of
// undici included) in data.log before it returns.
const prelude = `
import { register } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
const data = JSON.parse(process.env.CHILD_DATA);
writeFileSync(data.log, '');
register(data.hooks, { data: { log: data.log } });
const WATCHED = new Set(${JSON.stringify(WATCHED.map((name) => `NativeModule ${name}`))});
const snapshot = () => ({
  builtins: process.moduleLoadList.filter((m) => WATCHED.has(m)).map((m) => m.slice(13)),
  undici: readFileSync(data.log, 'utf8').split('\\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter(({ specifier, url }) => specifier === 'undici' || /[\\\\/]undici[\\\\/]/.test(url))
    .map(({ url }) => url),
  lazy: ['@integrations/aws-signing', '@integrations/observability'].filter((name) =>
    readFileSync(data.log, 'utf8').includes(JSON.stringify(name))),
});
const request = (path) => ({
  method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: data.port, path,
  headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}',
});
const steps = { start: snapshot() };
`;

const mainEntry = `${prelude}
const rpc = await import('@integrations/aws-json-rpc');
steps.imported = snapshot();
const transport = rpc.createNodeHttpTransport();
const client = rpc.createAwsJsonRpcClient({
  targetPrefix: 'Logs_20140328',
  signingName: 'logs',
  endpoint: 'http://127.0.0.1:' + data.port,
  region: 'us-east-1',
  credentials: { getCredentials: async () => ({ accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' }) },
  resilience: false,
});
steps.created = snapshot();
steps.status = (await transport.send(request('/transport'))).statusCode;
steps.sentByTransport = snapshot();
steps.output = await client.call('DescribeLogGroups', {});
steps.calledByClient = snapshot();
await client.close();
await transport.close();
steps.closed = snapshot();
console.log(JSON.stringify(steps));
`;

const undiciEntry = `${prelude}
const { createUndiciTransport } = await import('@integrations/aws-json-rpc/undici');
steps.imported = snapshot();
const transport = createUndiciTransport();
steps.created = snapshot();
steps.status = (await transport.send(request('/undici'))).statusCode;
steps.sent = snapshot();
await transport.close();
console.log(JSON.stringify(steps));
`;

describe('loading of the built package, in fresh Node processes', () => {
  const { defer, track } = useCleanups();
  beforeAll(assertBuilt);

  async function runWithServer<T>(script: string): Promise<{ steps: T; paths: string[] }> {
    const paths: string[] = [];
    const server = track(
      await startHttpServer(async (req, res) => {
        await readBody(req);
        paths.push(req.url!);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end('{"logGroups":[]}');
      }),
    );
    const dir = emptyDirectory();
    defer(() => dir.remove());
    const steps = await runNodeChild<T>(script, {
      data: { hooks: resolveHooksUrl, log: `${dir.path}/resolved.jsonl`, port: server.port },
    });
    return { steps, paths };
  }

  it('loads node:http with the first http:// request, aws-signing, node:crypto and observability with the first call, and node:https, node:tls and undici never', async () => {
    const { steps, paths } = await runWithServer<Record<string, Snapshot> & { status: number }>(
      mainEntry,
    );
    const nothing: Snapshot = { builtins: [], undici: [], lazy: [] };
    // Importing the package and creating a transport and a client load no network module at all.
    expect(steps['start']).toEqual(nothing);
    expect(steps['imported']).toEqual(nothing);
    expect(steps['created']).toEqual(nothing);
    expect(steps['status']).toBe(200);
    expect(paths).toEqual(['/transport', '/']);
    // The first call imports observability and aws-signing, whose first signature loads node:crypto.
    expect(steps['sentByTransport']?.lazy).toEqual([]);
    expect(steps['calledByClient']?.lazy).toEqual([
      '@integrations/aws-signing',
      '@integrations/observability',
    ]);
    expect(steps['calledByClient']?.builtins).toContain('crypto');
    for (const step of ['sentByTransport', 'calledByClient', 'closed']) {
      expect(steps[step]?.builtins, step).toEqual(expect.arrayContaining(['http', '_http_client']));
      expect(steps[step]?.builtins, step).not.toContain('https');
      expect(steps[step]?.builtins, step).not.toContain('tls');
      expect(steps[step]?.builtins, step).not.toContain('_tls_wrap');
      expect(steps[step]?.undici, step).toEqual([]);
    }
  }, 60_000);

  it('loads undici with the first request of the ./undici entry, not on import (the check works)', async () => {
    const { steps, paths } = await runWithServer<Record<string, Snapshot> & { status: number }>(
      undiciEntry,
    );
    expect(steps['imported']?.undici).toEqual([]);
    expect(steps['created']?.undici).toEqual([]);
    expect(steps['created']?.builtins).toEqual([]);
    expect(steps['status']).toBe(200);
    expect(paths).toEqual(['/undici']);
    // The same check that finds no undici above finds it here.
    expect(steps['sent']?.undici).toEqual([expect.stringMatching(/\/node_modules\/undici\//)]);
  }, 60_000);

  it('gives require() the same module namespace as import(), for both entries', async () => {
    const report = await runNodeChild<Record<string, unknown>>(
      `
      const cjs = require('@integrations/aws-json-rpc');
      const cjsUndici = require('@integrations/aws-json-rpc/undici');
      Promise.all([
        import('@integrations/aws-json-rpc'),
        import('@integrations/aws-json-rpc/undici'),
      ]).then(([esm, esmUndici]) => {
        console.log(JSON.stringify({
          main: cjs === esm,
          undici: cjsUndici === esmUndici,
          namespace: Object.prototype.toString.call(cjs),
          sameErrorClass: cjs.AwsNetworkError === esm.AwsNetworkError,
          createNodeHttpTransport: typeof cjs.createNodeHttpTransport,
          createUndiciTransport: typeof cjsUndici.createUndiciTransport,
          mainPath: require.resolve('@integrations/aws-json-rpc'),
        }));
      });
      `,
      { inputType: 'commonjs' },
    );
    expect(report).toMatchObject({
      main: true,
      undici: true,
      namespace: '[object Module]',
      sameErrorClass: true,
      createNodeHttpTransport: 'function',
      createUndiciTransport: 'function',
      mainPath: expect.stringMatching(/[\\/]dist[\\/]index\.cjs$/),
    });
  }, 60_000);
});
