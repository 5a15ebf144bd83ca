import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempHome } from './helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const built = join(packageDir, 'dist', 'index.js');

/**
 * Runs in a fresh Node process: imports the built package by name, creates the default chain,
 * resolves it from environment variables, then uses the sources that need each lazy builtin, and
 * prints which of the watched builtins `process.moduleLoadList` shows loaded after each step.
 */
const childScript = `
const watched = ['child_process', 'fs/promises', 'os'];
if (!Array.isArray(process.moduleLoadList)) throw new Error('process.moduleLoadList is gone');
const loaded = () => watched.filter((name) => process.moduleLoadList.includes('NativeModule ' + name));
const steps = { startup: loaded() };
const aws = await import('@integrations/aws-credentials');
steps.imported = loaded();
const provider = aws.defaultCredentialsProvider();
steps.defaultChainCreated = loaded();
const fromEnv = await provider.getCredentials();
if (fromEnv.accessKeyId !== 'AKIDENV') throw new Error('the default chain did not use the environment');
steps.defaultChainResolvedFromEnv = loaded();
const fromFile = await aws.fromIni().getCredentials();
if (fromFile.accessKeyId !== 'AKIDFILE') throw new Error('fromIni did not read the credentials file');
steps.sharedFileRead = loaded();
const withoutHome = { AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
await aws.fromIni({ env: withoutHome }).getCredentials();
steps.homedirResolved = loaded();
const fromProcess = await aws.fromProcess({ command: process.env.TEST_CREDENTIAL_PROCESS }).getCredentials();
if (fromProcess.accessKeyId !== 'AKIDPROC') throw new Error('fromProcess did not run the command');
steps.processRun = loaded();
process.stdout.write(JSON.stringify(steps));
`;

const credentialProcessSource = `process.stdout.write(${JSON.stringify(
  JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROC', SecretAccessKey: 'process-secret' }),
)});`;

describe('lazy Node builtins', () => {
  it('are not loaded by importing the package or by the default chain, only on first use', async () => {
    if (!existsSync(built)) {
      throw new Error(`${built} is missing: build the package first (pnpm build).`);
    }
    const home = await tempHome({
      '.aws/credentials':
        '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n',
      '.aws/config': '[default]\nregion = eu-west-1\n',
      'credential-process.cjs': credentialProcessSource,
    });
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      // Ambient settings that may load modules at startup or pick other credentials.
      if (name.startsWith('AWS_') || name.startsWith('NODE_') || name.startsWith('VITEST'))
        continue;
      env[name] = value;
    }
    Object.assign(env, {
      HOME: home,
      USERPROFILE: home,
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      TEST_CREDENTIAL_PROCESS: `"${process.execPath}" "${join(home, 'credential-process.cjs')}"`,
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', childScript],
      { cwd: packageDir, env, timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      startup: [],
      imported: [],
      defaultChainCreated: [],
      defaultChainResolvedFromEnv: [],
      // Positive controls: the same check sees each builtin once a source needs it.
      sharedFileRead: ['fs/promises'],
      homedirResolved: ['fs/promises', 'os'],
      processRun: ['child_process', 'fs/promises', 'os'],
    });
  });
});
