import { describe, expect, it } from 'vitest';
import {
  AwsJsonRpcConfigurationError,
  isLoopbackHost,
  partitionOf,
  resolveEndpoint,
} from '../src/index.js';

const none = {};

describe('resolveEndpoint: regions and partitions', () => {
  it.each([
    ['us-east-1', false, false, 'https://logs.us-east-1.amazonaws.com/'],
    ['eu-west-1', false, false, 'https://logs.eu-west-1.amazonaws.com/'],
    ['us-east-1', true, false, 'https://logs-fips.us-east-1.amazonaws.com/'],
    ['us-east-1', false, true, 'https://logs.us-east-1.api.aws/'],
    ['ca-central-1', true, true, 'https://logs-fips.ca-central-1.api.aws/'],
    ['cn-north-1', false, false, 'https://logs.cn-north-1.amazonaws.com.cn/'],
    ['cn-northwest-1', false, true, 'https://logs.cn-northwest-1.api.amazonwebservices.com.cn/'],
    ['cn-north-1', true, false, 'https://logs-fips.cn-north-1.amazonaws.com.cn/'],
    ['us-gov-west-1', false, false, 'https://logs.us-gov-west-1.amazonaws.com/'],
    // The CloudWatch Logs rule set: GovCloud's standard endpoints are FIPS endpoints.
    ['us-gov-west-1', true, false, 'https://logs.us-gov-west-1.amazonaws.com/'],
    ['us-gov-east-1', true, false, 'https://logs.us-gov-east-1.amazonaws.com/'],
    ['us-gov-east-1', true, true, 'https://logs-fips.us-gov-east-1.api.aws/'],
    ['us-gov-west-1', false, true, 'https://logs.us-gov-west-1.api.aws/'],
    ['us-iso-east-1', false, false, 'https://logs.us-iso-east-1.c2s.ic.gov/'],
    ['us-iso-west-1', true, false, 'https://logs-fips.us-iso-west-1.c2s.ic.gov/'],
    ['us-isob-east-1', false, false, 'https://logs.us-isob-east-1.sc2s.sgov.gov/'],
    ['eu-isoe-west-1', false, false, 'https://logs.eu-isoe-west-1.cloud.adc-e.uk/'],
    ['us-isof-south-1', false, false, 'https://logs.us-isof-south-1.csp.hci.ic.gov/'],
    ['eusc-de-east-1', false, false, 'https://logs.eusc-de-east-1.amazonaws.eu/'],
    // Unknown regions fall in the aws partition, as in the SDKs.
    ['xx-future-9', false, false, 'https://logs.xx-future-9.amazonaws.com/'],
  ])('%s fips=%s dualstack=%s → %s', (region, fips, dualstack, expected) => {
    const url = resolveEndpoint({
      service: 'logs',
      region,
      useFipsEndpoint: fips,
      useDualstackEndpoint: dualstack,
      env: none,
    });
    expect(url.href).toBe(expected);
  });

  it('applies the GovCloud override only to the service that has it', () => {
    expect(
      resolveEndpoint({ service: 'sts', region: 'us-gov-west-1', useFipsEndpoint: true, env: none })
        .href,
    ).toBe('https://sts-fips.us-gov-west-1.amazonaws.com/');
  });

  it('turns fips pseudo-regions into FIPS endpoints', () => {
    expect(resolveEndpoint({ service: 'logs', region: 'fips-us-east-2', env: none }).href).toBe(
      'https://logs-fips.us-east-2.amazonaws.com/',
    );
    expect(resolveEndpoint({ service: 'logs', region: 'us-west-2-fips', env: none }).href).toBe(
      'https://logs-fips.us-west-2.amazonaws.com/',
    );
  });

  it('refuses dual-stack in partitions without it', () => {
    expect(() =>
      resolveEndpoint({
        service: 'logs',
        region: 'us-iso-east-1',
        useDualstackEndpoint: true,
        env: none,
      }),
    ).toThrow(/aws-iso partition .* no dual-stack/);
  });

  it('refuses missing and malformed regions', () => {
    expect(() => resolveEndpoint({ service: 'logs', region: '', env: none })).toThrow(
      AwsJsonRpcConfigurationError,
    );
    expect(() => resolveEndpoint({ service: 'logs', region: 'US East 1', env: none })).toThrow(
      /not a valid region name/,
    );
    expect(() => resolveEndpoint({ service: 'logs', region: 'evil.com/x', env: none })).toThrow(
      /region/,
    );
  });

  it('finds the partition of global pseudo-regions', () => {
    expect(partitionOf('aws-cn-global').id).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1').id).toBe('aws-us-gov');
    expect(partitionOf('us-east-1').id).toBe('aws');
  });
});

