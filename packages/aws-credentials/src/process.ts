import { Credentials, type CredentialsProvider } from './credentials.js';
import { CredentialsProviderError, invalidConfiguration, notConfigured } from './errors.js';
import { loadSpawn } from './lazy-builtins.js';
import {
  type Env,
  loadSharedConfig,
  type SharedConfigFilesOptions,
  selectProfile,
} from './shared-config.js';

export interface FromProcessOptions extends SharedConfigFilesOptions {
  /** Profile whose `credential_process` to run; defaults to `AWS_PROFILE`, then `default`. */
  profile?: string;
  /** Run this command instead of reading `credential_process` from a profile. */
  command?: string;
  /** Kill the process and fail after this long. Default 60 s. */
  timeoutMs?: number;
  /** Where the process's stderr goes: to ours (default, as the AWS CLI does) or nowhere. */
  stderr?: 'inherit' | 'ignore';
  /** Current time in ms, to reject already-expired output. Default `Date.now`. */
  now?: () => number;
}

const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Runs `credential_process` and reads its Version 1 JSON output. */
export function fromProcess(options: FromProcessOptions = {}): CredentialsProvider {
  return {
    async getCredentials(callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      let command = options.command;
      let label = 'the command given to fromProcess()';
      if (command === undefined) {
        const { name } = selectProfile(options);
        const config = await loadSharedConfig(options);
        const profile = config.profiles[name];
        command = profile?.credential_process;
        if (!command) {
          throw notConfigured(
            'process',
            profile === undefined
              ? `Profile ${name} is not in ${config.configFile} or ${config.credentialsFile}.`
              : `Profile ${name} has no credential_process.`,
          );
        }
        label = `credential_process of profile ${name}`;
      }
      return runCredentialProcess(command, {
        label,
        env: options.env ?? process.env,
        signal,
        timeoutMs: options.timeoutMs ?? 60_000,
        stderr: options.stderr ?? 'inherit',
        now: options.now ?? Date.now,
      });
    },
  };
}

export interface RunCredentialProcessOptions {
  /** Names the process in errors, e.g. "credential_process of profile dev". */
  label: string;
  env: Env;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  stderr: 'inherit' | 'ignore';
  now: () => number;
}

export async function runCredentialProcess(
  command: string,
  options: RunCredentialProcessOptions,
): Promise<Credentials> {
  const stdout = await run(command, options);
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    // The parser's message quotes the output, which holds secrets: no cause.
    throw fetchError(
      'InvalidCredentialsResponse',
      `${options.label} did not print JSON. It must print {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...}.`,
    );
  }
  return validateProcessOutput(data, options);
}

function validateProcessOutput(data: unknown, options: RunCredentialProcessOptions): Credentials {
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (record.Version !== 1) {
    throw fetchError(
      'InvalidCredentialsResponse',
      `${options.label} printed Version ${JSON.stringify(record.Version)}; only Version 1 is supported.`,
    );
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = record;
  if (typeof AccessKeyId !== 'string' || AccessKeyId === '') {
    throw fetchError('InvalidCredentialsResponse', `${options.label} printed no AccessKeyId.`);
  }
  if (typeof SecretAccessKey !== 'string' || SecretAccessKey === '') {
    throw fetchError(
      'InvalidCredentialsResponse',
      `${options.label} printed no SecretAccessKey for access key ${AccessKeyId}.`,
    );
  }
  if (SessionToken !== undefined && SessionToken !== null && typeof SessionToken !== 'string') {
    throw fetchError(
      'InvalidCredentialsResponse',
      `${options.label} printed a non-string SessionToken.`,
    );
  }
  let expiration: Date | undefined;
  if (Expiration !== undefined && Expiration !== null) {
    expiration = typeof Expiration === 'string' ? new Date(Expiration) : new Date(Number.NaN);
    if (Number.isNaN(expiration.getTime())) {
      throw fetchError(
        'InvalidCredentialsResponse',
        `${options.label} printed an Expiration that is not an ISO 8601 date: ${JSON.stringify(Expiration)}.`,
      );
    }
    if (expiration.getTime() <= options.now()) {
      throw fetchError(
        'CredentialsExpired',
        `${options.label} printed credentials that expired at ${expiration.toISOString()}.`,
      );
    }
  }
  return new Credentials({
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof SessionToken === 'string' && SessionToken !== '' && { sessionToken: SessionToken }),
    ...(expiration !== undefined && { expiration }),
    source: 'process',
  });
}

function fetchError(
  code: 'InvalidCredentialsResponse' | 'CredentialsExpired' | 'CredentialsFetchFailed',
  message: string,
  cause?: unknown,
): CredentialsProviderError {
  return new CredentialsProviderError(message, { code, source: 'process', cause });
}

/** The program name only: arguments may carry secrets. */
function programName(command: string): string {
  const match = /^\s*(?:"([^"]+)"|'([^']+)'|(\S+))/.exec(command);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? '';
}

async function run(command: string, options: RunCredentialProcessOptions): Promise<string> {
  const { signal } = options;
  const posix = process.platform !== 'win32';
  const spawn = await loadSpawn();
  // An abort listener added after the signal fired never runs: check before starting anything.
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, {
        shell: true,
        env: options.env as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', options.stderr],
        windowsHide: true,
        // Its own process group, so a timeout or abort kills the shell and what it started.
        detached: posix,
      });
    } catch (error) {
      reject(invalidConfiguration('process', `${options.label} could not be started.`, error));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const kill = () => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
      child.stdout?.destroy();
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settle();
      kill();
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(
        fetchError(
          'CredentialsFetchFailed',
          `${options.label} (${programName(command)}) did not finish within ${options.timeoutMs} ms and was killed.`,
        ),
      );
    }, options.timeoutMs);
    timer.unref();
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        fail(fetchError('InvalidCredentialsResponse', `${options.label} printed more than 1 MiB.`));
        return;
      }
      chunks.push(chunk);
    });
    child.on('error', (error) => {
      fail(
        invalidConfiguration(
          'process',
          `${options.label} (${programName(command)}) could not be started: ${error.message}`,
          error,
        ),
      );
    });
    child.on('close', (code, killedBy) => {
      if (settled) return;
      settle();
      if (code !== 0) {
        reject(
          fetchError(
            'CredentialsFetchFailed',
            `${options.label} (${programName(command)}) failed: ${code === null ? `killed by ${killedBy}` : `exit code ${code}`}. Run it by hand to see why.`,
          ),
        );
      } else {
        resolve(Buffer.concat(chunks).toString('utf8').trim());
      }
    });
  });
}
