import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { columnsOf, renderRecords, renderWaterfall } from '../src/index.js';
import { formatEventText } from '../src/render/event-line.js';
import { levelOf } from '../src/render/level.js';

const plain = pc.createColors(false);

describe('renderRecords', () => {
  const rows: Record<string, string>[] = [
    { '@ptr': 'x', service: 'api', n: '2' },
    { '@ptr': 'y', service: 'db, "primary"', n: '10', extra: 'e' },
  ];

  it('finds columns in order of first appearance, leaving @ptr out', () => {
    expect(columnsOf(rows)).toEqual(['service', 'n', 'extra']);
  });

  it('writes RFC 4180 CSV with quoting', () => {
    expect(renderRecords(rows, 'csv')).toBe('service,n,extra\r\napi,2,\r\n"db, ""primary""",10,e');
  });

  it('writes JSON objects with only the shown columns', () => {
    expect(JSON.parse(renderRecords(rows, 'json'))).toEqual([
      { service: 'api', n: '2' },
      { service: 'db, "primary"', n: '10', extra: 'e' },
    ]);
  });

  it('draws a table with a header and one line per row', () => {
    const table = renderRecords(rows, 'table');
    const lines = table.split('\n');
    expect(lines[1]).toMatch(/│ service\s+│ n\s+│ extra │/);
    expect(table).toContain('db, "primary"');
    expect(lines).toHaveLength(5);
    expect(renderRecords([], 'table')).toBe('(no results)');
  });
});

describe('renderWaterfall', () => {
  const timeline = {
    traceId: 'abc',
    startTime: 1000,
    endTime: 1100,
    durationMs: 100,
    services: [
      {
        service: 'api',
        firstTimestamp: 1000,
        lastTimestamp: 1100,
        durationMs: 100,
        eventCount: 2,
        errorCount: 0,
      },
      {
        service: 'auth',
        firstTimestamp: 1010,
        lastTimestamp: 1030,
        durationMs: 20,
        eventCount: 2,
        errorCount: 0,
      },
      {
        service: 'db',
        firstTimestamp: 1050,
        lastTimestamp: 1090,
        durationMs: 40,
        eventCount: 2,
        errorCount: 1,
      },
    ],
    events: [
      { timestamp: 1000, service: 'api', level: 'DEBUG', message: 'api received GET /orders' },
      { timestamp: 1090, service: 'db', level: 'ERROR', message: 'db failed: deadlock' },
    ],
  };

  it('places each service bar on the trace time axis', () => {
    const out = renderWaterfall(timeline, { colours: plain, barWidth: 10 }).split('\n');
    expect(out[0]).toBe('trace abc — 3 services, 2 events, 100 ms');
    expect(out[2]).toBe('api      ██████████    100 ms       2');
    expect(out[3]).toBe('auth      ██            20 ms       2');
    expect(out[4]).toBe('db            ████      40 ms       2 (1 errors)');
    expect(out[6]).toContain('+0 ms');
    expect(out[7]).toMatch(/\+90 ms\s+db\s+ERROR\s+db failed: deadlock/);
  });

  it('counts the events it does not list', () => {
    expect(renderWaterfall(timeline, { colours: plain, maxEvents: 1 })).toMatch(/… 1 more events$/);
  });
});

describe('event lines', () => {
  it('reads the level from JSON or from a level word', () => {
    expect(levelOf('{"level":"warn","message":"x"}')).toBe('WARN');
    expect(levelOf('2024-01-01 ERROR boom')).toBe('ERROR');
    expect(levelOf('nothing here')).toBeUndefined();
    expect(levelOf('{not json ERROR')).toBe('ERROR');
  });

  it('formats time, stream and message, coloured only when asked', () => {
    const event = { timestamp: 0, logStreamName: 's', message: 'ERROR boom\n' };
    expect(formatEventText(event, plain)).toBe('1970-01-01T00:00:00.000Z s ERROR boom');
    expect(formatEventText(event, pc.createColors(true))).toContain('\u001b[31m');
  });
});
