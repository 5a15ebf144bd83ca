import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(
  new URL('../../../packages/aws-cloudwatch-logs-emulator/dist/bin.js', import.meta.url),
);

/**
 * The emulator in a process of its own (its bin, SigV4 with the given key), so that the CPU and
 * memory a benchmark measures in its own process are the client's alone.
 */
export async function startEmulatorProcess(key: {
  accessKeyId: string;
  secretAccessKey: string;
}): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0'], {
    env: {
      ...process.env,
      CWLOGS_EMULATOR_ACCESS_KEY_ID: key.accessKeyId,
      CWLOGS_EMULATOR_SECRET_ACCESS_KEY: key.secretAccessKey,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /endpoint: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, endpoint };
}
