import type { Colours } from '../io.js';

const LEVEL_WORD = /\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b/;

/** The level of a log line: the `level` of a JSON message, else the first level word. */
export function levelOf(message: string): string | undefined {
  if (message.startsWith('{')) {
    try {
      const parsed = JSON.parse(message) as { level?: unknown; severity?: unknown };
      const level = parsed.level ?? parsed.severity;
      if (typeof level === 'string') return level.toUpperCase();
    } catch {
      // not JSON after all: fall through to the text scan
    }
  }
  return LEVEL_WORD.exec(message)?.[1];
}

export function colourLevel(level: string, text: string, c: Colours): string {
  switch (level) {
    case 'FATAL':
      return c.bold(c.red(text));
    case 'ERROR':
      return c.red(text);
    case 'WARN':
    case 'WARNING':
      return c.yellow(text);
    case 'INFO':
      return c.green(text);
    case 'DEBUG':
    case 'TRACE':
      return c.dim(text);
    default:
      return text;
  }
}