describe('resolveEndpoint: overrides', () => {
  it('prefers the endpoint option over everything', () => {
    const url = resolveEndpoint({
      service: 'logs',
      region: 'us-east-1',
      endpoint: 'https://proxy.example.com/logs',
      env: { AWS_ENDPOINT_URL: 'https://ignored.example.com', AWS_ENDPOINT_URL_LOGS: 'x' },
    });
    expect(url.href).toBe('https://proxy.example.com/logs');
  });

  it('reads AWS_ENDPOINT_URL_<SERVICE> before AWS_ENDPOINT_URL', () => {
    const env = {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://localhost:4566',
      AWS_ENDPOINT_URL: 'https://global.example.com',
    };
    expect(
      resolveEndpoint({
        service: 'logs',
        envServiceId: 'CLOUDWATCH_LOGS',
        region: 'us-east-1',
        env,
      }).href,
    ).toBe('http://localhost:4566/');
    expect(resolveEndpoint({ service: 'sts', region: 'us-east-1', env }).href).toBe(
      'https://global.example.com/',
    );
  });

  it('derives the environment service id from the service when none is given', () => {
    const env = { AWS_ENDPOINT_URL_MY_SVC: 'https://svc.example.com' };
    expect(resolveEndpoint({ service: 'my-svc', region: 'us-east-1', env }).href).toBe(
      'https://svc.example.com/',
    );
  });

  it('ignores the environment when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true', () => {
    const env = {
      AWS_ENDPOINT_URL: 'https://global.example.com',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    };
    expect(resolveEndpoint({ service: 'logs', region: 'us-east-1', env }).href).toBe(
      'https://logs.us-east-1.amazonaws.com/',
    );
  });

  it('accepts an empty variable as unset', () => {
    expect(
      resolveEndpoint({ service: 'logs', region: 'us-east-1', env: { AWS_ENDPOINT_URL: ' ' } })
        .href,
    ).toBe('https://logs.us-east-1.amazonaws.com/');
  });

  it('refuses plain http to anything but loopback unless allowed', () => {
    for (const endpoint of [
      'http://localhost:4566',
      'http://127.0.0.1:1',
      'http://127.9.9.9',
      'http://[::1]:8080',
      'http://emulator.localhost',
    ]) {
      expect(() =>
        resolveEndpoint({ service: 'logs', region: 'us-east-1', endpoint }),
      ).not.toThrow();
    }
    expect(() =>
      resolveEndpoint({ service: 'logs', region: 'us-east-1', endpoint: 'http://10.0.0.5:4566' }),
    ).toThrow(/plain http:\/\/ is only accepted for loopback/);
    expect(() =>
      resolveEndpoint({
        service: 'logs',
        region: 'us-east-1',
        env: { AWS_ENDPOINT_URL: 'http://logs.internal' },
      }),
    ).toThrow(/AWS_ENDPOINT_URL/);
    expect(
      resolveEndpoint({
        service: 'logs',
        region: 'us-east-1',
        endpoint: 'http://10.0.0.5:4566',
        allowInsecureHttp: true,
      }).href,
    ).toBe('http://10.0.0.5:4566/');
  });

  it('refuses malformed endpoints, credentials in URLs, queries and other schemes', () => {
    const at = (endpoint: string) => () =>
      resolveEndpoint({ service: 'logs', region: 'us-east-1', endpoint });
    expect(at('logs.example.com')).toThrow(/not an absolute URL/);
    expect(at('ftp://example.com')).toThrow(/only https: and http:/);
    expect(at('https://example.com/?x=1')).toThrow(/query string/);
    let message = '';
    try {
      at('https://user:s3cret@example.com')();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must not carry a user name or password/);
    expect(message).not.toContain('s3cret');
  });

  it('refuses FIPS or dual-stack with a custom endpoint', () => {
    expect(() =>
      resolveEndpoint({
        service: 'logs',
        region: 'us-east-1',
        endpoint: 'https://example.com',
        useFipsEndpoint: true,
      }),
    ).toThrow(/cannot be combined/);
  });

  it('names the option at fault', () => {
    try {
      resolveEndpoint({ service: 'logs', region: 'us-east-1', endpoint: 'nope' });
    } catch (error) {
      expect(error).toMatchObject({
        name: 'AwsJsonRpcConfigurationError',
        code: 'InvalidConfiguration',
        option: 'endpoint',
        value: 'nope',
      });
      return;
    }
    throw new Error('expected an error');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
