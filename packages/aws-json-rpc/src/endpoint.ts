import { AwsJsonRpcConfigurationError } from './errors.js';

/** An AWS partition: a group of regions sharing DNS suffixes and capabilities. */
export interface AwsPartition {
  id: string;
  regionRegex: RegExp;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
  supportsFips: boolean;
  supportsDualStack: boolean;
}

/** The partitions of the AWS SDKs' `partitions.json`; `aws` is the fallback for unknown regions. */
export const AWS_PARTITIONS: readonly AwsPartition[] = Object.freeze([
  partition('aws', /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, 'amazonaws.com', 'api.aws', true),
  partition('aws-cn', /^cn-\w+-\d+$/, 'amazonaws.com.cn', 'api.amazonwebservices.com.cn', true),
  partition('aws-us-gov', /^us-gov-\w+-\d+$/, 'amazonaws.com', 'api.aws', true),
  partition('aws-iso', /^us-iso-\w+-\d+$/, 'c2s.ic.gov', 'c2s.ic.gov', false),
  partition('aws-iso-b', /^us-isob-\w+-\d+$/, 'sc2s.sgov.gov', 'sc2s.sgov.gov', false),
  partition('aws-iso-e', /^eu-isoe-\w+-\d+$/, 'cloud.adc-e.uk', 'cloud.adc-e.uk', false),
  partition('aws-iso-f', /^us-isof-\w+-\d+$/, 'csp.hci.ic.gov', 'csp.hci.ic.gov', false),
  partition('aws-eusc', /^eusc-(de)-\w+-\d+$/, 'amazonaws.eu', 'amazonaws.eu', false),
]);

function partition(
  id: string,
  regionRegex: RegExp,
  dnsSuffix: string,
  dualStackDnsSuffix: string,
  supportsDualStack: boolean,
): AwsPartition {
  return Object.freeze({
    id,
    regionRegex,
    dnsSuffix,
    dualStackDnsSuffix,
    supportsFips: true,
    supportsDualStack,
  });
}

const GLOBAL_REGIONS: Record<string, string> = {
  'aws-global': 'aws',
  'aws-cn-global': 'aws-cn',
  'aws-us-gov-global': 'aws-us-gov',
  'aws-iso-global': 'aws-iso',
  'aws-iso-b-global': 'aws-iso-b',
  'aws-iso-e-global': 'aws-iso-e',
  'aws-iso-f-global': 'aws-iso-f',
};

/** The partition a region belongs to; unknown regions fall in `aws`, as in the AWS SDKs. */
export function partitionOf(region: string): AwsPartition {
  const byGlobal = GLOBAL_REGIONS[region];
  for (const p of AWS_PARTITIONS) {
    if (p.id === byGlobal || p.regionRegex.test(region)) return p;
  }
  return AWS_PARTITIONS[0]!;
}

/**
 * Endpoints that differ from the partition templates, from the services' endpoint rule sets:
 * service → region → FIPS (without dual-stack) host.
 */
const FIPS_HOST_OVERRIDES: Record<string, Record<string, string>> = {
  logs: {
    'us-gov-east-1': 'logs.us-gov-east-1.amazonaws.com',
    'us-gov-west-1': 'logs.us-gov-west-1.amazonaws.com',
  },
};

