#!/usr/bin/env node
/**
 * The `mps-telemetry` executable: runs {@link mpsTelemetry} on the process's
 * arguments and streams, and exits with its status.
 * See docs/design/telemetry-tools.md `.if.cli`.
 * .critical: none.
 */

import { mpsTelemetry } from "./command.js";

// Output piped into a program that stops reading (`| head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const status = await mpsTelemetry(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
});
process.exitCode = status;
