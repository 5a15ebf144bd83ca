import { describe, expect, it } from 'vitest';
import {
  isLogLevel,
  isRetentionDays,
  LOG_LEVELS,
  LogLevel,
  logLevelSeverity,
  RETENTION_DAYS_VALUES,
  RetentionDays,
} from '../src/index.js';

describe('RetentionDays', () => {
  it('is exactly the set PutRetentionPolicy documents', () => {
    expect(RETENTION_DAYS_VALUES).toEqual([
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
      3288, 3653,
    ]);
    expect(RetentionDays.OneYear).toBe(365);
    expect(RetentionDays.TenYears).toBe(3653);
  });

  it('isRetentionDays accepts members only', () => {
    expect(isRetentionDays(30)).toBe(true);
    expect(isRetentionDays(31)).toBe(false);
    expect(isRetentionDays('30')).toBe(false);
  });
});

describe('LogLevel', () => {
  it('orders the levels by severity', () => {
    expect(LOG_LEVELS).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
    expect(logLevelSeverity(LogLevel.Error)).toBeGreaterThan(logLevelSeverity(LogLevel.Warn));
    expect(logLevelSeverity(LogLevel.Trace)).toBe(0);
    expect(() => logLevelSeverity('LOUD' as LogLevel)).toThrow(TypeError);
  });

  it('isLogLevel recognises the written values', () => {
    expect(isLogLevel('ERROR')).toBe(true);
    expect(isLogLevel('error')).toBe(false);
  });
});
