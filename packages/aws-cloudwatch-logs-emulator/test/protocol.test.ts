import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../src/index.js';
import { testEmulator } from './helpers.js';

describe('the AWS JSON 1.1 wire protocol', () => {
  it('answers with the JSON content type and a request ID on every response', async () => {
    const t = testEmulator();
    const ok = await t.call('DescribeLogGroups');
    const failed = await t.call('DeleteLogGroup', { logGroupName: 'nope' });
    for (const answer of [ok, failed]) {
      expect(answer.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(ok.headers['x-amzn-requestid']).not.toBe(failed.headers['x-amzn-requestid']);
  });

  it('answers an unknown or missing target with UnknownOperationException', async () => {
    const t = testEmulator();
    const cases: Array<Record<string, string>> = [
      { 'x-amz-target': 'Logs_20140328.DoSomething' },
      { 'x-amz-target': 'Other_1.CreateLogGroup' },
      {},
    ];
    for (const headers of cases) {
      const answer = await t.raw('{}', headers);
      expect(answer.status).toBe(400);
      expect(answer.body.__type).toBe('UnknownOperationException');
    }
  });

  it('answers malformed JSON, a non-object body and invalid UTF-8 with SerializationException', async () => {
    const t = testEmulator();
    const target = { 'x-amz-target': 'Logs_20140328.CreateLogGroup' };
    for (const body of [
      '{"logGroupName":',
      '[1,2]',
      'null',
      '"text"',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ]) {
      const answer = await t.raw(body, target);
      expect(answer.status).toBe(400);
      expect(answer.body.__type).toBe('SerializationException');
      expect(typeof answer.body.message).toBe('string');
    }
    expect((await t.ok('DescribeLogGroups')).logGroups).toEqual([]);
  });

  it('treats an empty body as an empty request', async () => {
    const t = testEmulator();
    const answer = await t.raw('', { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' });
    expect(answer.status).toBe(200);
    const missing = await t.raw('', { 'x-amz-target': 'Logs_20140328.CreateLogGroup' });
    expect(missing.body.__type).toBe('InvalidParameterException');
  });

  it('serves every listed operation (none answers UnknownOperationException)', async () => {
    const t = testEmulator();
    for (const operation of OPERATION_NAMES) {
      const answer = await t.call(operation, {});
      expect(answer.body.__type, operation).not.toBe('UnknownOperationException');
    }
    expect(OPERATION_NAMES).toHaveLength(28);
  });

  it('ignores unknown members, as the service does', async () => {
    const t = testEmulator();
    await t.ok('CreateLogGroup', { logGroupName: 'g', somethingNew: true });
  });
});
