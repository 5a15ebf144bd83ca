import { describe, expect, it } from 'vitest';
import { cleanEnv, cwlogs } from './cli.js';

describe('demo', () => {
  it('runs against the embedded emulator with no AWS configuration and draws a three-service timeline', async () => {
    const { code, stdout, stderr } = await cwlogs(['demo', '--requests', '300'], cleanEnv());
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stderr).toMatch(/embedded emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/300 requests handled; every event flushed to 3 log groups/);
    const waterfall = stdout.split('\n');
    expect(waterfall[0]).toMatch(/^trace [0-9a-f]{32} — 3 services/);
    expect(waterfall.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(['api', 'auth', 'db']);
    expect(stdout).toMatch(/│ service\s+│ level\s+│ events\s+│/);
    for (const service of ['api', 'auth', 'db'])
      expect(stdout).toMatch(new RegExp(`│ ${service}\\s+│ INFO`));
  }, 60_000);
});
