import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorOptions, PersistenceError } from '../src/index.js';
import { NOW, type TestEmulator, testEmulator } from './helpers.js';
import { dump } from './state-dump.js';

const dirs: string[] = [];
const opened: TestEmulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.emulator.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-emulator-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, options: EmulatorOptions = {}): TestEmulator {
  const t = testEmulator({ persistDir: dir, ...options });
  opened.push(t);
  return t;
}

async function close(t: TestEmulator) {
  await t.emulator.close();
  opened.splice(opened.indexOf(t), 1);
}

async function populate(t: TestEmulator) {
  await t.ok('CreateLogGroup', { logGroupName: '/app/api', tags: { team: 'core' }, kmsKeyId: 'k' });
  await t.ok('CreateLogGroup', { logGroupName: '/app/db', logGroupClass: 'INFREQUENT_ACCESS' });
  await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'web-1' });
  await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'web-2' });
  for (let batch = 0; batch < 5; batch += 1)
    await t.ok('PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: batch % 2 ? 'web-1' : 'web-2',
      logEvents: Array.from({ length: 20 }, (_, i) => ({
        timestamp: NOW - 1000 + batch * 20 + i,
        message: `b${batch} e${i} ünïcode`,
      })),
    });
  await t.ok('PutRetentionPolicy', { logGroupName: '/app/api', retentionInDays: 30 });
  await t.ok('PutMetricFilter', {
    logGroupName: '/app/api',
    filterName: 'm',
    filterPattern: 'e1',
    metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '1' }],
  });
  await t.ok('PutSubscriptionFilter', {
    logGroupName: '/app/api',
    filterName: 's',
    filterPattern: '',
    destinationArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  });
  await t.ok('TagLogGroup', { logGroupName: '/app/db', tags: { a: 'b' } });
  await t.ok('DeleteLogStream', { logGroupName: '/app/api', logStreamName: 'web-2' });
  await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'web-2' });
  await t.ok('PutLogEvents', {
    logGroupName: '/app/api',
    logStreamName: 'web-2',
    logEvents: [{ timestamp: NOW, message: 'after' }],
  });
}

describe('persistence', () => {
  it('a restarted emulator has all its data', async () => {
    const dir = tempDir();
    const first = open(dir);
    await populate(first);
    const before = await dump(first);
    await close(first);
    const second = open(dir);
    expect(second.emulator.recovery).toMatchObject({
      journalRecords: expect.any(Number),
      droppedBytes: 0,
    });
    expect(await dump(second)).toEqual(before);
    // It keeps journaling after a restart.
    await second.ok('CreateLogGroup', { logGroupName: '/later' });
    const after = await dump(second);
    await close(second);
    expect(await dump(open(dir))).toEqual(after);
  });

  it('drops a torn last record and keeps everything before it', async () => {
    const dir = tempDir();
    const first = open(dir);
    await populate(first);
    const before = await dump(first);
    await first.ok('CreateLogGroup', { logGroupName: '/torn' });
    await close(first);
    const journal = join(dir, 'journal.bin');
    const size = statSync(journal).size;
    // Cut the last record in half, as a crash mid-write would.
    truncateSync(journal, size - 10);
    const warnings: string[] = [];
    const second = open(dir, { persistence: { onWarning: (m) => warnings.push(m) } });
    expect(second.emulator.recovery!.droppedBytes).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/dropped a torn or corrupt tail/);
    expect(await dump(second)).toEqual(before);
    await second.ok('CreateLogGroup', { logGroupName: '/next' });
    await close(second);
    const third = open(dir);
    expect(third.emulator.recovery!.droppedBytes).toBe(0);
    expect(
      ((await third.ok('DescribeLogGroups')).logGroups as Array<{ logGroupName: string }>).map(
        (g) => g.logGroupName,
      ),
    ).toContain('/next');
  });

  it('drops garbage appended after the last record', async () => {
    const dir = tempDir();
    const first = open(dir);
    await populate(first);
    const before = await dump(first);
    await close(first);
    appendFileSync(join(dir, 'journal.bin'), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    const second = open(dir);
    expect(second.emulator.recovery!.droppedBytes).toBe(12);
    expect(await dump(second)).toEqual(before);
  });

  it('compacts the journal into a snapshot that restores the same data', async () => {
    const dir = tempDir();
    const first = open(dir);
    await populate(first);
    const before = await dump(first);
    first.emulator.compact();
    expect(statSync(join(dir, 'journal.bin')).size).toBe(0);
    expect(existsSync(join(dir, 'snapshot.bin'))).toBe(true);
    await first.ok('CreateLogGroup', { logGroupName: '/post-snapshot' });
    const after = await dump(first);
    expect(after).not.toEqual(before);
    await close(first);
    const second = open(dir);
    expect(second.emulator.recovery!.snapshotRecords).toBeGreaterThan(0);
    expect(second.emulator.recovery!.journalRecords).toBe(1);
    expect(await dump(second)).toEqual(after);
  });

  it('compacts on its own once the journal passes compactBytes', async () => {
    const dir = tempDir();
    const first = open(dir, { persistence: { compactBytes: 2000 } });
    await populate(first);
    await new Promise((resolve) => setImmediate(resolve));
    expect(existsSync(join(dir, 'snapshot.bin'))).toBe(true);
    const before = await dump(first);
    await close(first);
    expect(await dump(open(dir))).toEqual(before);
  });

  it('never replays a change twice when it stopped between snapshot and journal reset', async () => {
    const dir = tempDir();
    const first = open(dir);
    await populate(first);
    const before = await dump(first);
    const journal = join(dir, 'journal.bin');
    copyFileSync(journal, `${journal}.old`);
    first.emulator.compact();
    await close(first);
    copyFileSync(`${journal}.old`, journal);
    expect(await dump(open(dir))).toEqual(before);
  });

  it('refuses a corrupt snapshot loudly', async () => {
    const dir = tempDir();
    const first = open(dir);
    await populate(first);
    first.emulator.compact();
    await close(first);
    const path = join(dir, 'snapshot.bin');
    const bytes = readFileSync(path);
    const at = bytes.length - 3;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(path, bytes);
    expect(() => open(dir)).toThrow(PersistenceError);
  });

  it('refuses a directory another live emulator holds', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'emulator.pid'), String(process.ppid));
    expect(() => open(dir)).toThrow(/in use by another emulator/);
  });
});
