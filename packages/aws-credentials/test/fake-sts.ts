import { verifySignature } from '@integrations/aws-signing';
import { type RecordedRequest, type Reply, startServer, type TestServer } from './helpers.js';

export interface StsCall {
  params: Record<string, string>;
  /** The access key id that signed the call, or undefined for an unsigned call. */
  signedBy?: string;
  region?: string;
  sessionToken?: string;
  request: RecordedRequest;
}

export interface FakeSts extends TestServer {
  calls: StsCall[];
}

export interface FakeStsOptions {
  /** Known signing keys: access key id → secret (and issued ones are added automatically). */
  keys: Record<string, string>;
  /** Answer this instead of credentials (e.g. an XML error). */
  reply?: (call: StsCall) => Reply | undefined;
  expiration?: string;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function stsError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-123' },
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${xmlEscape(message)}</Message>
  </Error>
  <RequestId>req-123</RequestId>
</ErrorResponse>`,
  };
}

/**
 * A fake STS on loopback speaking the Query protocol: verifies SigV4 on AssumeRole with the
 * real verifier, issues credentials whose key id names the role (`ASIA-<role name>`), and
 * answers XML like STS.
 */
export async function startFakeSts(options: FakeStsOptions): Promise<FakeSts> {
  const calls: StsCall[] = [];
  let issued = 0;
  const server = await startServer(async (request) => {
    const params = Object.fromEntries(new URLSearchParams(request.body));
    const call: StsCall = { params, request };
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const [path, search = ''] = request.url.split('?');
      const host = String(request.headers.host);
      const result = await verifySignature(
        {
          method: request.method,
          protocol: 'http:',
          hostname: host.split(':')[0] ?? '',
          port: Number(host.split(':')[1]),
          path: path ?? '/',
          query: Object.fromEntries(new URLSearchParams(search)),
          headers: request.headers as Record<string, string | string[]>,
          body: request.body,
        },
        { lookupSecret: (id) => options.keys[id] },
      );
      if (!result.ok) {
        calls.push(call);
        return stsError(403, result.code, result.message);
      }
      call.signedBy = result.accessKeyId;
      call.region = result.region;
      const token = request.headers['x-amz-security-token'];
      if (typeof token === 'string') call.sessionToken = token;
    }
    calls.push(call);
    if (params.Action === 'AssumeRole' && call.signedBy === undefined) {
      return stsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    }
    if (params.Action === 'AssumeRoleWithWebIdentity' && authorization !== undefined) {
      return stsError(400, 'InvalidAction', 'AssumeRoleWithWebIdentity must not be signed');
    }
    const custom = options.reply?.(call);
    if (custom !== undefined) return custom;
    const role = (params.RoleArn ?? '').split('/').pop() ?? 'unknown';
    issued++;
    const accessKeyId = `ASIA${role.toUpperCase()}${issued}`;
    const secret = `sts-secret-${role}-${issued}`;
    const sessionToken = `sts-token-${role}-${issued}`;
    options.keys[accessKeyId] = secret;
    const result =
      params.Action === 'AssumeRole' ? 'AssumeRoleResult' : 'AssumeRoleWithWebIdentityResult';
    return {
      headers: { 'content-type': 'text/xml' },
      body: `<${params.Action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${result}>
    <AssumedRoleUser>
      <Arn>${xmlEscape(params.RoleArn ?? '')}/${xmlEscape(params.RoleSessionName ?? '')}</Arn>
      <AssumedRoleId>AROA:${xmlEscape(params.RoleSessionName ?? '')}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>${secret}</SecretAccessKey>
      <SessionToken>${sessionToken}</SessionToken>
      <Expiration>${options.expiration ?? '2099-01-01T00:00:00Z'}</Expiration>
    </Credentials>
  </${result}>
  <ResponseMetadata><RequestId>req-${issued}</RequestId></ResponseMetadata>
</${params.Action}Response>`,
    };
  });
  return Object.assign(server, { calls });
}
