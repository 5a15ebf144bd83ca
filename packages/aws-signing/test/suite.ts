// Reads the official AWS SigV4 test suite from the project's shared folder (never copied here)
// and converts its raw HTTP requests to and from HttpRequestLike.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpRequestLike } from '../src/index.js';

export const SUITE_DIR = path.resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/aws-signing-test-suite/v4',
);

export interface SuiteContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds: number;
  normalize: boolean;
  region: string;
  service: string;
  sign_body: boolean;
  timestamp: string;
  omit_session_token?: boolean;
}

export interface SuiteCase {
  name: string;
  context: SuiteContext;
  request: HttpRequestLike;
  file(name: string): string;
}

export function loadSuite(): SuiteCase[] {
  if (!existsSync(SUITE_DIR)) {
    throw new Error(
      `The AWS SigV4 test suite is missing at ${SUITE_DIR}. It lives in the shared folder beside the repository (shared/fixtures/aws-signing-test-suite/v4); check it out there.`,
    );
  }
  const names = readdirSync(SUITE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new Error(`The AWS SigV4 test suite at ${SUITE_DIR} has no cases.`);
  return names.map((name) => {
    const file = (f: string) => readFileSync(path.join(SUITE_DIR, name, f), 'utf8');
    return {
      name,
      context: JSON.parse(file('context.json')) as SuiteContext,
      request: parseHttpRequest(file('request.txt')),
      file,
    };
  });
}

// The query as the suite wrote it (some raw UTF-8, some percent-encoded), to write it back as is.
const rawQueries = new WeakMap<HttpRequestLike, string>();

/** Parses the suite's raw requests: request line, headers (folded lines kept), blank line, body. */
export function parseHttpRequest(text: string): HttpRequestLike {
  const lines = text.split('\n');
  const requestLine = lines.shift()!;
  const firstSpace = requestLine.indexOf(' ');
  const lastSpace = requestLine.lastIndexOf(' ');
  const method = requestLine.slice(0, firstSpace);
  const target = requestLine.slice(firstSpace + 1, lastSpace);
  const headers: Record<string, string | string[]> = {};
  let last: string | undefined;
  while (lines.length > 0) {
    const line = lines.shift()!;
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      const value = headers[last]!;
      if (Array.isArray(value)) value[value.length - 1] += `\n${line}`;
      else headers[last] = `${value}\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const previous = headers[name];
    headers[name] = previous === undefined ? value : ([] as string[]).concat(previous, value);
    last = name;
  }
  const body = lines.join('\n');
  const q = target.indexOf('?');
  const request: HttpRequestLike = {
    method,
    protocol: 'https:',
    hostname: String(headers['Host'] ?? ''),
    path: q === -1 ? target : target.slice(0, q),
    headers,
  };
  if (q !== -1) {
    request.query = decodeQuery(target.slice(q + 1));
    rawQueries.set(request, target.slice(q + 1));
  }
  if (body !== '') request.body = body;
  return request;
}

function decodeQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeURIComponent(part.slice(eq + 1));
    const previous = query[key];
    query[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
  }
  return query;
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Writes a request the way the suite's *-signed-request.txt files do. The parameters of
 * `original` are written as the suite wrote them, the ones signing added after them, encoded.
 */
export function serializeHttpRequest(request: HttpRequestLike, original?: HttpRequestLike): string {
  let target = request.path;
  const pairs: string[] = [];
  const raw = original === undefined ? undefined : rawQueries.get(original);
  if (raw !== undefined) pairs.push(raw);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (raw !== undefined && original?.query?.[key] !== undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value)
      pairs.push(`${encode(key)}=${encode(item)}`);
  }
  if (pairs.length > 0) target += `?${pairs.join('&')}`;
  let out = `${request.method} ${target} HTTP/1.1\n`;
  for (const [name, value] of Object.entries(request.headers)) {
    for (const item of typeof value === 'string' ? [value] : value) out += `${name}:${item}\n`;
  }
  out += '\n';
  if (request.body !== undefined)
    out +=
      typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
  return out;
}
