#!/usr/bin/env node
import { run } from './run.js';

const controller = new AbortController();
let interrupts = 0;
const interrupt = (signal: NodeJS.Signals) => {
  interrupts += 1;
  // A second Ctrl-C while the first is being honoured quits at once.
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error(`interrupted by ${signal}`));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cwlogs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
