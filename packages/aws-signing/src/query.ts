import { uriEncode } from './encoding.js';
import type { HttpRequestLike } from './http-request.js';

/**
 * Parses a raw query string (with or without the leading `?`) into the decoded record that
 * {@link HttpRequestLike} carries. Repeated keys become arrays in order; `a` and `a=` both give
 * `''`. `+` stays a plus sign (SigV4 clients encode spaces as `%20`); a malformed escape is kept
 * literally rather than rejected.
 */
export function parseQueryString(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw === '') return query;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    const previous = query[key];
    if (previous === undefined) query[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else query[key] = [previous, value];
  }
  return query;
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Serializes a query record in its own order, every key and value RFC 3986 encoded. */
export function formatQueryString(query: HttpRequestLike['query']): string {
  if (query === undefined) return '';
  let out = '';
  for (const key of Object.keys(query)) {
    const value = query[key];
    const encodedKey = uriEncode(key);
    if (typeof value === 'string')
      out += `${out === '' ? '' : '&'}${encodedKey}=${uriEncode(value)}`;
    else if (Array.isArray(value)) {
      for (const item of value) out += `${out === '' ? '' : '&'}${encodedKey}=${uriEncode(item)}`;
    }
  }
  return out;
}

/**
 * The URL of a request: `protocol//hostname[:port]path[?query]`, the path as given (raw, exactly
 * as sent) and the query encoded. The port is left out when it is the protocol's default.
 */
export function formatUrl(request: HttpRequestLike): string {
  const protocol = request.protocol ?? 'https:';
  const query = formatQueryString(request.query);
  return `${protocol}//${hostHeaderValue(request)}${request.path.startsWith('/') ? request.path : `/${request.path}`}${query === '' ? '' : `?${query}`}`;
}

/** The `Host` header a request to this hostname and port carries. */
export function hostHeaderValue(request: HttpRequestLike): string {
  const { port, hostname } = request;
  const host = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  if (port === undefined) return host;
  const protocol = request.protocol ?? 'https:';
  if ((protocol === 'https:' && port === 443) || (protocol === 'http:' && port === 80)) return host;
  return `${host}:${port}`;
}
