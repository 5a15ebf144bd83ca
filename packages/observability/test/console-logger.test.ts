import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger, ObservabilityConfigError, REDACTED } from '../src/index.js';

const T0 = Date.UTC(2024, 4, 6, 7, 8, 9, 10);

function capture(options: Parameters<typeof createConsoleLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createConsoleLogger({
    clock: () => T0,
    write: (line) => lines.push(line),
    ...options,
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createConsoleLogger', () => {
  it('writes one JSON line per record: time, level, msg, then the fields', () => {
    const { logger, lines } = capture();
    logger.info('group created', { logGroupName: '/app/api', retentionDays: 7 });
    expect(lines).toEqual([
      '{"time":"2024-05-06T07:08:09.010Z","level":"info","msg":"group created","logGroupName":"/app/api","retentionDays":7}',
    ]);
    expect(lines[0]).not.toContain('\n');
  });

  it('writes info and above by default', () => {
    const { logger, records } = capture();
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => [r.level, r.msg])).toEqual([
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ] as const)('at level %s writes %j and says so through isLevelEnabled', (level, written) => {
    const { logger, records } = capture({ level });
    for (const name of ['debug', 'info', 'warn', 'error'] as const) logger[name](name);
    expect(records().map((r) => r.level)).toEqual(written);
    for (const name of ['debug', 'info', 'warn', 'error'] as const) {
      expect(logger.isLevelEnabled?.(name)).toBe((written as readonly string[]).includes(name));
    }
  });

  it('adds base fields and child fields; a record’s own fields win, then the child’s', () => {
    const { logger, records } = capture({ fields: { service: 'api', region: 'us-east-1' } });
    const child = logger.child({ component: 'buffer', region: 'eu-west-1' });
    const grandchild = child.child({ stream: 'web-1' });
    grandchild.warn('flush slow', { component: 'flusher', ms: 250 });
    logger.info('parent unchanged');
    expect(records()).toEqual([
      {
        time: '2024-05-06T07:08:09.010Z',
        level: 'warn',
        msg: 'flush slow',
        service: 'api',
        region: 'eu-west-1',
        stream: 'web-1',
        component: 'flusher',
        ms: 250,
      },
      {
        time: '2024-05-06T07:08:09.010Z',
        level: 'info',
        msg: 'parent unchanged',
        service: 'api',
        region: 'us-east-1',
      },
    ]);
    expect(grandchild.isLevelEnabled?.('debug')).toBe(false);
  });

  it('never lets fields overwrite time, level or msg', () => {
    const { logger, records } = capture({ fields: { level: 'base' } });
    logger.child({ time: 'child' }).error('real', { msg: 'fake' });
    expect(records()[0]).toEqual({
      time: '2024-05-06T07:08:09.010Z',
      level: 'error',
      msg: 'real',
      'field.level': 'base',
      'field.time': 'child',
      'field.msg': 'fake',
    });
  });

  it('redacts secrets in fields, base fields, child fields and the message', () => {
    const { logger, lines } = capture({ fields: { password: 'base-secret' } });
    logger
      .child({ credentials: { accessKeyId: 'AKID', secretAccessKey: 'child-secret' } })
      .info('signed with Signature=00112233445566778899aabbccddeeff', {
        headers: { 'X-Amz-Security-Token': 'token-secret', 'x-amz-date': '20240101T000000Z' },
      });
    const [line] = lines;
    for (const secret of ['base-secret', 'child-secret', 'token-secret', '00112233445566778899']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line!)).toMatchObject({
      msg: `signed with Signature=${REDACTED}`,
      password: REDACTED,
      credentials: { accessKeyId: 'AKID', secretAccessKey: REDACTED },
      headers: { 'X-Amz-Security-Token': REDACTED, 'x-amz-date': '20240101T000000Z' },
    });
  });

  it('redacts extra keys given as redactKeys, on top of the redact options', () => {
    const { logger, records } = capture({
      redactKeys: ['tenantId', /^x-custom-/],
      redact: { keys: ['pin'], censor: '###' },
    });
    logger.info('m', { tenantId: 't', 'x-custom-auth': 'a', pin: '1', password: 'p', ok: 1 });
    expect(records()[0]).toMatchObject({
      tenantId: '###',
      'x-custom-auth': '###',
      pin: '###',
      password: '###',
      ok: 1,
    });
  });

  it('serializes errors, BigInts, Maps and cycles without throwing', () => {
    const { logger, records } = capture();
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    logger.error('failed', {
      error: new TypeError('bad'),
      count: 2n,
      map: new Map([['k', 'v']]),
      cycle,
    });
    const [record] = records();
    expect(record).toMatchObject({
      error: { name: 'TypeError', message: 'bad' },
      count: '2',
      map: { k: 'v' },
      cycle: { a: 1, self: '[Circular]' },
    });
    expect((record!.error as { stack: string }).stack).toContain('TypeError: bad');
  });

  it('logs without fields and coerces a non-string message', () => {
    const { logger, records } = capture();
    logger.info(42 as unknown as string);
    expect(records()).toEqual([{ time: '2024-05-06T07:08:09.010Z', level: 'info', msg: '42' }]);
  });

  it('uses the injected clock for every record', () => {
    let now = T0;
    const { logger, records } = capture({ clock: () => now });
    logger.info('a');
    now += 1500;
    logger.info('b');
    expect(records().map((r) => r.time)).toEqual([
      '2024-05-06T07:08:09.010Z',
      '2024-05-06T07:08:10.510Z',
    ]);
  });

  it('writes a clock value that is not a valid time as it is', () => {
    const { logger, records } = capture({ clock: () => Number.NaN });
    logger.info('x');
    expect(records()[0]!.time).toBe('NaN');
  });

  it('never throws when the writer or the clock throws', () => {
    const throwingWriter = createConsoleLogger({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => throwingWriter.error('lost')).not.toThrow();
    const throwingClock = createConsoleLogger({
      write: () => {},
      clock: () => {
        throw new Error('clock');
      },
    });
    expect(() => throwingClock.info('lost')).not.toThrow();
  });

  it('does not evaluate anything for records below the level', () => {
    let reads = 0;
    const fields = {
      get expensive() {
        reads += 1;
        return 1;
      },
    };
    const { logger } = capture({ level: 'warn' });
    logger.info('skipped', fields);
    logger.debug('skipped', fields);
    expect(reads).toBe(0);
    logger.warn('written', fields);
    expect(reads).toBe(1);
  });

  it('rejects invalid options with ObservabilityConfigError naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ level: 'verbose' }, 'level'],
      [{ level: 'INFO' }, 'level'],
      [{ write: 'stderr' }, 'write'],
      [{ clock: 5 }, 'clock'],
      [{ redactKeys: 'password' }, 'redactKeys'],
      [{ redactKeys: [1] }, 'keys'],
      [{ redact: { maxDepth: -1 } }, 'maxDepth'],
      [{ redact: { keys: 'password' } }, 'redact.keys'],
    ];
    for (const [options, field] of cases) {
      let caught: unknown;
      try {
        createConsoleLogger(options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught, field).toBeInstanceOf(ObservabilityConfigError);
      expect((caught as ObservabilityConfigError).field).toBe(field);
      expect((caught as ObservabilityConfigError).code).toBe('ObservabilityConfigError');
    }
    expect(() => createConsoleLogger({ level: 'verbose' as never })).toThrow(
      'Invalid observability option `level`: expected "debug", "info", "warn", "error" or "silent", got "verbose".',
    );
  });

  it('writes to stderr, one record per line, by default', () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(dist), 'build the package first (turbo runs build before test)').toBe(true);
    const script = `
      import { createConsoleLogger } from ${JSON.stringify(dist)};
      const logger = createConsoleLogger({ clock: () => ${T0} });
      logger.info('one', { password: 'p' });
      logger.debug('hidden');
      logger.warn('two');
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe(
      `{"time":"2024-05-06T07:08:09.010Z","level":"info","msg":"one","password":"${REDACTED}"}\n` +
        '{"time":"2024-05-06T07:08:09.010Z","level":"warn","msg":"two"}\n',
    );
  });
});
