import { uriEncode, uriEncodePath } from './encoding.js';
import type { HttpRequestLike } from './http-request.js';

/**
 * Headers the AWS SDKs never sign, because proxies and HTTP clients add, drop or rewrite them on
 * the way; `proxy-*` and `sec-*` headers are left unsigned too.
 */
export const UNSIGNED_HEADERS: readonly string[] = [
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
];
const ALWAYS_UNSIGNED = new Set(UNSIGNED_HEADERS);

export function isUnsignedHeader(lowerName: string): boolean {
  return (
    ALWAYS_UNSIGNED.has(lowerName) || lowerName.startsWith('proxy-') || lowerName.startsWith('sec-')
  );
}

/** Options of the path canonicalization. */
export interface PathOptions {
  /**
   * Remove `.` and `..` segments and empty segments (`//`) from the path before signing, as every
   * service but S3 expects. Default `true`; S3 wants `false`.
   */
  normalizePath?: boolean;
  /**
   * Percent-encode the path (already encoded once on the wire) again in the canonical request,
   * as every service but S3 expects. Default `true`; S3 wants `false`.
   */
  doubleEncodePath?: boolean;
}

/** Removes empty, `.` and `..` segments, keeping a leading and a trailing slash. */
export function normalizePathSegments(path: string): string {
  if (!path.includes('//') && !path.includes('/.') && !path.startsWith('.')) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + segments.join('/') + trail;
}

/**
 * The canonical URI of a raw request path. A path is absolute on the wire, so one without a
 * leading `/` is taken as if it had one, as the AWS SDKs do.
 */
export function canonicalUri(path: string, options: PathOptions = {}): string {
  if (path === '' || path === '/') return '/';
  const absolute = path.charCodeAt(0) === 0x2f ? path : `/${path}`;
  let uri = options.normalizePath === false ? absolute : normalizePathSegments(absolute);
  if (options.doubleEncodePath !== false) uri = uriEncodePath(uri);
  return uri === '' ? '/' : uri;
}

/**
 * The canonical query string: keys and values percent-encoded, sorted by key then value, repeated
 * keys kept, empty values kept as `key=`. `X-Amz-Signature` is never part of it.
 */
export function canonicalQuery(query: HttpRequestLike['query'], exclude?: string): string {
  if (query === undefined) return '';
  const keys = Object.keys(query);
  if (keys.length === 0) return '';
  const pairs: Array<[string, string]> = [];
  for (const key of keys) {
    if (key === exclude) continue;
    if (key.length === 15 && key.toLowerCase() === 'x-amz-signature') continue;
    const value = query[key];
    if (typeof value === 'string') pairs.push([uriEncode(key), uriEncode(value)]);
    else if (Array.isArray(value)) {
      const encodedKey = uriEncode(key);
      for (const item of value)
        if (typeof item === 'string') pairs.push([encodedKey, uriEncode(item)]);
    }
  }
  if (pairs.length === 0) return '';
  if (pairs.length === 1) return `${pairs[0]![0]}=${pairs[0]![1]}`;
  pairs.sort(comparePairs);
  let out = '';
  for (let i = 0; i < pairs.length; i += 1) {
    const [key, value] = pairs[i]!;
    out += i === 0 ? `${key}=${value}` : `&${key}=${value}`;
  }
  return out;
}

function comparePairs(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/**
 * A header value as SigV4 canonicalizes it: line breaks become spaces, runs of spaces and tabs
 * collapse into one space, and leading and trailing spaces go.
 */
export function canonicalHeaderValue(value: string): string {
  let previousSpace = true;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return collapse(value);
      previousSpace = true;
    } else if (c === 9 || c === 10 || c === 13) {
      return collapse(value);
    } else previousSpace = false;
  }
  return previousSpace && value.length > 0 ? collapse(value) : value;
}

function collapse(value: string): string {
  const collapsed = value.replace(/[ \t\r\n]+/g, ' ');
  const start = collapsed.startsWith(' ') ? 1 : 0;
  const end =
    collapsed.length > start && collapsed.endsWith(' ') ? collapsed.length - 1 : collapsed.length;
  return collapsed.slice(start, end);
}

function canonicalValueOf(value: string | string[]): string {
  if (typeof value === 'string') return canonicalHeaderValue(value);
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    out += i === 0 ? canonicalHeaderValue(value[i]!) : `,${canonicalHeaderValue(value[i]!)}`;
  }
  return out;
}

/** The canonical headers block (each `name:value\n`) and the `;`-separated signed header list. */
export interface CanonicalHeaders {
  canonical: string;
  signedHeaders: string;
}

/**
 * Canonicalizes every header that `skip` does not exclude (given the lower-case name): names
 * lower-cased and sorted, repeated headers (arrays, or keys differing only in case) joined with
 * commas in the order given.
 */
export function canonicalizeAllHeaders(
  headers: HttpRequestLike['headers'],
  skip: (lowerName: string) => boolean,
): CanonicalHeaders {
  const names: string[] = [];
  const values: string[] = [];
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value === undefined || value === null) continue;
    const name = key.toLowerCase();
    if (skip(name)) continue;
    const canonical = canonicalValueOf(value);
    // Insertion sort: few headers, stable, no extra allocation.
    let i = names.length;
    while (i > 0 && names[i - 1]! > name) i -= 1;
    if (i > 0 && names[i - 1] === name) {
      values[i - 1] = `${values[i - 1]},${canonical}`;
      continue;
    }
    names.splice(i, 0, name);
    values.splice(i, 0, canonical);
  }
  let canonical = '';
  let signedHeaders = '';
  for (let i = 0; i < names.length; i += 1) {
    canonical += `${names[i]}:${values[i]}\n`;
    signedHeaders += i === 0 ? names[i] : `;${names[i]}`;
  }
  return { canonical, signedHeaders };
}

/** Canonicalizes exactly the headers named in `signedHeaders` (lower-case), in that order. */
export function canonicalizeListedHeaders(
  headers: HttpRequestLike['headers'],
  signedHeaders: readonly string[],
): string {
  const byName = new Map<string, string>();
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value === undefined || value === null) continue;
    const name = key.toLowerCase();
    const canonical = canonicalValueOf(value);
    const previous = byName.get(name);
    byName.set(name, previous === undefined ? canonical : `${previous},${canonical}`);
  }
  let canonical = '';
  for (const name of signedHeaders) canonical += `${name}:${byName.get(name) ?? ''}\n`;
  return canonical;
}

/** Options of {@link createCanonicalRequest}. */
export interface CanonicalRequestOptions extends PathOptions {
  /** The lower-case names of the signed headers, as in the Authorization header. */
  signedHeaders: readonly string[];
  /** The hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
}

/**
 * The SigV4 canonical request of `request`, given the headers it signs: method, canonical URI,
 * canonical query, canonical headers, signed header list and payload hash, one per line.
 */
export function createCanonicalRequest(
  request: HttpRequestLike,
  options: CanonicalRequestOptions,
): string {
  return (
    `${request.method}\n${canonicalUri(request.path, options)}\n${canonicalQuery(request.query)}\n` +
    `${canonicalizeListedHeaders(request.headers, options.signedHeaders)}\n` +
    `${options.signedHeaders.join(';')}\n${options.payloadHash}`
  );
}
