import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  files?: string[];
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Bytes of every file under `path`, not following nested node_modules. */
function treeBytes(path: string): number {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (stat.isFile()) return stat.size;
  if (!stat.isDirectory()) return 0;
  let total = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    total += treeBytes(join(path, entry));
  }
  return total;
}

/**
 * What `npm install` unpacks for a workspace package: its `files`, plus package.json, README
 * and LICENSE, which npm always includes.
 */
function publishedBytes(dir: string, pkg: Manifest): number {
  let total = 0;
  for (const entry of readdirSync(dir)) {
    const always = /^(package\.json|readme(\..*)?|license(\..*)?)$/i.test(entry);
    if (always || (pkg.files ?? []).includes(entry)) total += treeBytes(join(dir, entry));
  }
  return total;
}

/** Finds `name` as Node would from `fromDir`: the nearest node_modules/<name> walking up. */
function locate(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

export interface InstalledSize {
  bytes: number;
  packages: number;
}

/**
 * The on-disk size of a package and everything it needs at run time (dependencies and
 * optional dependencies, recursively, each counted once), as an install would lay it out.
 * Workspace packages count only what they publish.
 */
export function installedSize(name: string, fromDir: string, workspaceRoot: string): InstalledSize {
  const seen = new Set<string>();
  let bytes = 0;
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = manifest(dir);
    const inWorkspace = !dir.includes(`${sep}node_modules${sep}`) && dir.startsWith(workspaceRoot);
    bytes += inWorkspace ? publishedBytes(dir, pkg) : treeBytes(dir);
    const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
    for (const dep of Object.keys(deps)) {
      const found = locate(dep, dir);
      if (found) visit(found);
    }
  };
  const root = locate(name, fromDir);
  if (!root) throw new Error(`${name} is not installed where ${fromDir} can see it`);
  visit(root);
  if (!statSync(root).isDirectory()) throw new Error(`${root} is not a directory`);
  return { bytes, packages: seen.size };
}
