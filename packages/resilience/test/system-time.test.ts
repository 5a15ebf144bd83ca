import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSystemSleep, systemClock, systemSleep, unrefSleep } from '../src/index.js';
import { flush, track } from './helpers.js';

const run = promisify(execFile);
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('systemClock', () => {
  it('reads Date.now()', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe.each([
  ['systemSleep', systemSleep],
  ['unrefSleep', unrefSleep],
])('%s', (_name, sleep) => {
  it('resolves after a real timer', async () => {
    await expect(sleep(2)).resolves.toBeUndefined();
  });

  it('resolves zero, negative and NaN sleeps without a timer', async () => {
    await sleep(0);
    await sleep(-1);
    await sleep(Number.NaN);
  });

  it('rejects at once with the reason when aborted', async () => {
    const controller = new AbortController();
    const slept = track(sleep(60_000, controller.signal));
    controller.abort('stop');
    await flush();
    expect(slept).toMatchObject({ status: 'rejected', error: 'stop' });
    await expect(sleep(10, AbortSignal.abort('before'))).rejects.toBe('before');
  });

  it('waits for ever with Infinity, until aborted', async () => {
    const controller = new AbortController();
    const slept = track(sleep(Number.POSITIVE_INFINITY, controller.signal));
    await new Promise((r) => setTimeout(r, 5));
    expect(slept.status).toBe('pending');
    controller.abort('done');
    await flush();
    expect(slept).toMatchObject({ status: 'rejected', error: 'done' });
  });

  it('chains timers for delays beyond setTimeout’s 2^31 - 1 ms limit', async () => {
    const controller = new AbortController();
    const slept = track(sleep(2 ** 31 + 10, controller.signal));
    await new Promise((r) => setTimeout(r, 5));
    expect(slept.status).toBe('pending');
    controller.abort();
    await flush();
    expect(slept.status).toBe('rejected');
  });
});

describe('process lifetime (real child processes on the built package)', () => {
  beforeAll(() => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: build the package first.`);
  });
  const script = (body: string) =>
    `import(${JSON.stringify(dist)}).then(async (m) => { ${body} });`;

  it('systemSleep keeps the process alive until it ends', async () => {
    const { stdout } = await run(process.execPath, [
      '-e',
      script("await m.systemSleep(30); process.stdout.write('woke');"),
    ]);
    expect(stdout).toBe('woke');
  });

  it('unrefSleep lets the process exit while it waits', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-e', script("await m.unrefSleep(600000); process.stdout.write('woke');")],
      { timeout: 20_000 },
    );
    expect(stdout).toBe('');
  });

  it('createSystemSleep({ unref: true }) does the same', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        script("await m.createSystemSleep({ unref: true })(600000); process.stdout.write('woke');"),
      ],
      { timeout: 20_000 },
    );
    expect(stdout).toBe('');
  });

  it('createSystemSleep() keeps timers referenced by default', async () => {
    await expect(createSystemSleep()(1)).resolves.toBeUndefined();
  });
});
