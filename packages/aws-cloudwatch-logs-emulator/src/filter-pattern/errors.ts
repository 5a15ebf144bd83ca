/**
 * A filter pattern CloudWatch Logs would refuse. `message` is what the service answers with
 * (an `InvalidParameterException` message): it says what is wrong and, where it can, how to fix it.
 */
export class FilterPatternError extends Error {
  override readonly name = 'FilterPatternError';
  readonly code = 'InvalidFilterPattern';
  /** Zero-based offset in the pattern where the problem was found, when there is one. */
  readonly position: number | undefined;
  /** The pattern as given. */
  readonly pattern: string;

  constructor(message: string, pattern: string, position?: number) {
    super(message);
    this.pattern = pattern;
    this.position = position;
  }
}

/** An error shaped like the service's `Invalid filter pattern: …` messages. */
export const invalidPattern = (pattern: string, reason: string, position?: number) =>
  new FilterPatternError(
    position === undefined
      ? `Invalid filter pattern: ${reason}`
      : `Invalid filter pattern: ${reason} (at position ${position})`,
    pattern,
    position,
  );

/** Up to 20 characters of the pattern from `pos`, for saying what was found instead. */
export const snippet = (pattern: string, pos: number, end = pattern.length): string =>
  pattern.slice(pos, Math.min(end, pos + 20)).trimEnd();
