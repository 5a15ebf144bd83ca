// What importing the BUILT package and creating a client load, seen from fresh Node processes
// against a real loopback server: the credential chain (@integrations/aws-credentials) only once a
// request needs credentials from it, never for a client given its own, and node:crypto only once
// a request is signed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

// Module customization hooks, run on Node's hooks thread: every resolved URL goes to a file
// before the import that asked for it goes on.
const hooks = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}`;

const prelude = `
import { register } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
const data = JSON.parse(process.env.CHILD_DATA);
writeFileSync(data.log, '');
register('data:text/javascript,' + encodeURIComponent(data.hooks), { data: { log: data.log } });
const snapshot = () => ({
  credentialsPackage: readFileSync(data.log, 'utf8').split('\\n').some((url) => /aws-credentials/.test(url)),
  crypto: process.moduleLoadList.includes('NativeModule crypto'),
});
const steps = {};
const cwl = await import('@integrations/aws-cloudwatch-logs');
steps.imported = snapshot();
`;

const ownCredentials = `${prelude}
const client = cwl.createCloudWatchLogsClient({
  region: 'us-east-1',
  endpoint: data.endpoint,
  credentials: { getCredentials: async () => ({ accessKeyId: 'AKIDOWN', secretAccessKey: 'secret' }) },
});
steps.created = snapshot();
steps.groups = (await client.groups.describe()).logGroups.length;
steps.called = snapshot();
await client.close();
console.log(JSON.stringify(steps));
`;

const defaultChain = `${prelude}
const client = cwl.createCloudWatchLogsClientFromEnv({ endpoint: data.endpoint });
steps.created = snapshot();
steps.groups = (await client.groups.describe()).logGroups.length;
steps.called = snapshot();
await client.close();
console.log(JSON.stringify(steps));
`;

interface Snapshot {
  credentialsPackage: boolean;
  crypto: boolean;
}
interface Steps {
  imported: Snapshot;
  created: Snapshot;
  called: Snapshot;
  groups: number;
}

describe('what the built package loads, in fresh Node processes', () => {
  let server: Server;
  let endpoint: string;
  const authorizations: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cwl-module-loading-'));

  beforeAll(async () => {
    if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
      throw new Error('dist/index.js is missing: build the package first (pnpm build).');
    }
    server = createServer((req, res) => {
      authorizations.push(String(req.headers.authorization));
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end('{"logGroups":[{"logGroupName":"/app/api"}]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function child(script: string, name: string, env: NodeJS.ProcessEnv): Promise<Steps> {
    const log = join(dir, `${name}.log`);
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], ...env };
    childEnv['CHILD_DATA'] = JSON.stringify({ hooks, log, endpoint });
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      env: childEnv,
      timeout: 30_000,
    });
    expect(readFileSync(log, 'utf8')).toMatch(/aws-cloudwatch-logs/);
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Steps;
  }

  it('never loads the credential chain for a client given its own credentials', async () => {
    const steps = await child(ownCredentials, 'own', {});
    expect(steps.groups).toBe(1);
    expect(steps.imported).toEqual({ credentialsPackage: false, crypto: false });
    expect(steps.created).toEqual({ credentialsPackage: false, crypto: false });
    expect(steps.called).toEqual({ credentialsPackage: false, crypto: true });
    expect(authorizations.at(-1)).toContain('Credential=AKIDOWN/');
  }, 60_000);

  it('loads the default chain with the first request, which it signs (the check works)', async () => {
    const steps = await child(defaultChain, 'chain', {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDFROMENV',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(steps.groups).toBe(1);
    expect(steps.imported).toEqual({ credentialsPackage: false, crypto: false });
    expect(steps.created).toEqual({ credentialsPackage: false, crypto: false });
    expect(steps.called).toEqual({ credentialsPackage: true, crypto: true });
    expect(authorizations.at(-1)).toContain('Credential=AKIDFROMENV/');
  }, 60_000);
});
