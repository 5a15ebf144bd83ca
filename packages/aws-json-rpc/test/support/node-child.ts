// Fresh `node` processes that load the BUILT package (dist/, as `@integrations/aws-json-rpc`
// resolves for its own directory), for what only a new process can show: which modules importing
// and using it loads, and how it behaves when an optional dependency is missing.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const packageDir = fileURLToPath(new URL('../../', import.meta.url));

/** The URL of test/support/resolve-hooks.mjs, for `register()` in a child. */
export const resolveHooksUrl = new URL('./resolve-hooks.mjs', import.meta.url).href;

/** Throws unless dist/ exists and is newer than every file of src/. */
export function assertBuilt(): void {
  const dist = join(packageDir, 'dist');
  const entries = ['index.js', 'index.cjs', 'undici.js', 'undici.cjs'].map((f) => join(dist, f));
  const missing = entries.filter((entry) => !existsSync(entry));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing: build the package first (pnpm --filter @integrations/aws-json-rpc build).`,
    );
  }
  const built = Math.min(...entries.map((entry) => statSync(entry).mtimeMs));
  const src = join(packageDir, 'src');
  const newer = readdirSync(src).filter((file) => statSync(join(src, file)).mtimeMs > built);
  if (newer.length > 0) {
    throw new Error(
      `dist/ is older than src/${newer.join(', src/')}: rebuild (pnpm --filter @integrations/aws-json-rpc build).`,
    );
  }
}

export interface ChildOptions {
  /** `module` (the default) or `commonjs`. */
  inputType?: 'module' | 'commonjs';
  /** Given to the script as `JSON.parse(process.env.CHILD_DATA)`. */
  data?: unknown;
}

/**
 * Runs `script` with `node -e` in the package directory and returns what it printed last to
 * stdout, parsed as JSON. Asynchronous, so that servers of the test process can answer the child.
 */
export async function runNodeChild<T>(script: string, options: ChildOptions = {}): Promise<T> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHILD_DATA: JSON.stringify(options.data ?? null),
  };
  // The child must load nothing the test did not ask for: no preloads from the test runner.
  delete env['NODE_OPTIONS'];
  let stdout: string;
  try {
    ({ stdout } = await run(
      process.execPath,
      [`--input-type=${options.inputType ?? 'module'}`, '-e', script],
      { cwd: packageDir, env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
    ));
  } catch (error) {
    const { stdout: out, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the child failed: ${String(error)}\nstdout: ${out}\nstderr: ${stderr}`);
  }
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** A new empty directory (as a file: URL ending in `/`) and the function that removes it. */
export function emptyDirectory(): { url: string; path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'aws-json-rpc-child-'));
  return {
    path,
    url: pathToFileURL(`${path}/`).href,
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
