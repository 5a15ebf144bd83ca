// Proves each publishable package works once published: pack it as pnpm would publish it,
// install the tarballs into a fresh project outside the workspace, then require() and import()
// every entry point and compare what the two module systems see: the same exports, from the same
// instance.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const packagesDir = join(root, 'packages');
const self = JSON.parse(readFileSync(join(import.meta.dirname, 'package.json'), 'utf8'));
// Under `pnpm run`, npm_execpath is pnpm's own script: run it with this node, whatever PATH holds.
const execpath = process.env.npm_execpath ?? '';
const pnpm = execpath.includes('pnpm') ? [process.execPath, execpath] : ['pnpm'];

const packages = readdirSync(packagesDir)
  .map((dir) => ({
    dir: join(packagesDir, dir),
    manifest: readJson(join(packagesDir, dir, 'package.json')),
  }))
  .filter(({ manifest }) => manifest && !manifest.private);

const unlisted = packages.filter(({ manifest }) => !self.devDependencies?.[manifest.name]);
if (unlisted.length > 0) {
  fail(
    `add ${unlisted.map((p) => p.manifest.name).join(', ')} to tooling/release-check devDependencies so turbo builds them first`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'integrations-pack-install-'));
try {
  const tarballs = {};
  for (const { dir, manifest } of packages) {
    const out = run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', work], dir);
    const tarball = out
      .trim()
      .split('\n')
      .filter((line) => line.endsWith('.tgz'))
      .pop();
    if (!tarball) fail(`pnpm pack printed no tarball for ${manifest.name}:\n${out}`);
    tarballs[manifest.name] = `file:${resolve(work, tarball)}`;
  }
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      { name: 'pack-check-app', private: true, dependencies: tarballs, overrides: tarballs },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--omit=optional'], app);

  let checked = 0;
  for (const { manifest } of packages) {
    for (const subpath of Object.keys(manifest.exports ?? { '.': {} })) {
      if (subpath === './package.json') continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const viaRequire = keysOf(
        app,
        `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})).sort()))`,
        'commonjs',
      );
      const viaImport = keysOf(
        app,
        `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(specifier)})).filter((k) => k !== 'default' && k !== 'module.exports').sort()))`,
        'module',
      );
      if (viaRequire.length === 0) fail(`${specifier}: require() exposes no exports`);
      if (JSON.stringify(viaRequire) !== JSON.stringify(viaImport)) {
        fail(
          `${specifier}: require() and import() disagree\n  require: ${viaRequire}\n  import:  ${viaImport}`,
        );
      }
      // One instance for both module systems: a second copy would split correlation contexts,
      // shutdown hooks and instanceof checks between CommonJS and ESM callers of one process.
      const same = keysOf(
        app,
        `const { createRequire } = await import('node:module'); const spec = ${JSON.stringify(specifier)}; console.log(createRequire(process.cwd() + '/')(spec) === (await import(spec)))`,
        'module',
      );
      if (same !== true) fail(`${specifier}: require() and import() load two different instances`);
      checked += 1;
      console.log(`ok ${specifier}: ${viaRequire.length} exports through require() and import()`);
    }
  }
  console.log(
    `pack-install: ${checked} entry points of ${packages.length} packages install and load`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

function keysOf(cwd, code, type) {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return JSON.parse(run(process.execPath, args, cwd));
}

function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    fail(
      `${cmd} ${args.join(' ')} failed in ${cwd}\n${error.stdout ?? ''}${error.stderr ?? error.message}`,
    );
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function fail(message) {
  console.error(`pack-install: ${message}`);
  process.exit(1);
}
