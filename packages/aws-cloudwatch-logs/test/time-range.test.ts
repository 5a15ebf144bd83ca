import { describe, expect, it } from 'vitest';
import { TimeRange, ValidationError } from '../src/index.js';

const clock = { now: () => Date.UTC(2024, 4, 1, 12, 0, 0, 250) };

describe('TimeRange', () => {
  it('lastHours and lastMinutes end at the clock', () => {
    const hours = TimeRange.lastHours(2, clock);
    expect(hours.endMs).toBe(clock.now());
    expect(hours.durationMs).toBe(2 * 3_600_000);
    expect(TimeRange.lastMinutes(15, clock).startMs).toBe(clock.now() - 15 * 60_000);
    expect(TimeRange.lastHours(0.5, clock).durationMs).toBe(1_800_000);
  });

  it('converts to epoch seconds without narrowing the range', () => {
    const range = TimeRange.fromEpochMillis(1_000_999, 2_000_001);
    expect(range.toEpochSeconds()).toEqual({ startTime: 1000, endTime: 2001 });
    expect(range.toEpochMillis()).toEqual({ startTime: 1_000_999, endTime: 2_000_001 });
    expect(TimeRange.fromEpochSeconds(10, 20).toEpochMillis()).toEqual({
      startTime: 10_000,
      endTime: 20_000,
    });
  });

  it('between accepts Dates, epoch milliseconds and zoned ISO strings, all as UTC', () => {
    const a = TimeRange.between('2024-05-01T10:00:00Z', '2024-05-01T12:00:00+02:00');
    expect(a.startMs).toBe(Date.UTC(2024, 4, 1, 10));
    expect(a.endMs).toBe(Date.UTC(2024, 4, 1, 10));
    const b = TimeRange.between(new Date(Date.UTC(2024, 0, 1)), Date.UTC(2024, 0, 2));
    expect(b.toString()).toBe('2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z');
    expect(JSON.parse(JSON.stringify(b))).toEqual({
      start: '2024-01-01T00:00:00.000Z',
      end: '2024-01-02T00:00:00.000Z',
    });
  });

  it('refuses zone-less times, which would be read as local time', () => {
    expect(() => TimeRange.between('2024-05-01T10:00:00', '2024-05-01T11:00:00Z')).toThrow(
      expect.objectContaining({ field: 'start', name: 'ValidationError' }),
    );
    expect(() => TimeRange.between('2024-05-01', '2024-05-02')).toThrow(ValidationError);
  });

  it.each([
    () => TimeRange.between(2, 1),
    () => TimeRange.between(Number.NaN, 1),
    () => TimeRange.between(new Date('nope'), 1),
    () => TimeRange.lastHours(0),
    () => TimeRange.lastMinutes(-5),
    () => TimeRange.fromEpochSeconds(-1, 5),
  ])('refuses invalid input (%#)', (make) => {
    expect(make).toThrow(ValidationError);
  });

  it('contains its ends', () => {
    const range = TimeRange.fromEpochMillis(10, 20);
    expect(range.contains(10)).toBe(true);
    expect(range.contains(20)).toBe(true);
    expect(range.contains(21)).toBe(false);
  });

  it('is immutable', () => {
    const range = TimeRange.fromEpochMillis(10, 20);
    expect(Object.isFrozen(range)).toBe(true);
  });
});
