export {
  type CompiledFilterPattern,
  compileFilterPattern,
  type FilterPatternKind,
  type MetricObservation,
} from './compile.js';
export { FilterPatternError } from './errors.js';
export { splitFields } from './space-delimited.js';
