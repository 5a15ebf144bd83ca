// Node builtins that only some credential sources need, loaded on first use rather than when the
// package is imported: `node:child_process`, `node:fs/promises` and `node:os` together cost a few
// milliseconds of a CLI's or Lambda's cold start, and most processes resolve credentials from the
// environment or the container/instance endpoint without touching any of them. Every caller is
// already async, so the one extra await changes neither results nor errors. The module namespaces
// are cached here (Node caches them too, but this skips re-resolving the specifier per call).
import type * as ChildProcess from 'node:child_process';
import type * as FsPromises from 'node:fs/promises';
import type * as Os from 'node:os';

let fsPromises: Promise<typeof FsPromises> | undefined;
let os: Promise<typeof Os> | undefined;
let childProcess: Promise<typeof ChildProcess> | undefined;

/** `readFile(path, 'utf8')` of `node:fs/promises`, loading that module on first use. */
export async function readFile(path: string, encoding: 'utf8'): Promise<string> {
  fsPromises ??= import('node:fs/promises');
  return (await fsPromises).readFile(path, encoding);
}

/** `homedir()` of `node:os`, loading that module on first use. */
export async function homedir(): Promise<string> {
  os ??= import('node:os');
  return (await os).homedir();
}

/** `spawn` of `node:child_process`, loading that module on first use. */
export async function loadSpawn(): Promise<typeof ChildProcess.spawn> {
  childProcess ??= import('node:child_process');
  return (await childProcess).spawn;
}
