import { join } from 'node:path';
import { invalidConfiguration } from './errors.js';
import { homedir, readFile } from './lazy-builtins.js';

/** An environment: `process.env` by default; inject a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** One `[section]` of an INI file: its keys and values (nested keys as `parent.child`). */
export type IniSection = Record<string, string>;

export interface SharedConfigFilesOptions {
  /** Environment to read `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `HOME` from. */
  env?: Env;
  /** Home directory for `~/.aws/...`; defaults to `HOME`/`USERPROFILE`, then `os.homedir()`. */
  homeDir?: string;
  /** Path of the shared config file; defaults to `AWS_CONFIG_FILE`, then `~/.aws/config`. */
  configFile?: string;
  /** Path of the shared credentials file; defaults to `AWS_SHARED_CREDENTIALS_FILE`, then `~/.aws/credentials`. */
  credentialsFile?: string;
}

export interface SharedConfig {
  /** Profiles from both files, merged key by key; the credentials file wins on conflicts. */
  readonly profiles: Readonly<Record<string, IniSection>>;
  /** `[sso-session NAME]` sections of the config file. */
  readonly ssoSessions: Readonly<Record<string, IniSection>>;
  readonly configFile: string;
  readonly credentialsFile: string;
}

/**
 * Parses the AWS shared-file dialect of INI: `[section]` headers, `key = value` lines, comments
 * starting with `#` or `;` at the start of a line or after whitespace, and indented sub-keys
 * under a key with an empty value (stored as `parent.child`).
 */
export function parseIni(text: string): Record<string, IniSection> {
  const sections: Record<string, IniSection> = Object.create(null);
  let current: IniSection | undefined;
  let parentKey: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const indented = /^[ \t]/.test(rawLine);
    const line = (rawLine.split(/(?:^|\s)[;#]/)[0] ?? '').trim();
    if (line === '') continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim().replace(/\s+/g, ' ');
      parentKey = undefined;
      if (name === '__proto__' || name === 'profile __proto__') {
        current = undefined;
        continue;
      }
      current = sections[name] ?? Object.create(null);
      sections[name] = current as IniSection;
      continue;
    }
    if (current === undefined) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '' && !indented) {
      parentKey = key;
      current[key] = '';
      continue;
    }
    if (parentKey !== undefined && indented) {
      current[`${parentKey}.${key}`] = value;
    } else {
      parentKey = undefined;
      current[key] = value;
    }
  }
  return sections;
}

export async function resolveHomeDir(options: { env?: Env; homeDir?: string }): Promise<string> {
  if (options.homeDir !== undefined) return options.homeDir;
  const env = options.env ?? process.env;
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEDRIVE && env.HOMEPATH) return `${env.HOMEDRIVE}${env.HOMEPATH}`;
  return homedir();
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

export async function configFilePaths(options: SharedConfigFilesOptions): Promise<{
  configFile: string;
  credentialsFile: string;
}> {
  const env = options.env ?? process.env;
  const home = await resolveHomeDir(options);
  const configFile = options.configFile ?? env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  const credentialsFile =
    options.credentialsFile ?? env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  return {
    configFile: expandHome(configFile, home),
    credentialsFile: expandHome(credentialsFile, home),
  };
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return '';
    throw invalidConfiguration(
      'ini',
      `Cannot read the AWS shared file ${path} (${code ?? 'error'}). Fix its permissions or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere.`,
      error,
    );
  }
}

/** Reads and merges `~/.aws/config` and `~/.aws/credentials`. Missing files count as empty. */
export async function loadSharedConfig(
  options: SharedConfigFilesOptions = {},
): Promise<SharedConfig> {
  const { configFile, credentialsFile } = await configFilePaths(options);
  const [configText, credentialsText] = await Promise.all([
    readOptional(configFile),
    readOptional(credentialsFile),
  ]);
  const profiles: Record<string, IniSection> = Object.create(null);
  const ssoSessions: Record<string, IniSection> = Object.create(null);
  const merge = (target: Record<string, IniSection>, name: string, section: IniSection) => {
    target[name] = Object.assign(target[name] ?? Object.create(null), section);
  };
  const config = parseIni(configText);
  // `[default]` first so that an explicit `[profile default]` wins, as in the AWS CLI.
  if (config.default) merge(profiles, 'default', config.default);
  for (const [name, section] of Object.entries(config)) {
    if (name.startsWith('profile ')) merge(profiles, name.slice('profile '.length), section);
    else if (name.startsWith('sso-session '))
      merge(ssoSessions, name.slice('sso-session '.length), section);
  }
  for (const [name, section] of Object.entries(parseIni(credentialsText))) {
    merge(profiles, name, section);
  }
  return { profiles, ssoSessions, configFile, credentialsFile };
}

/** The profile to use: the option, else `AWS_PROFILE`, else `default`. */
export function selectProfile(options: { profile?: string | undefined; env?: Env }): {
  name: string;
  explicit: boolean;
} {
  const env = options.env ?? process.env;
  const name = options.profile ?? env.AWS_PROFILE;
  return name ? { name, explicit: true } : { name: 'default', explicit: false };
}
