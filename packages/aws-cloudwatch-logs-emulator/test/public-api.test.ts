import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('the public API', () => {
  it('exports the filter pattern compiler as the README shows', () => {
    const p = api.compileFilterPattern('{ $.level = "ERROR" && $.latency > 500 }');
    expect(p.matches('{"level":"ERROR","latency":800}')).toBe(true);
    expect(p.extract('{"level":"ERROR","latency":800}', '$.latency')).toEqual({
      value: 800,
      dimensions: {},
    });
    expect(() => api.compileFilterPattern('{ $.x = ')).toThrow(api.FilterPatternError);
  });

  it('exports the entry points, errors and seams', () => {
    for (const name of [
      'startEmulator',
      'createEmulator',
      'FaultController',
      'parseFaultSettings',
      'QuerySyntaxError',
      'unsupportedQueryEngine',
      'encodeAwsLogsEvent',
      'ServiceError',
      'EmulatorConfigError',
      'PersistenceError',
      'ConnectionResetError',
      'OPERATION_NAMES',
      'DEFAULT_LIMITS',
    ])
      expect(api, name).toHaveProperty(name);
    expect(api.DEFAULT_LIMITS).toEqual({
      logGroups: 1_000_000,
      metricFiltersPerGroup: 100,
      subscriptionFiltersPerGroup: 2,
      tagsPerResource: 50,
      concurrentQueries: 30,
      regexesPerGroup: 5,
    });
  });
});
