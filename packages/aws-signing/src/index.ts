export const PACKAGE = 'aws-signing';

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
