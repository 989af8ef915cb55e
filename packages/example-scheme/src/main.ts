#!/usr/bin/env node
/**
 * The `mps-scheme` executable: runs the command line (src/cli.ts) with the
 * process's arguments and streams. See docs/design/example-scheme.md `.impl.cli`.
 * .critical: none.
 */

import { main } from "./cli.js";

process.exitCode = await main(process.argv.slice(2));
