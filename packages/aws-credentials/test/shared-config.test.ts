import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsProviderError, loadSharedConfig, parseIni } from '../src/index.js';
import { rejection, tempHome } from './helpers.js';

describe('parseIni', () => {
  it('reads sections, keys, comments and nested sub-keys like the AWS SDK', () => {
    const parsed = parseIni(
      [
        '# a comment',
        '; another comment',
        '[default]',
        'region = us-west-2 # trailing comment',
        'aws_access_key_id=AKID',
        'url = https://example.com/#fragment',
        '[profile   dev]',
        's3 =',
        '  max_concurrent_requests = 20',
        '  addressing_style = path',
        'output = json',
        'not a key value line',
        '=novalue',
        '[ profile spaced ]',
        'key = a = b',
        '',
        'orphan_before_section = 1',
      ].join('\r\n'),
    );
    expect(parsed.default).toEqual({
      region: 'us-west-2',
      aws_access_key_id: 'AKID',
      url: 'https://example.com/#fragment',
    });
    expect(parsed['profile dev']).toEqual({
      s3: '',
      's3.max_concurrent_requests': '20',
      's3.addressing_style': 'path',
      output: 'json',
    });
    expect(parsed['profile spaced']).toEqual({ key: 'a = b', orphan_before_section: '1' });
  });

  it('ignores keys before any section and refuses __proto__ sections', () => {
    const parsed = parseIni('a = 1\n[__proto__]\npolluted = yes\n[ok]\nb = 2');
    expect(Object.keys(parsed)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('loadSharedConfig', () => {
  it('merges both files per key, the credentials file winning, and reads sso-session sections', async () => {
    const home = await tempHome({
      '.aws/config': [
        '[default]',
        'region = eu-west-1',
        'aws_access_key_id = FROM_CONFIG',
        '[profile dev]',
        'region = us-east-2',
        '[dev]',
        'ignored = because config sections need the profile prefix',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-central-1',
        '[services local]',
        'sts =',
        '  endpoint_url = http://localhost',
      ].join('\n'),
      '.aws/credentials': [
        '[default]',
        'aws_access_key_id = FROM_CREDENTIALS',
        '[dev]',
        'x = 1',
      ].join('\n'),
    });
    const config = await loadSharedConfig({ homeDir: home, env: {} });
    expect(config.profiles.default).toEqual({
      region: 'eu-west-1',
      aws_access_key_id: 'FROM_CREDENTIALS',
    });
    expect(config.profiles.dev).toEqual({ region: 'us-east-2', x: '1' });
    expect(config.ssoSessions.corp?.sso_region).toBe('eu-central-1');
    expect(config.configFile).toBe(join(home, '.aws', 'config'));
  });

  it('follows AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, with ~ expanded', async () => {
    const home = await tempHome({
      'elsewhere/cfg': '[profile a]\nregion = ap-south-1',
      'elsewhere/creds': '[a]\naws_access_key_id = AK',
    });
    const config = await loadSharedConfig({
      homeDir: home,
      env: {
        AWS_CONFIG_FILE: '~/elsewhere/cfg',
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'elsewhere/creds'),
      },
    });
    expect(config.profiles.a).toEqual({ region: 'ap-south-1', aws_access_key_id: 'AK' });
  });

  it('prefers explicit file options over the environment', async () => {
    const home = await tempHome({ 'x/config': '[profile x]\nk = v' });
    const config = await loadSharedConfig({
      homeDir: home,
      env: { AWS_CONFIG_FILE: '/nonexistent/file' },
      configFile: join(home, 'x/config'),
    });
    expect(config.profiles.x).toEqual({ k: 'v' });
  });

  it('treats missing files as empty and unreadable ones as a configuration error', async () => {
    const home = await tempHome();
    const empty = await loadSharedConfig({ homeDir: home, env: {} });
    expect(Object.keys(empty.profiles)).toEqual([]);
    const error = await rejection(loadSharedConfig({ homeDir: home, env: {}, configFile: home }));
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.message).toContain(home);
  });

  it('uses HOME from the injected environment', async () => {
    const home = await tempHome({ '.aws/credentials': '[h]\nk = v' });
    const config = await loadSharedConfig({ env: { HOME: home } });
    expect(config.profiles.h).toEqual({ k: 'v' });
  });
});
