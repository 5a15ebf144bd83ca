#!/usr/bin/env node
// Creates packages/<name> with the layout every publishable package shares:
// node scripts/new-package.mjs <name> "<description>" [subpath ...]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIT = readFileSync(new URL('../LICENSE', import.meta.url), 'utf8')
  .split('\n\n')
  .slice(2)
  .join('\n\n');
const [name, description, ...subpaths] = process.argv.slice(2);
if (!name || !description) {
  console.error('usage: node scripts/new-package.mjs <name> "<description>" [subpath ...]');
  process.exit(2);
}
const dir = join('packages', name);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(1);
}

const entryFor = (sub) => (sub === '.' ? 'index' : sub.replace(/^\.\//, ''));
const exportsField = { './package.json': './package.json' };
for (const sub of ['.', ...subpaths]) {
  const file = entryFor(sub);
  exportsField[sub] = {
    import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
    require: { types: `./dist/${file}.d.cts`, default: `./dist/${file}.cjs` },
  };
}

const pkg = {
  name: `@integrations/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  engines: { node: '^20.19.0 || >=22.12.0' },
  exports: exportsField,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  files: ['dist'],
  publishConfig: { access: 'public' },
  scripts: {
    build: 'tsup && node ../../scripts/cjs-entries.mjs',
    typecheck: 'tsc',
    lint: 'biome ci .',
    test: 'vitest run',
    'check:package': 'publint --strict && attw --pack . --profile node16',
  },
  tsup: {
    entry: ['.', ...subpaths].map((sub) => `src/${entryFor(sub)}.ts`),
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'node20',
  },
};

mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'test'), { recursive: true });
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, 'tsconfig.json'),
  `${JSON.stringify({ extends: '@integrations/tsconfig/base.json', include: ['src', 'test'] }, null, 2)}\n`,
);
writeFileSync(join(dir, 'README.md'), `# @integrations/${name}\n\n${description}\n`);
writeFileSync(
  join(dir, 'LICENSE'),
  `MIT License\n\nCopyright (c) 2026 The integrations contributors\n\n${MIT}`,
);
console.log(`created ${dir}`);
