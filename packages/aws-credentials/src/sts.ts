import { type HttpRequestLike, signRequest } from '@integrations/aws-signing';
import { type AwsCredentials, Credentials } from './credentials.js';
import { CredentialsProviderError, invalidConfiguration } from './errors.js';
import { type FetchLike, httpCall, isUnreachable } from './http.js';
import type { Env } from './shared-config.js';

/** Where and how STS is called. Every field is optional. */
export interface StsOptions {
  /** Region whose regional endpoint is used; else `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, `us-east-1`. */
  region?: string;
  /** Full endpoint URL, e.g. `http://127.0.0.1:4566`; else `AWS_ENDPOINT_URL_STS`, else the regional endpoint. */
  stsEndpoint?: string;
  /** Per-request timeout. Default 10 s. */
  stsTimeoutMs?: number;
  fetch?: FetchLike;
  /** Current time in ms, for signing and default session names. Default `Date.now`. */
  now?: () => number;
}

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  externalId?: string | undefined;
  durationSeconds?: number | undefined;
  serialNumber?: string | undefined;
  tokenCode?: string | undefined;
}

export interface AssumeRoleWithWebIdentityParams {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  durationSeconds?: number | undefined;
  providerId?: string | undefined;
}

interface ResolvedSts {
  url: URL;
  region: string;
}

export function resolveSts(options: StsOptions, env: Env, profileRegion?: string): ResolvedSts {
  const region =
    options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profileRegion ?? 'us-east-1';
  const explicit = options.stsEndpoint ?? env.AWS_ENDPOINT_URL_STS;
  const text =
    explicit ??
    `https://sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw invalidConfiguration(
      'sts',
      `The STS endpoint is not a valid URL: ${JSON.stringify(text)}.`,
      error,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidConfiguration('sts', `The STS endpoint must be http(s): ${JSON.stringify(text)}.`);
  }
  return { url, region };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return XML_ENTITIES[entity] ?? '';
  });
}

/** The text of the first `<tag>` element (no nesting inside it), decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decodeXml(match[1].trim());
}

function form(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.append(key, String(value));
  }
  return search.toString();
}

async function callSts(
  action: 'AssumeRole' | 'AssumeRoleWithWebIdentity',
  body: string,
  roleArn: string,
  sts: ResolvedSts,
  options: StsOptions,
  signWith: AwsCredentials | undefined,
  signal: AbortSignal | undefined,
  source: string,
): Promise<Credentials> {
  const { url } = sts;
  const now = options.now ?? Date.now;
  const path = url.pathname === '' ? '/' : url.pathname;
  let headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    accept: 'text/xml',
  };
  if (signWith !== undefined) {
    const request: HttpRequestLike = {
      method: 'POST',
      protocol: url.protocol as 'https:' | 'http:',
      hostname: url.hostname,
      ...(url.port !== '' && { port: Number(url.port) }),
      path,
      headers: { ...headers, host: url.host },
      body,
    };
    const signed = signRequest(request, {
      service: 'sts',
      region: sts.region,
      credentials: {
        accessKeyId: signWith.accessKeyId,
        secretAccessKey: signWith.secretAccessKey,
        ...(signWith.sessionToken !== undefined && { sessionToken: signWith.sessionToken }),
      },
      date: new Date(now()),
    });
    headers = {};
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name.toLowerCase() === 'host') continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  const endpoint = `${url.protocol}//${url.host}${path}`;
  let response: Awaited<ReturnType<typeof httpCall>>;
  try {
    response = await httpCall(`${endpoint}${url.search}`, {
      method: 'POST',
      headers,
      body,
      signal,
      timeoutMs: options.stsTimeoutMs ?? 10_000,
      fetch: options.fetch,
    });
  } catch (error) {
    if (isUnreachable(error)) {
      throw new CredentialsProviderError(
        `STS ${action} for role ${roleArn} failed: ${(error as Error).message}. Check the network or the STS endpoint (${endpoint}).`,
        { code: 'CredentialsFetchFailed', source, cause: error },
      );
    }
    throw error;
  }
  const xml = response.text;
  if (response.status !== 200) {
    const code = xmlText(xml, 'Code');
    const message = xmlText(xml, 'Message');
    const requestId =
      xmlText(xml, 'RequestId') ?? response.headers.get('x-amzn-requestid') ?? undefined;
    throw new CredentialsProviderError(
      `STS ${action} for role ${roleArn} failed with HTTP ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${requestId ? ` (request id ${requestId})` : ''}.`,
      {
        code: 'CredentialsFetchFailed',
        source,
        statusCode: response.status,
        ...(code !== undefined && { serviceErrorCode: code }),
        ...(requestId !== undefined && { requestId }),
      },
    );
  }
  const credentialsXml = xmlText(xml, 'Credentials') ?? '';
  const accessKeyId = xmlText(credentialsXml, 'AccessKeyId');
  const secretAccessKey = xmlText(credentialsXml, 'SecretAccessKey');
  const sessionToken = xmlText(credentialsXml, 'SessionToken');
  const expirationText = xmlText(credentialsXml, 'Expiration');
  const expiration = expirationText === undefined ? undefined : new Date(expirationText);
  if (
    !accessKeyId ||
    !secretAccessKey ||
    !sessionToken ||
    expiration === undefined ||
    Number.isNaN(expiration.getTime())
  ) {
    throw new CredentialsProviderError(
      `STS ${action} for role ${roleArn} returned a response without complete Credentials.`,
      { code: 'InvalidCredentialsResponse', source },
    );
  }
  return new Credentials({ accessKeyId, secretAccessKey, sessionToken, expiration, source });
}

/** STS AssumeRole (Query protocol), signed with the source credentials. */
export function assumeRole(
  sourceCredentials: AwsCredentials,
  params: AssumeRoleParams,
  sts: ResolvedSts,
  options: StsOptions,
  signal: AbortSignal | undefined,
  source: string,
): Promise<Credentials> {
  const body = form({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: params.roleArn,
    RoleSessionName: params.roleSessionName,
    ExternalId: params.externalId,
    DurationSeconds: params.durationSeconds,
    SerialNumber: params.serialNumber,
    TokenCode: params.tokenCode,
  });
  return callSts(
    'AssumeRole',
    body,
    params.roleArn,
    sts,
    options,
    sourceCredentials,
    signal,
    source,
  );
}

/** STS AssumeRoleWithWebIdentity (Query protocol); unsigned, the token is the proof. */
export function assumeRoleWithWebIdentity(
  params: AssumeRoleWithWebIdentityParams,
  sts: ResolvedSts,
  options: StsOptions,
  signal: AbortSignal | undefined,
  source: string,
): Promise<Credentials> {
  const body = form({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: params.roleArn,
    RoleSessionName: params.roleSessionName,
    WebIdentityToken: params.webIdentityToken,
    DurationSeconds: params.durationSeconds,
    ProviderId: params.providerId,
  });
  return callSts(
    'AssumeRoleWithWebIdentity',
    body,
    params.roleArn,
    sts,
    options,
    undefined,
    signal,
    source,
  );
}
