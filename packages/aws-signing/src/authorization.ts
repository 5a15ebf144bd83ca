import { describe, SigningError } from './errors.js';

/** The SigV4 algorithm identifier. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of a SigV4 `Authorization` header (or of the `X-Amz-*` query parameters). */
export interface ParsedAuthorization {
  /** Always `AWS4-HMAC-SHA256`. */
  algorithm: string;
  accessKeyId: string;
  /** `YYYYMMDD`, the date of the credential scope. */
  date: string;
  region: string;
  service: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  credentialScope: string;
  /** Lower-case header names in the order listed. */
  signedHeaders: string[];
  /** The hex signature. */
  signature: string;
}

/**
 * Parses an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.
 * Throws a {@link SigningError} (code `MalformedAuthorization`) that says what is missing or wrong.
 */
export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw malformed(
      `Unsupported authorization algorithm ${describe(algorithm)}; only ${ALGORITHM} (SigV4) is supported.`,
    );
  }
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const part of header.slice(space + 1).split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq === -1 ? item : item.slice(0, eq);
    const value = eq === -1 ? '' : item.slice(eq + 1);
    if (name === 'Credential') credential = value;
    else if (name === 'SignedHeaders') signedHeaders = value;
    else if (name === 'Signature') signature = value;
    else throw malformed(`Authorization header has an unknown part ${describe(name)}.`);
  }
  const missing: string[] = [];
  if (!credential) missing.push('Credential');
  if (!signedHeaders) missing.push('SignedHeaders');
  if (!signature) missing.push('Signature');
  if (missing.length > 0) {
    throw malformed(
      missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    );
  }
  return fromParts(credential!, signedHeaders!, signature!, 'Authorization header');
}

/** Builds the parsed form from the three parts, shared with the query-string form. */
export function fromParts(
  credential: string,
  signedHeaders: string,
  signature: string,
  where: string,
): ParsedAuthorization {
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((part) => part === '')) {
    throw malformed(
      `${where}: Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request, got ${describe(credential)}.`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = scope as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{8}$/.test(date)) {
    throw malformed(`${where}: the Credential date must be YYYYMMDD, got ${describe(date)}.`);
  }
  if (terminator !== 'aws4_request') {
    throw malformed(
      `${where}: Credential should be scoped with a valid terminator: 'aws4_request', not ${describe(terminator)}.`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw malformed(`${where}: Signature must be 64 lower-case hex digits.`);
  }
  const headers = signedHeaders.split(';');
  if (headers.some((name) => name === '' || name !== name.toLowerCase())) {
    throw malformed(
      `${where}: SignedHeaders must be lower-case header names separated by ';', got ${describe(signedHeaders)}.`,
    );
  }
  return {
    algorithm: ALGORITHM,
    accessKeyId,
    date,
    region,
    service,
    credentialScope: `${date}/${region}/${service}/aws4_request`,
    signedHeaders: headers,
    signature,
  };
}

function malformed(message: string): SigningError {
  return new SigningError('MalformedAuthorization', 'authorization', message);
}

/** The SigV4 string to sign: algorithm, date, credential scope and the canonical request's hash. */
export function createStringToSign(
  amzDate: string,
  credentialScope: string,
  canonicalRequestHash: string,
): string {
  return `${ALGORITHM}\n${amzDate}\n${credentialScope}\n${canonicalRequestHash}`;
}
