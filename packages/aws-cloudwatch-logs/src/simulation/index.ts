export { type EventTemplates, type GenerateEventsOptions, generateEvents } from './generate.js';
export { type MockLogEvent, type MockLogListener, MockLogStream } from './mock-log-stream.js';
export { Prng } from './prng.js';
export {
  type BufferSink,
  type ReplayOptions,
  type ReplaySource,
  type ReplayTarget,
  replay,
  type StructuredSink,
} from './replay.js';
export { type SimulatedEvent, simulatedEventToJson } from './simulated-event.js';
