// The published builds, loaded by plain Node from a project outside the workspace: both module
// formats must load without @opentelemetry/api (an optional peer) and bridge to it when present.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let work: string;

function project(name: string, withOpenTelemetry: boolean): string {
  const dir = join(work, name);
  const installed = join(dir, 'node_modules', '@integrations', 'observability');
  mkdirSync(installed, { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(installed, 'package.json'));
  cpSync(join(packageDir, 'dist'), join(installed, 'dist'), { recursive: true });
  if (withOpenTelemetry) {
    mkdirSync(join(dir, 'node_modules', '@opentelemetry'));
    for (const pkg of ['api', 'sdk-trace-base']) {
      const real = realpathSync(join(packageDir, 'node_modules', '@opentelemetry', pkg));
      symlinkSync(real, join(dir, 'node_modules', '@opentelemetry', pkg), 'dir');
    }
  }
  return dir;
}

function run(cwd: string, type: 'commonjs' | 'module', body: string): unknown {
  const load =
    type === 'module'
      ? `const lib = await import('@integrations/observability');`
      : `const lib = require('@integrations/observability');`;
  const code =
    type === 'module'
      ? `${load}\n${body}`
      : `(async () => { ${load}\n${body} })().catch((e) => { console.error(e); process.exit(1); });`;
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  const child = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: '' },
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout);
}

beforeAll(() => {
  expect(
    existsSync(join(packageDir, 'dist', 'index.cjs')) &&
      existsSync(join(packageDir, 'dist', 'index.js')),
    'build the package first (turbo runs build before test)',
  ).toBe(true);
  work = mkdtempSync(join(tmpdir(), 'observability-published-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(['commonjs', 'module'] as const)('the %s build', (type) => {
  it('loads and works without @opentelemetry/api, and says clearly that the bridge needs it', () => {
    const dir = project(`bare-${type}`, false);
    const result = run(
      dir,
      type,
      `
      const lines = [];
      const logger = lib.createConsoleLogger({ write: (l) => lines.push(JSON.parse(l)), clock: () => 0 });
      logger.info('hello', { password: 'p' });
      const memory = lib.createInMemoryObservability();
      memory.metrics.counter('c', 2);
      let error;
      try { await lib.createOpenTelemetryObservability(); } catch (e) { error = e; }
      console.log(JSON.stringify({
        exports: Object.keys(lib).filter((k) => k !== 'default' && k !== 'module.exports').sort(),
        line: lines[0],
        total: memory.counterTotal('c'),
        error: { name: error.name, code: error.code, isClass: error instanceof lib.OpenTelemetryNotInstalledError, message: error.message, cause: error.cause.code },
      }));
      `,
    ) as Record<string, unknown>;
    expect(result.line).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'hello',
      password: '[REDACTED]',
    });
    expect(result.total).toBe(2);
    expect(result.exports).toContain('createOpenTelemetryObservability');
    expect(result.exports).toContain('noopObservability');
    expect(result.error).toEqual({
      name: 'OpenTelemetryNotInstalledError',
      code: 'OpenTelemetryNotInstalledError',
      isClass: true,
      message: expect.stringContaining('npm install @opentelemetry/api'),
      cause: expect.stringMatching(/^(ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND)$/),
    });
  });

  it('loads @opentelemetry/api when it is installed and sends spans to the registered provider', () => {
    const dir = project(`otel-${type}`, true);
    const importSdk =
      type === 'module'
        ? `const api = await import('@opentelemetry/api'); const sdk = await import('@opentelemetry/sdk-trace-base');`
        : `const api = require('@opentelemetry/api'); const sdk = require('@opentelemetry/sdk-trace-base');`;
    const result = run(
      dir,
      type,
      `
      ${importSdk}
      const exporter = new sdk.InMemorySpanExporter();
      api.trace.setGlobalTracerProvider(new sdk.BasicTracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] }));
      const o = await lib.createOpenTelemetryObservability({ tracerName: 'published-check' });
      o.tracer.startSpan('span from ${type}', { ok: true }).end();
      const [span] = exporter.getFinishedSpans();
      console.log(JSON.stringify({ name: span.name, scope: span.instrumentationScope.name, attributes: span.attributes }));
      `,
    );
    expect(result).toEqual({
      name: `span from ${type}`,
      scope: 'published-check',
      attributes: { ok: true },
    });
  });
});

it('both builds expose the same exports', () => {
  const dir = project('same-exports', false);
  const list = `console.log(JSON.stringify(Object.keys(lib).filter((k) => k !== 'default' && k !== 'module.exports').sort()));`;
  expect(run(dir, 'commonjs', list)).toEqual(run(dir, 'module', list));
});
