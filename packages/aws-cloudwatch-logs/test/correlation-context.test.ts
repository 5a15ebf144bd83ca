import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  type Correlation,
  correlationFromHeaders,
  correlationFromRequest,
  formatTraceparent,
  generateSpanId,
  generateTraceId,
  getCorrelation,
  parseTraceparent,
  runWithCorrelation,
  serializeStructured,
} from '../src/index.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('W3C IDs', () => {
  it('generates 32- and 16-hex-digit IDs that differ each time', () => {
    const traces = new Set(Array.from({ length: 50 }, generateTraceId));
    const spans = new Set(Array.from({ length: 50 }, generateSpanId));
    expect(traces.size).toBe(50);
    expect(spans.size).toBe(50);
    for (const t of traces) expect(t).toMatch(/^[0-9a-f]{32}$/);
    for (const s of spans) expect(s).toMatch(/^[0-9a-f]{16}$/);
  });

  it('parses valid traceparent headers and refuses invalid ones', () => {
    expect(parseTraceparent(`00-${TRACE}-${PARENT}-01`)).toEqual({
      traceId: TRACE,
      parentSpanId: PARENT,
      sampled: true,
    });
    expect(parseTraceparent(`01-${TRACE}-${PARENT}-00-future`)?.sampled).toBe(false);
    for (const bad of [
      undefined,
      '',
      `ff-${TRACE}-${PARENT}-01`,
      `00-${'0'.repeat(32)}-${PARENT}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.toUpperCase()}-${PARENT}-01`,
      `00-${TRACE}-${PARENT}-01-extra`,
      `00-${TRACE.slice(1)}-${PARENT}-01`,
    ])
      expect(parseTraceparent(bad)).toBeUndefined();
  });

  it('formats a traceparent for outgoing calls, only from valid IDs', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: PARENT })).toBe(`00-${TRACE}-${PARENT}-01`);
    expect(formatTraceparent({ traceId: TRACE, spanId: PARENT }, false)).toBe(
      `00-${TRACE}-${PARENT}-00`,
    );
    expect(formatTraceparent({ traceId: 'req-1', spanId: PARENT })).toBeUndefined();
    expect(formatTraceparent({ traceId: TRACE })).toBeUndefined();
  });
});

describe('runWithCorrelation', () => {
  it('lets an inner scope add and override IDs, but an undefined one does not hide the outer', () => {
    runWithCorrelation({ traceId: 't-outer', requestId: 'r-outer', service: 'api' }, () => {
      runWithCorrelation({ traceId: undefined, requestId: 'r-inner', spanId: 's-1' }, () => {
        expect(getCorrelation()).toEqual({
          traceId: 't-outer',
          requestId: 'r-inner',
          spanId: 's-1',
          service: 'api',
        });
      });
      expect(getCorrelation()).toEqual({
        traceId: 't-outer',
        requestId: 'r-outer',
        service: 'api',
      });
    });
    expect(getCorrelation()).toBeUndefined();
  });
});

describe('correlationFromHeaders', () => {
  it('takes the trace from traceparent before x-amzn-trace-id, the request from x-request-id', () => {
    const c = correlationFromHeaders(
      {
        traceparent: `00-${TRACE}-${PARENT}-01`,
        'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
        'x-request-id': ' req-42 ',
      },
      { service: 'api' },
    );
    expect(c.traceId).toBe(TRACE);
    expect(c.requestId).toBe('req-42');
    expect(c.service).toBe('api');
    // This service's own span, not the caller's.
    expect(c.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(c.spanId).not.toBe(PARENT);
  });

  it('reads the X-Ray root as the equivalent W3C trace ID', () => {
    const c = correlationFromHeaders(
      {
        'x-amzn-trace-id':
          'Self=1-aa;Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995c3f42cd8ad8',
      },
      { generate: false },
    );
    expect(c).toEqual({ traceId: '5759e988bd862e3fe1be46a994272793' });
  });

  it('generates what is missing, or leaves it out with generate: false', () => {
    const made = correlationFromHeaders({});
    expect(made.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(made.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(made.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationFromHeaders({ traceparent: 'garbage' }, { generate: false })).toEqual({});
  });

  it('takes the first of repeated headers, and reads fetch Headers', () => {
    expect(
      correlationFromHeaders({ 'x-request-id': ['a', 'b'] }, { generate: false }).requestId,
    ).toBe('a');
    const headers = new Headers({ traceparent: `00-${TRACE}-${PARENT}-01`, 'X-Request-Id': 'r' });
    expect(correlationFromHeaders(headers, { generate: false })).toEqual({
      traceId: TRACE,
      requestId: 'r',
    });
  });

  it('puts an incoming node:http request in scope for the events its handler writes', async () => {
    const lines: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      void runWithCorrelation(correlationFromRequest(req, { service: 'api' }), async () => {
        await new Promise((resolve) => setImmediate(resolve));
        lines.push(serializeStructured({ level: 'INFO', message: 'handled' }, 0, getCorrelation()));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            headers: { traceparent: `00-${TRACE}-${PARENT}-01`, 'x-request-id': 'req-7' },
          },
          (res) => {
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end();
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const event = JSON.parse(lines[0]!) as Record<string, string>;
    expect(event).toMatchObject({ trace_id: TRACE, request_id: 'req-7', service: 'api' });
    expect(event.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(getCorrelation() satisfies Correlation | undefined).toBeUndefined();
  });
});
