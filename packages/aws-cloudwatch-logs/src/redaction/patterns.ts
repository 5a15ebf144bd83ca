/** One kind of sensitive text: where it is, and (optionally) a check that a match really is one. */
export interface RedactionPattern {
  name: string;
  /** Must have the global flag. */
  regex: RegExp;
  validate?: (match: string) => boolean;
}

/** The Luhn checksum card numbers carry; most other long digit runs fail it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function validSsn(match: string): boolean {
  const [area, group, serial] = match.split('-');
  return (
    area !== '000' &&
    area !== '666' &&
    !area!.startsWith('9') &&
    group !== '00' &&
    serial !== '0000'
  );
}

export const DEFAULT_PATTERNS: readonly RedactionPattern[] = Object.freeze([
  {
    name: 'email',
    regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  },
  {
    name: 'card',
    // 13 to 19 digits, optionally grouped by single spaces or dashes.
    regex: /\b\d(?:[ -]?\d){12,18}\b/g,
    validate: (match) => luhnValid(match.replace(/[ -]/g, '')),
  },
  {
    name: 'ssn',
    regex: /\b\d{3}-\d{2}-\d{4}\b/g,
    validate: validSsn,
  },
  {
    name: 'phone',
    // E.164 (+ and 8 to 15 digits) or North American (555) 123-4567 / 555-123-4567 / 555.123.4567.
    regex: /(?:\+[1-9]\d{7,14}\b|(?<![\d.-])(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}\b(?![.-]\d))/g,
  },
]);

/** Field names whose values are always secret, compared without case, `_` or `-`, also as suffixes. */
export const DEFAULT_FIELDS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'authorization',
  'creditcard',
]);
