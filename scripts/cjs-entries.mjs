#!/usr/bin/env node
// Run by each package's build after tsup (which builds ES modules only): writes the CommonJS
// entry of every export that has a `require` condition as a file that require()s the ES module
// (Node >= 20.19 and >= 22.12 load ES modules through require()). CommonJS and ESM callers then
// share one instance of the package (one AsyncLocalStorage, one set of shutdown hooks, errors
// that pass instanceof in both) and the package ships its code once instead of twice.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

function relativeSpecifier(from, to) {
  const path = relative(dirname(from), to).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

let written = 0;
for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
  if (typeof conditions !== 'object' || conditions.require === undefined) continue;
  const esm = conditions.import;
  const cjs = conditions.require;
  if (!esm?.default || !esm.types || !cjs.default || !cjs.types) {
    throw new Error(`exports[${subpath}] needs import and require, each with types and default`);
  }
  const js = relativeSpecifier(cjs.default, esm.default);
  writeFileSync(cjs.default, `'use strict';\nmodule.exports = require('${js}');\n`);
  // TypeScript's `module: node16` reports TS1479 for any CommonJS file that reaches an ES module,
  // though Node 20.19+ loads it; the types themselves resolve, so the report is silenced here.
  writeFileSync(
    cjs.types,
    `// @ts-ignore TS1479: Node >= 20.19 and >= 22.12 require() the ES module re-exported here.\nexport * from '${js}';\n`,
  );
  written += 1;
}
if (written === 0) throw new Error('no export of package.json has a require condition');
