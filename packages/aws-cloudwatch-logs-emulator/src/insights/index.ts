import type { QueryEngine } from '../query-engine.js';
import {
  createQueryEngineWith,
  type InsightsEngineOptions,
  type InsightsLibrary,
} from './engine.js';
import { flattenJson } from './fields.js';
import { SCALAR_FUNCTIONS } from './functions/index.js';
import { renderValue } from './render.js';

export type { InsightsEngineOptions, InsightsLibrary } from './engine.js';
export { createQueryEngineWith } from './engine.js';

/** The documented functions, JSON field discovery and the service's rendering of values. */
export const INSIGHTS_LIBRARY: InsightsLibrary = {
  functions: SCALAR_FUNCTIONS,
  flattenJson,
  renderValue,
};

/**
 * The Logs Insights (CWLI) query engine the emulator runs by default: the documented commands,
 * operators and functions over the events of the queried log groups.
 */
export function createInsightsQueryEngine(options: InsightsEngineOptions = {}): QueryEngine {
  return createQueryEngineWith(INSIGHTS_LIBRARY, options);
}
