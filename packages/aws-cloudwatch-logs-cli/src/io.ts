import type { Readable, Writable } from 'node:stream';
import pc from 'picocolors';

/** Where a command reads and writes: the process by default, buffers in tests. */
export interface CliIO {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: long commands stop cleanly. */
  readonly signal: AbortSignal;
}

export type Colours = ReturnType<typeof pc.createColors>;

/** Colour only on a TTY, never with NO_COLOR; FORCE_COLOR forces it (tests, pagers). */
export function coloursFor(stream: { isTTY?: boolean }, env: CliIO['env']): Colours {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '';
  return pc.createColors(!noColor && (force || stream.isTTY === true));
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
