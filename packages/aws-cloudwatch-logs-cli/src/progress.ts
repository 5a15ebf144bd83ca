import { SingleBar } from 'cli-progress';
import type { CliIO } from './io.js';

export interface ProgressBar {
  increment(): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function createProgressBar(io: CliIO, total: number, label: string): ProgressBar {
  if (io.stderr.isTTY !== true) return { increment() {}, stop() {} };
  const bar = new SingleBar({
    stream: io.stderr as NodeJS.WriteStream,
    format: `${label} [{bar}] {value}/{total} requests`,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}
