// RFC 3986 percent-encoding as SigV4 uses it: every byte of the UTF-8 form is encoded except the
// unreserved characters A-Z a-z 0-9 - . _ ~, with upper-case hex digits.

const HEX: string[] = [];
for (let i = 0; i < 256; i += 1) HEX.push(`%${i.toString(16).toUpperCase().padStart(2, '0')}`);

const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9\-._~]/.test(ch)) UNRESERVED[c] = 1;
}
const SLASH = 0x2f;

function needsEncoding(value: string, keepSlash: boolean): number {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 128 && (UNRESERVED[c] === 1 || (keepSlash && c === SLASH))) continue;
    return i;
  }
  return -1;
}

function encodeFrom(value: string, start: number, keepSlash: boolean): string {
  let out = value.slice(0, start);
  // Lone surrogates become U+FFFD, as in every UTF-8 encoder of the platform.
  const bytes = Buffer.from(value.slice(start), 'utf8');
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i]!;
    out +=
      b < 128 && (UNRESERVED[b] === 1 || (keepSlash && b === SLASH))
        ? String.fromCharCode(b)
        : HEX[b]!;
  }
  return out;
}

/** Percent-encodes `value` the way SigV4 canonicalizes query keys and values (RFC 3986). */
export function uriEncode(value: string): string {
  const start = needsEncoding(value, false);
  return start === -1 ? value : encodeFrom(value, start, false);
}

/** Percent-encodes a path, leaving its `/` separators as they are. */
export function uriEncodePath(value: string): string {
  const start = needsEncoding(value, true);
  return start === -1 ? value : encodeFrom(value, start, true);
}
