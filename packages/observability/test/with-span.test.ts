import { describe, expect, it } from 'vitest';
import {
  createInMemoryObservability,
  noopTracer,
  type Span,
  type Tracer,
  withSpan,
} from '../src/index.js';

describe('withSpan', () => {
  it('returns the result, leaves the status unset and ends the span', async () => {
    const o = createInMemoryObservability();
    const result = await withSpan(
      o.tracer,
      'op',
      async (span) => {
        span.setAttribute('inside', true);
        return 42;
      },
      { attributes: { a: 1 }, kind: 'client', startTime: 3 },
    );
    expect(result).toBe(42);
    expect(o.spans[0]).toMatchObject({
      name: 'op',
      kind: 'client',
      startTime: 3,
      attributes: { a: 1, inside: true },
      status: { code: 'unset' },
      ended: true,
    });
  });

  it('accepts a synchronous function and keeps a status it set', async () => {
    const o = createInMemoryObservability();
    const result = await withSpan(o.tracer, 'sync', (span) => {
      span.setStatus('ok');
      return 'v';
    });
    expect(result).toBe('v');
    expect(o.spans[0]!.status).toEqual({ code: 'ok' });
  });

  it('records a thrown or rejected error, sets the error status and rethrows', async () => {
    const o = createInMemoryObservability();
    const error = new TypeError('bad request');
    await expect(withSpan(o.tracer, 'rejects', () => Promise.reject(error))).rejects.toBe(error);
    await expect(
      withSpan(o.tracer, 'throws', () => {
        throw 'a string';
      }),
    ).rejects.toBe('a string');
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    await expect(withSpan(o.tracer, 'hostile', () => Promise.reject(hostile))).rejects.toBe(
      hostile,
    );
    expect(o.spans.map((s) => [s.name, s.status, s.exceptions[0]?.message, s.ended])).toEqual([
      ['rejects', { code: 'error', message: 'bad request' }, 'bad request', true],
      ['throws', { code: 'error', message: 'a string' }, 'a string', true],
      [
        'hostile',
        { code: 'error', message: 'unknown error' },
        '{"toString":"[Function toString]"}',
        true,
      ],
    ]);
  });

  it('makes the span active so spans started inside are its children', async () => {
    const o = createInMemoryObservability();
    await withSpan(o.tracer, 'outer', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await withSpan(o.tracer, 'inner', () => undefined);
    });
    const [outer, inner] = [o.spansNamed('outer')[0]!, o.spansNamed('inner')[0]!];
    expect(inner.parentSpanId).toBe(outer.spanId);
  });

  it('works with tracers that have no withActiveSpan', async () => {
    const ended: string[] = [];
    const tracer: Tracer = {
      startSpan(name): Span {
        const span: Span = {
          setAttribute: () => span,
          recordException: () => span,
          setStatus: () => span,
          end: () => ended.push(name),
        };
        return span;
      },
    };
    expect(await withSpan(tracer, 'plain', () => 1)).toBe(1);
    expect(await withSpan(noopTracer, 'noop', () => 2)).toBe(2);
    expect(ended).toEqual(['plain']);
  });
});
