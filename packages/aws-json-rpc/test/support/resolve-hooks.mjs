// Module customization hooks (`register` of node:module) for the child processes that
// test/support/node-child.ts starts. They run on Node's hooks thread, so what they record goes to
// a file, appended before each resolution returns and so before the import that asked for it ends.
//   data.log      a file that receives one JSON line { specifier, url } per resolution
//   data.hide     bare specifiers to resolve as if not installed: from data.emptyDir, which has no
//                 node_modules, so that Node itself throws its own ERR_MODULE_NOT_FOUND
import { appendFileSync } from 'node:fs';

let log;
let hide = [];
let emptyDir;

export function initialize(data = {}) {
  log = data.log;
  hide = data.hide ?? [];
  emptyDir = data.emptyDir;
}

export async function resolve(specifier, context, nextResolve) {
  const result = hide.includes(specifier)
    ? await nextResolve(specifier, {
        ...context,
        parentURL: new URL('importer.mjs', emptyDir).href,
      })
    : await nextResolve(specifier, context);
  if (log !== undefined) appendFileSync(log, `${JSON.stringify({ specifier, url: result.url })}\n`);
  return result;
}
