import { hmacSha256 } from './hash.js';

/**
 * The SigV4 signing key of a secret for one day, region and service:
 * HMAC chain `AWS4<secret>` → date → region → service → `aws4_request`.
 */
export function deriveSigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Buffer {
  const dateKey = hmacSha256(`AWS4${secretAccessKey}`, shortDate);
  const regionKey = hmacSha256(dateKey, region);
  const serviceKey = hmacSha256(regionKey, service);
  return hmacSha256(serviceKey, 'aws4_request');
}

/**
 * A bounded least-recently-used cache of signing keys per (secret, date, region, service). A key
 * is valid for a whole UTC day, so a process signing for a handful of credentials and services
 * derives each key once a day instead of four HMACs per request. The keys are derived secrets:
 * never log them, and never mutate a returned buffer.
 */
export class SigningKeyCache {
  /** The most entries kept; the least recently used goes first. */
  readonly maxEntries: number;
  readonly #entries = new Map<string, Buffer>();
  // The entry used last, compared field by field so a hit allocates nothing.
  #lastSecret: string | undefined;
  #lastDate = '';
  #lastRegion = '';
  #lastService = '';
  #lastKey: Buffer | undefined;

  constructor(maxEntries = 50) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(
        `Invalid SigningKeyCache maxEntries: ${String(maxEntries)}. Expected an integer of at least 1.`,
      );
    }
    this.maxEntries = maxEntries;
  }

  /** How many keys are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** The signing key, derived on a miss (and then cached, evicting the least recently used). */
  get(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
    if (
      this.#lastKey !== undefined &&
      this.#lastSecret === secretAccessKey &&
      this.#lastDate === shortDate &&
      this.#lastRegion === region &&
      this.#lastService === service
    ) {
      return this.#lastKey;
    }
    const id = `${shortDate}\n${region}\n${service}\n${secretAccessKey}`;
    let key = this.#entries.get(id);
    if (key === undefined) {
      key = deriveSigningKey(secretAccessKey, shortDate, region, service);
      if (this.#entries.size >= this.maxEntries) {
        const oldest = this.#entries.keys().next();
        if (oldest.done !== true) this.#entries.delete(oldest.value);
      }
    } else {
      this.#entries.delete(id);
    }
    this.#entries.set(id, key);
    this.#lastSecret = secretAccessKey;
    this.#lastDate = shortDate;
    this.#lastRegion = region;
    this.#lastService = service;
    this.#lastKey = key;
    return key;
  }

  /** Forgets every key (for example after rotating credentials). */
  clear(): void {
    this.#entries.clear();
    this.#lastSecret = undefined;
    this.#lastKey = undefined;
  }
}

/** The cache every signing call uses unless given its own. */
export const defaultSigningKeyCache = new SigningKeyCache();
