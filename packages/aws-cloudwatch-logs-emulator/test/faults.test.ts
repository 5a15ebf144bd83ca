import { describe, expect, it } from 'vitest';
import { ConnectionResetError, FaultController, parseFaultSettings } from '../src/index.js';
import { groupWithStream, NOW, testEmulator } from './helpers.js';

const putBody = {
  logGroupName: '/app/api',
  logStreamName: 'web-1',
  logEvents: [{ timestamp: NOW, message: 'x' }],
};
const stored = async (t: ReturnType<typeof testEmulator>) =>
  (
    (await t.ok('GetLogEvents', { logGroupName: '/app/api', logStreamName: 'web-1' }))
      .events as unknown[]
  ).length;

describe('fault injection', () => {
  it('throttles with ThrottlingException (HTTP 400)', async () => {
    const t = testEmulator();
    t.emulator.faults.set({ throttleRate: 1 });
    expect(await t.fail('DescribeLogGroups')).toEqual({
      type: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400,
    });
    expect(t.emulator.faults.stats.throttled).toBe(1);
  });

  it('fails with ServiceUnavailableException (HTTP 503)', async () => {
    const t = testEmulator();
    t.emulator.faults.set({ serverErrorRate: 1 });
    expect(await t.fail('DescribeLogGroups')).toMatchObject({
      type: 'ServiceUnavailableException',
      status: 503,
    });
  });

  it('rejects exactly the next N requests, then serves again', async () => {
    const t = testEmulator();
    t.emulator.faults.set({ rejectNext: { count: 2, error: 'InternalFailure' } });
    expect((await t.fail('DescribeLogGroups')).status).toBe(500);
    expect((await t.fail('DescribeLogGroups')).type).toBe('InternalFailure');
    await t.ok('DescribeLogGroups');
    expect(t.emulator.faults.get().rejectsRemaining).toBe(0);
  });

  it('limits faults to the named operations', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    t.emulator.faults.set({ throttleRate: 1, operations: ['PutLogEvents'] });
    await t.ok('DescribeLogGroups');
    expect((await t.fail('PutLogEvents', putBody)).type).toBe('ThrottlingException');
  });

  it('resets the connection before serving: nothing is stored', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    t.emulator.faults.set({ resetRate: 1, resetWhen: 'before', operations: ['PutLogEvents'] });
    const error = await t.call('PutLogEvents', putBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionResetError);
    expect(error).toMatchObject({ code: 'ECONNRESET', served: false });
    expect(await stored(t)).toBe(0);
  });

  it('resets the connection after serving: the batch is stored, the client never hears', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    t.emulator.faults.set({ resetRate: 1, resetWhen: 'after', operations: ['PutLogEvents'] });
    await expect(t.call('PutLogEvents', putBody)).rejects.toMatchObject({
      code: 'ECONNRESET',
      served: true,
    });
    expect(await stored(t)).toBe(1);
  });

  it('is deterministic for a seed', async () => {
    const run = (seed: number) => {
      const faults = new FaultController();
      faults.set({ throttleRate: 0.3, serverErrorRate: 0.2, resetRate: 0.1, seed });
      return Array.from({ length: 200 }, () => {
        const d = faults.decide('PutLogEvents');
        return d.kind === 'error' ? d.error : d.kind === 'reset' ? `reset-${d.when}` : 'ok';
      });
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const outcomes = run(7);
    const share = (k: string) => outcomes.filter((o) => o === k).length / outcomes.length;
    expect(share('ThrottlingException')).toBeGreaterThan(0.15);
    expect(share('ThrottlingException')).toBeLessThan(0.45);
    expect(share('ok')).toBeGreaterThan(0.3);
  });

  it('adds latency, and an aborted request stops waiting', async () => {
    const t = testEmulator();
    t.emulator.faults.set({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = t.emulator.transport().send(
      {
        method: 'POST',
        hostname: 'x',
        path: '/',
        headers: { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
        body: '{}',
      },
      { signal: controller.signal },
    );
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
    expect(t.emulator.faults.stats.delayed).toBe(1);
  });

  it('is controlled over HTTP at /_emulator/faults', async () => {
    const t = testEmulator();
    const transport = t.emulator.transport();
    const admin = async (method: string, body?: unknown) => {
      const r = await transport.send({
        method,
        hostname: 'x',
        path: '/_emulator/faults',
        headers: {},
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: r.statusCode, body: JSON.parse(Buffer.from(r.body).toString('utf8')) };
    };
    expect((await admin('POST', { throttleRate: 1, seed: 3 })).body.settings).toMatchObject({
      throttleRate: 1,
      seed: 3,
    });
    expect((await t.fail('DescribeLogGroups')).type).toBe('ThrottlingException');
    expect((await admin('GET')).body.stats.throttled).toBe(1);
    await admin('DELETE');
    await t.ok('DescribeLogGroups');
    const bad = await admin('POST', { throttleRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('throttleRate');
  });

  it('validates settings', () => {
    expect(() => parseFaultSettings({ throttleRate: -1 })).toThrow(/throttleRate/);
    expect(() => parseFaultSettings({ latencyMs: 'slow' })).toThrow(/latencyMs/);
    expect(() => parseFaultSettings({ rejectNext: { count: 1, error: 'Nope' } })).toThrow(
      /rejectNext.error/,
    );
    expect(() => parseFaultSettings({ resetWhen: 'during' })).toThrow(/resetWhen/);
    expect(() => parseFaultSettings({ typo: 1 })).toThrow(/unknown fault setting typo/);
    expect(parseFaultSettings({ rejectNext: 2, operations: ['PutLogEvents'] })).toEqual({
      rejectNext: 2,
      operations: ['PutLogEvents'],
    });
  });
});
