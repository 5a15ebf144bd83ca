// Proves the release flow versions packages independently: in a copy of the workspace's
// manifests, a changeset that names one package must bump that package and no other.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'integrations-changeset-'));
const manifests = ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json'];
for (const group of ['packages', 'tooling']) {
  for (const dir of readdirSync(join(root, group)))
    manifests.push(join(group, dir, 'package.json'));
}

try {
  for (const file of manifests) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    cpSync(join(root, file), join(work, file));
  }
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  const before = versions();
  const named = '@integrations/aws-signing';
  writeFileSync(join(work, '.changeset', 'check.md'), `---\n"${named}": patch\n---\n\nA fix.\n`);
  execFileSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = versions();
  const bumped = Object.keys(after).filter((name) => after[name] !== before[name]);
  if (bumped.length !== 1 || bumped[0] !== named) {
    throw new Error(`a changeset naming only ${named} bumped: ${bumped.join(', ') || 'nothing'}`);
  }
  console.log(`changeset-version: only ${named} bumped, ${before[named]} -> ${after[named]}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function versions() {
  const result = {};
  for (const file of manifests.filter((f) => f.endsWith('package.json') && f !== 'package.json')) {
    const manifest = JSON.parse(readFileSync(join(work, file), 'utf8'));
    result[manifest.name] = manifest.version;
  }
  return result;
}