export interface ResolveEndpointOptions {
  /** The endpoint prefix, e.g. `logs`. */
  service: string;
  /**
   * The service id of `AWS_ENDPOINT_URL_<SERVICE>`, e.g. `CLOUDWATCH_LOGS`. Default: `service`
   * upper-cased with every other character than letters and digits turned into `_`.
   */
  envServiceId?: string;
  region: string;
  /** An explicit endpoint; wins over the environment and the region. */
  endpoint?: string | URL;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** Allow `http://` to hosts other than loopback. Traffic and signatures then travel in clear. */
  allowInsecureHttp?: boolean;
  /** The environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SERVICE = /^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$/;

/**
 * The URL to send a service's requests to. In order: the `endpoint` option,
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL` (both ignored when
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), then the region's standard endpoint in its
 * partition, with the FIPS and dual-stack variants. Pseudo-regions such as `fips-us-east-1`
 * and `us-east-1-fips` select FIPS.
 */
export function resolveEndpoint(options: ResolveEndpointOptions): URL {
  const env = options.env ?? process.env;
  if (options.endpoint !== undefined) {
    return custom('endpoint', options.endpoint, options);
  }
  if (!SERVICE.test(options.service ?? '')) {
    throw new AwsJsonRpcConfigurationError(
      'service',
      options.service,
      'expected an endpoint prefix such as "logs" (lower-case letters, digits, "-" and ".")',
    );
  }
  if (!isTrue(env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'])) {
    const id = options.envServiceId ?? options.service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    for (const name of [`AWS_ENDPOINT_URL_${id}`, 'AWS_ENDPOINT_URL']) {
      const value = env[name];
      if (value !== undefined && value.trim() !== '') {
        return custom(name, value.trim(), options);
      }
    }
  }
  let region = options.region;
  if (typeof region !== 'string' || region === '') {
    throw new AwsJsonRpcConfigurationError(
      'region',
      region,
      'a region is required to find the endpoint; set it (e.g. "us-east-1") or AWS_REGION, or give an endpoint',
    );
  }
  let fips = options.useFipsEndpoint === true;
  if (region.startsWith('fips-') || region.endsWith('-fips')) {
    fips = true;
    region = region.replace(/^fips-|-fips$/g, '');
  }
  if (!REGION.test(region)) {
    throw new AwsJsonRpcConfigurationError(
      'region',
      options.region,
      'not a valid region name; expected lower-case letters, digits and "-", e.g. "us-east-1"',
    );
  }
  const dualStack = options.useDualstackEndpoint === true;
  const p = partitionOf(region);
  if (dualStack && !p.supportsDualStack) {
    throw new AwsJsonRpcConfigurationError(
      'useDualstackEndpoint',
      true,
      `the ${p.id} partition of region ${region} has no dual-stack endpoints; turn the option off`,
    );
  }
  const service = options.service;
  let host: string;
  const override = fips && !dualStack ? FIPS_HOST_OVERRIDES[service]?.[region] : undefined;
  if (override !== undefined) host = override;
  else {
    const prefix = fips ? `${service}-fips` : service;
    host = `${prefix}.${region}.${dualStack ? p.dualStackDnsSuffix : p.dnsSuffix}`;
  }
  return new URL(`https://${host}/`);
}

function custom(option: string, value: string | URL, options: ResolveEndpointOptions): URL {
  const url = checkUrl(option, value, options.allowInsecureHttp === true);
  if (options.useFipsEndpoint === true || options.useDualstackEndpoint === true) {
    throw new AwsJsonRpcConfigurationError(
      option,
      url.href,
      'a custom endpoint cannot be combined with useFipsEndpoint or useDualstackEndpoint; give the FIPS or dual-stack URL itself as the endpoint',
    );
  }
  return url;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

/** Whether a URL hostname is a loopback address, where plain HTTP never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parses and checks an endpoint URL: http(s), no credentials, no query, http only to loopback. */
export function checkUrl(option: string, value: string | URL, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = value instanceof URL ? new URL(value.href) : new URL(value);
  } catch {
    throw new AwsJsonRpcConfigurationError(
      option,
      redactUserInfo(String(value)),
      'not an absolute URL; expected e.g. "https://logs.us-east-1.amazonaws.com" or "http://127.0.0.1:4566"',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AwsJsonRpcConfigurationError(
      option,
      redactUserInfo(url.href),
      'endpoints must not carry a user name or password; AWS requests are authenticated by their signature',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AwsJsonRpcConfigurationError(option, url.href, 'only https: and http: are supported');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new AwsJsonRpcConfigurationError(
      option,
      url.href,
      'an endpoint must not have a query string or a fragment',
    );
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new AwsJsonRpcConfigurationError(
      option,
      url.href,
      'plain http:// is only accepted for loopback hosts (localhost, 127.0.0.1, ::1); use https://, or set allowInsecureHttp: true if you accept sending requests unencrypted',
    );
  }
  return url;
}

function redactUserInfo(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//[REDACTED]@');
}
