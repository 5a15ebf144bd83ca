export { CommandError, describeError, UsageError } from './errors.js';
export { type CliIO, coloursFor } from './io.js';
export { columnsOf, type RecordFormat, renderRecords } from './render/records.js';
export {
  renderWaterfall,
  type WaterfallOptions,
  type WaterfallTimeline,
} from './render/waterfall.js';
export { run } from './run.js';
