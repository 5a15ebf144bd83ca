import type { Colours } from '../io.js';
import { colourLevel } from './level.js';

/** What the waterfall draws; the client's `TraceTimeline` has this shape. */
export interface WaterfallTimeline {
  traceId?: string | undefined;
  requestId?: string | undefined;
  startTime: number;
  endTime: number;
  durationMs: number;
  services: ReadonlyArray<{
    service: string;
    firstTimestamp: number;
    lastTimestamp: number;
    durationMs: number;
    eventCount: number;
    errorCount: number;
  }>;
  events: ReadonlyArray<{
    timestamp: number;
    service: string;
    level?: string | undefined;
    message: string;
  }>;
}

export interface WaterfallOptions {
  colours: Colours;
  /** Characters for the bars. Default 40. */
  barWidth?: number;
  /** Events listed under the bars; the rest are counted. Default 30. */
  maxEvents?: number;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/**
 * One row per service, a bar placed on the trace's time axis from its first to its last
 * event, then the events in time order with their offset from the trace's start.
 */
export function renderWaterfall(timeline: WaterfallTimeline, options: WaterfallOptions): string {
  const c = options.colours;
  const width = options.barWidth ?? 40;
  const span = Math.max(1, timeline.endTime - timeline.startTime);
  const nameWidth = Math.max(7, ...timeline.services.map((s) => s.service.length));
  const id = timeline.traceId ?? timeline.requestId ?? '';
  const lines = [
    c.bold(`trace ${id}`) +
      c.dim(
        ` — ${timeline.services.length} services, ${timeline.events.length} events, ${ms(timeline.durationMs)}`,
      ),
    `${'service'.padEnd(nameWidth)}  ${'0'.padEnd(width - ms(span).length)}${ms(span)}  duration  events`,
  ];
  for (const s of timeline.services) {
    const from = Math.min(
      width - 1,
      Math.floor(((s.firstTimestamp - timeline.startTime) / span) * width),
    );
    const to = Math.max(
      from + 1,
      Math.ceil(((s.lastTimestamp - timeline.startTime) / span) * width),
    );
    const bar = ' '.repeat(from) + '█'.repeat(Math.min(width, to) - from);
    const painted = s.errorCount > 0 ? c.red(bar) : c.green(bar);
    const errors = s.errorCount > 0 ? c.red(` (${s.errorCount} errors)`) : '';
    lines.push(
      `${c.cyan(s.service.padEnd(nameWidth))}  ${painted}${' '.repeat(width - bar.length)}  ${ms(
        s.durationMs,
      ).padStart(8)}  ${String(s.eventCount).padStart(6)}${errors}`,
    );
  }
  const max = options.maxEvents ?? 30;
  lines.push('');
  for (const e of timeline.events.slice(0, max)) {
    const level = (e.level ?? '').toUpperCase();
    lines.push(
      `${c.dim(`+${ms(e.timestamp - timeline.startTime)}`.padStart(10))}  ${c.cyan(
        e.service.padEnd(nameWidth),
      )}  ${level ? colourLevel(level, level.padEnd(5), c) : '     '}  ${e.message}`,
    );
  }
  if (timeline.events.length > max)
    lines.push(c.dim(`… ${timeline.events.length - max} more events`));
  return lines.join('\n');
}
