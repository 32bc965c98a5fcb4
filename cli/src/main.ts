#!/usr/bin/env node
import { run } from './run';

// exitCode, not process.exit(): let stdout drain when it is a pipe.
void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
