import type { HttpRequestLike } from '@integrations/aws-signing';

/** A request ready for the wire: the signed shape of `@integrations/aws-signing`. */
export type HttpRequest = HttpRequestLike;

export interface HttpResponse {
  statusCode: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface SendOptions {
  signal?: AbortSignal;
}

/**
 * How a request reaches a service. `createNodeHttpTransport` (node:http) is the default,
 * `createUndiciTransport` of the `./undici` entry the alternative; the emulator's `transport()`
 * dispatches in-process; tests pass fakes.
 */
export interface HttpTransport {
  send(request: HttpRequest, options?: SendOptions): Promise<HttpResponse>;
  /** Releases sockets and pools; later sends fail. */
  close?(): Promise<void>;
}
