import { createSpinner } from 'nanospinner';
import type { CliIO } from './io.js';

export interface Progress {
  update(text: string): void;
  stop(text?: string, ok?: boolean): void;
}

/** A spinner on stderr when it is a terminal; silent otherwise, so pipes stay clean. */
export function spinnerFor(io: CliIO, text: string): Progress {
  if (io.stderr.isTTY !== true) return { update() {}, stop() {} };
  const spinner = createSpinner(text, { stream: io.stderr as NodeJS.WriteStream }).start();
  return {
    update: (t) => spinner.update({ text: t }),
    stop: (t, ok = true) => {
      if (ok) spinner.success(t === undefined ? undefined : { text: t });
      else spinner.error(t === undefined ? undefined : { text: t });
    },
  };
}
