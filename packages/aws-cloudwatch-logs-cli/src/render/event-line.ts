import type { Colours } from '../io.js';
import { colourLevel, levelOf } from './level.js';

export interface PrintableEvent {
  timestamp?: number | undefined;
  logStreamName?: string | undefined;
  message?: string | undefined;
  eventId?: string | undefined;
  ingestionTime?: number | undefined;
}

/** `aws logs tail` style: time, stream, then the message with its level coloured. */
export function formatEventText(event: PrintableEvent, c: Colours): string {
  const time = new Date(event.timestamp ?? 0).toISOString();
  const message = (event.message ?? '').replace(/\n$/, '');
  const level = levelOf(message);
  return `${c.dim(time)} ${c.cyan(event.logStreamName ?? '-')} ${
    level ? colourLevel(level, message, c) : message
  }`;
}

export function formatEventJson(event: PrintableEvent): string {
  return JSON.stringify({
    timestamp: event.timestamp,
    logStreamName: event.logStreamName,
    message: event.message,
    ...(event.eventId !== undefined ? { eventId: event.eventId } : {}),
  });
}
