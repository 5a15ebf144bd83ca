import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** What an install brings with a package: npm 7+ and pnpm install its required peers too. */
function runtimeDependencies(pkg: Manifest): string[] {
  const required = Object.keys(pkg.peerDependencies ?? {}).filter(
    (peer) => pkg.peerDependenciesMeta?.[peer]?.optional !== true,
  );
  return [
    ...new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...required,
    ]),
  ];
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

/** The bytes of the regular files a .tgz holds, as they are once unpacked. */
export function unpackedTarballBytes(tgz: Buffer): number {
  const tar = gunzipSync(tgz);
  let total = 0;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, ''), 8) || 0;
    const type = String.fromCharCode(header[156]!);
    if (type === '0' || type === '\0') total += size;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return total;
}

/** What installing a workspace package unpacks: `pnpm pack` it and sum the tarball's files. */
function publishedBytes(dir: string): number {
  const out = mkdtempSync(join(tmpdir(), 'bench-pack-'));
  try {
    execFileSync('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', out], {
      cwd: dir,
      stdio: 'ignore',
    });
    const tgz = readdirSync(out).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`pnpm pack made no tarball for ${dir}`);
    return unpackedTarballBytes(readFileSync(join(out, tgz)));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
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
  /** Each package of the closure with its bytes, largest first. */
  parts: Array<{ name: string; bytes: number }>;
}

/**
 * The on-disk size of a package and everything it needs at run time (dependencies, optional
 * dependencies and required peers, recursively, each counted once), as an install would lay it
 * out; optional peers (undici of aws-json-rpc, @opentelemetry/api) are not installed, so not counted.
 * Workspace packages count what `pnpm pack` puts in their tarball; the others their directory
 * as installed (without nested node_modules, which are visited as dependencies).
 */
export function installedSize(name: string, fromDir: string, workspaceRoot: string): InstalledSize {
  const seen = new Set<string>();
  const parts: InstalledSize['parts'] = [];
  let bytes = 0;
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = manifest(dir);
    const inWorkspace = !dir.includes(`${sep}node_modules${sep}`) && dir.startsWith(workspaceRoot);
    const own = inWorkspace ? publishedBytes(dir) : treeBytes(dir);
    parts.push({ name: pkg.name, bytes: own });
    bytes += own;
    for (const dep of runtimeDependencies(pkg)) {
      const found = locate(dep, dir);
      if (found) visit(found);
    }
  };
  const root = locate(name, fromDir);
  if (!root) throw new Error(`${name} is not installed where ${fromDir} can see it`);
  visit(root);
  if (!statSync(root).isDirectory()) throw new Error(`${root} is not a directory`);
  parts.sort((a, b) => b.bytes - a.bytes);
  return { bytes, packages: seen.size, parts };
}
