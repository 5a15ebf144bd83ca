import { describe, expect, it } from 'vitest';
import { ClockSkewCorrector, serverTimeOf } from '../src/clock-skew.js';

const MIN = 60_000;

describe('serverTimeOf', () => {
  it('prefers the Date header time', () => {
    expect(serverTimeOf({ code: 'X', message: '', serverTime: 5 })).toBe(5);
  });

  it('reads the server time from the signature-expired message', () => {
    const message =
      'Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)';
    expect(serverTimeOf({ code: 'InvalidSignatureException', message })).toBe(
      Date.UTC(2024, 0, 1, 0, 10, 0),
    );
    const future =
      'Signature not yet current: 20240101T003000Z is still later than 20240101T001500Z (20240101T001000Z + 5 min.)';
    expect(serverTimeOf({ code: 'InvalidSignatureException', message: future })).toBe(
      Date.UTC(2024, 0, 1, 0, 10, 0),
    );
  });

  it('gives up on other messages', () => {
    expect(serverTimeOf({ code: 'X', message: 'nothing here' })).toBeUndefined();
  });
});

describe('ClockSkewCorrector', () => {
  it('learns the offset from a skew error and corrects later times', () => {
    let local = Date.UTC(2025, 0, 1);
    const corrector = new ClockSkewCorrector(() => local);
    const server = local + 20 * MIN;
    expect(
      corrector.correct({ code: 'RequestTimeTooSkewed', message: '', serverTime: server }, local),
    ).toBe(true);
    expect(corrector.offsetMs).toBe(20 * MIN);
    local += 1000;
    expect(corrector.now()).toBe(server + 1000);
  });

  it('corrects a clock that is ahead as well as one that is behind', () => {
    const local = Date.UTC(2025, 0, 1);
    const corrector = new ClockSkewCorrector(() => local);
    corrector.correct(
      { code: 'SignatureDoesNotMatch', message: '', serverTime: local - 30 * MIN },
      local,
    );
    expect(corrector.offsetMs).toBe(-30 * MIN);
  });

  it('ignores codes that are not about the clock', () => {
    const corrector = new ClockSkewCorrector(() => 0);
    expect(corrector.correct({ code: 'AccessDenied', message: '', serverTime: 99 * MIN }, 0)).toBe(
      false,
    );
    expect(corrector.offsetMs).toBe(0);
  });

  it('ignores a signature error when the clocks agree (a wrong secret, say)', () => {
    const corrector = new ClockSkewCorrector(() => 1_000_000);
    expect(
      corrector.correct(
        { code: 'InvalidSignatureException', message: 'bad', serverTime: 1_000_000 + 2000 },
        1_000_000,
      ),
    ).toBe(false);
  });

  it('ignores skew errors without a server time', () => {
    const corrector = new ClockSkewCorrector(() => 0);
    expect(corrector.correct({ code: 'RequestTimeTooSkewed', message: 'too skewed' }, 0)).toBe(
      false,
    );
  });

  it('tells a concurrent request signed before a correction to retry, without moving the offset again', () => {
    const local = Date.UTC(2025, 0, 1);
    const corrector = new ClockSkewCorrector(() => local);
    const server = local + 10 * MIN;
    corrector.correct({ code: 'RequestTimeTooSkewed', message: '', serverTime: server }, local);
    expect(
      corrector.correct(
        { code: 'RequestTimeTooSkewed', message: '', serverTime: server + 500 },
        local,
      ),
    ).toBe(true);
    expect(corrector.offsetMs).toBe(10 * MIN);
  });
});
