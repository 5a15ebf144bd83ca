import { invalidNextToken } from './errors.js';

/**
 * Pagination tokens are opaque to callers; inside they carry the position to resume from and
 * the operation they belong to, so a token from another listing is refused, not misread.
 */
export function encodeToken(kind: string, position: unknown): string {
  return Buffer.from(JSON.stringify([kind, position]), 'utf8').toString('base64url');
}

export function decodeToken(kind: string, token: string): unknown {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidNextToken();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== kind)
    throw invalidNextToken();
  return decoded[1];
}

/** Reads a token whose position is a list of strings and numbers of the given shape. */
export function decodeTuple(kind: string, token: string, shape: string): Array<string | number> {
  const position = decodeToken(kind, token);
  if (!Array.isArray(position) || position.length !== shape.length) throw invalidNextToken();
  for (let i = 0; i < shape.length; i += 1) {
    const want = shape[i] === 's' ? 'string' : 'number';
    if (typeof position[i] !== want) throw invalidNextToken();
  }
  return position as Array<string | number>;
}
