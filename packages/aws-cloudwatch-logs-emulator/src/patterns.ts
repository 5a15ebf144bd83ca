import { invalidParameter } from './errors.js';
import {
  type CompiledFilterPattern,
  compileFilterPattern,
  FilterPatternError,
} from './filter-pattern/index.js';

export type CompiledPattern = CompiledFilterPattern;

const MAX_CACHED = 256;

/**
 * Compiles filter patterns once; a bad one is AWS's InvalidParameterException with the reason.
 * The cache is per emulator and bounded.
 */
export class PatternCache {
  private readonly cache = new Map<string, CompiledPattern>();

  get(pattern: string): CompiledPattern {
    const hit = this.cache.get(pattern);
    if (hit) return hit;
    let compiled: CompiledPattern;
    try {
      compiled = compileFilterPattern(pattern);
    } catch (error) {
      if (error instanceof FilterPatternError) throw invalidParameter(error.message);
      throw error;
    }
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(pattern, compiled);
    return compiled;
  }

  /** Checks a metric transformation fits the pattern (e.g. `$.x` needs a JSON pattern). */
  checkTransformation(
    pattern: string,
    metricValue: string,
    dimensions: Record<string, string> | undefined,
  ): void {
    try {
      this.get(pattern).checkMetricTransformation(metricValue, dimensions);
    } catch (error) {
      if (error instanceof FilterPatternError) throw invalidParameter(error.message);
      throw error;
    }
  }
}
