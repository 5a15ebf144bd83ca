import type { CredentialsProvider } from './credentials.js';
import { CredentialsProviderError, invalidConfiguration, notConfigured } from './errors.js';
import { type FetchLike, HttpNetworkError, HttpTimeoutError, httpCall } from './http.js';
import { readFile } from './lazy-builtins.js';
import { describeErrorBody, parseRemoteCredentials } from './remote-response.js';
import type { Env } from './shared-config.js';

export interface FromContainerOptions {
  /** Defaults to `process.env`, read on every call. */
  env?: Env;
  /** Per-attempt timeout. Default 1000 ms. */
  timeoutMs?: number;
  /** Extra attempts after a network error, timeout or 5xx. Default 3. */
  maxRetries?: number;
  /** Base for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`. Default `http://169.254.170.2`. */
  relativeUriBase?: string;
  fetch?: FetchLike;
}

const ECS_HOST = '169.254.170.2';
const EKS_HOST_IPV4 = '169.254.170.23';
const EKS_HOST_IPV6 = '[fd00:ec2::23]';

/**
 * Whether the container provider may send its authorization token to this URL: any HTTPS URL,
 * or plain HTTP to loopback (127.0.0.0/8, [::1], localhost), the ECS host 169.254.170.2, or the
 * EKS Pod Identity hosts 169.254.170.23 and [fd00:ec2::23].
 */
export function isAllowedContainerUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const host = url.hostname;
  if (host === ECS_HOST || host === EKS_HOST_IPV4 || host === EKS_HOST_IPV6) return true;
  if (host === 'localhost' || host === '[::1]') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/**
 * The ECS task role / EKS Pod Identity endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
 * (against http://169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with an
 * `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on every call)
 * or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
 */
export function fromContainer(options: FromContainerOptions = {}): CredentialsProvider {
  return {
    async getCredentials(callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const env = options.env ?? process.env;
      const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
      const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
      let url: URL;
      if (relative) {
        const base = options.relativeUriBase ?? `http://${ECS_HOST}`;
        try {
          url = new URL(`${base}${relative.startsWith('/') ? '' : '/'}${relative}`);
        } catch (error) {
          throw invalidConfiguration(
            'container',
            `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid relative URI: ${JSON.stringify(relative)}.`,
            error,
          );
        }
      } else if (full) {
        try {
          url = new URL(full);
        } catch (error) {
          throw invalidConfiguration(
            'container',
            `AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL: ${JSON.stringify(full)}.`,
            error,
          );
        }
        if (!isAllowedContainerUrl(url)) {
          throw new CredentialsProviderError(
            `AWS_CONTAINER_CREDENTIALS_FULL_URI host ${url.host} is not allowed: use HTTPS, or HTTP to loopback (127.0.0.0/8, [::1], localhost), the ECS host 169.254.170.2, or the EKS hosts 169.254.170.23 / [fd00:ec2::23].`,
            { code: 'HostNotAllowed', source: 'container' },
          );
        }
      } else {
        throw notConfigured(
          'container',
          'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set.',
        );
      }

      const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
      let authorization = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
      if (tokenFile) {
        try {
          authorization = (await readFile(tokenFile, 'utf8')).trim();
        } catch (error) {
          throw invalidConfiguration(
            'container',
            `Cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${tokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
            error,
          );
        }
      }
      if (authorization !== undefined && /[\r\n]/.test(authorization)) {
        throw invalidConfiguration(
          'container',
          'The container authorization token contains a line break; it must be a single line.',
        );
      }

      const endpoint = `${url.protocol}//${url.host}${url.pathname}`;
      const timeoutMs = options.timeoutMs ?? 1000;
      const maxRetries = options.maxRetries ?? 3;
      let lastError: unknown;
      for (let attempt = 0; attempt <= maxRetries; attempt++) {
        let response: Awaited<ReturnType<typeof httpCall>>;
        try {
          response = await httpCall(url.href, {
            headers: {
              accept: 'application/json',
              ...(authorization ? { authorization } : {}),
            },
            signal,
            timeoutMs,
            fetch: options.fetch,
          });
        } catch (error) {
          if (error instanceof HttpTimeoutError || error instanceof HttpNetworkError) {
            lastError = new CredentialsProviderError(
              `Container credentials endpoint ${endpoint} failed: ${error.message}.`,
              { code: 'CredentialsFetchFailed', source: 'container', cause: error },
            );
            continue;
          }
          throw error;
        }
        if (response.status === 200) {
          return parseRemoteCredentials(
            response.text,
            'container',
            `Container credentials endpoint ${endpoint}`,
          );
        }
        const body = describeErrorBody(response.text);
        lastError = new CredentialsProviderError(
          `Container credentials endpoint ${endpoint} answered HTTP ${response.status}${body.code ? ` ${body.code}` : ''}${body.message ? `: ${body.message}` : ''}.`,
          {
            code: 'CredentialsFetchFailed',
            source: 'container',
            statusCode: response.status,
            ...(body.code !== undefined && { serviceErrorCode: body.code }),
          },
        );
        if (response.status < 500) break;
      }
      throw lastError;
    },
  };
}
