import { UsageError } from './errors.js';

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `90s`, `10m`, `1h`, `2d`, `1w` → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) {
    throw new UsageError(
      `${flag} must be a duration such as 30s, 10m, 1h or 2d, not ${JSON.stringify(text)}`,
    );
  }
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}

/** An ISO 8601 date-time or epoch milliseconds → epoch milliseconds. */
export function parseTime(text: string, flag: string): number {
  const trimmed = text.trim();
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${flag} must be an ISO date-time (2024-05-01T12:00:00Z) or epoch milliseconds, not ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

export function parsePositiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UsageError(`${flag} must be a positive whole number, not ${JSON.stringify(text)}`);
  }
  return n;
}
