import { createEmulator, type EmulatorCore, type EmulatorOptions } from '../src/index.js';

export const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface TestEmulator {
  emulator: EmulatorCore;
  clock: { now: number };
  call(operation: string, body?: unknown): Promise<Answer>;
  /** Calls and expects success. */
  ok(operation: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Calls and expects an error; returns its __type and message. */
  fail(
    operation: string,
    body?: unknown,
  ): Promise<{ type: string; message: string; status: number }>;
  raw(body: string | Uint8Array, headers?: Record<string, string>): Promise<Answer>;
}

/** An in-process emulator with auth off and a clock the test moves. */
export function testEmulator(options: EmulatorOptions = {}): TestEmulator {
  const clock = { now: NOW };
  const emulator = createEmulator({ auth: { mode: 'none' }, clock: () => clock.now, ...options });
  const transport = emulator.transport();
  const raw = async (body: string | Uint8Array, headers: Record<string, string> = {}) => {
    const response = await transport.send({
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
      body,
    });
    const text = Buffer.from(response.body).toString('utf8');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  };
  const call = (operation: string, body: unknown = {}) =>
    raw(JSON.stringify(body), { 'x-amz-target': `Logs_20140328.${operation}` });
  return {
    emulator,
    clock,
    call,
    raw,
    async ok(operation, body) {
      const answer = await call(operation, body);
      if (answer.status !== 200)
        throw new Error(`${operation} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async fail(operation, body) {
      const answer = await call(operation, body);
      if (answer.status === 200)
        throw new Error(`${operation} succeeded: ${JSON.stringify(answer.body)}`);
      return {
        type: answer.body.__type as string,
        message: answer.body.message as string,
        status: answer.status,
      };
    },
  };
}

/** Creates a group and a stream. */
export async function groupWithStream(t: TestEmulator, group = '/app/api', stream = 'web-1') {
  await t.ok('CreateLogGroup', { logGroupName: group });
  await t.ok('CreateLogStream', { logGroupName: group, logStreamName: stream });
}
