/** The request shape shared by signRequest, presignRequest and verifySignature. */
export interface HttpRequestLike {
  method: string;
  protocol?: 'https:' | 'http:';
  hostname: string;
  port?: number;
  /** The raw path, exactly as sent. */
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  body?: string | Uint8Array;
}

/**
 * The credentials signing needs. Declared structurally so this package depends on nothing:
 * `AwsCredentials` of `@integrations/aws-credentials` (or any object of this shape) fits.
 */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The value of header `name` (case-insensitive), or `undefined`. Repeated headers, given either
 * as an array or under keys differing only in case, are returned as an array.
 */
export function getHeader(
  headers: Record<string, string | string[]>,
  name: string,
): string | string[] | undefined {
  const wanted = name.toLowerCase();
  let found: string | string[] | undefined;
  for (const key of Object.keys(headers)) {
    if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    if (value === undefined) continue;
    if (found === undefined) found = value;
    else found = ([] as string[]).concat(found, value);
  }
  return found;
}
