/**
 * The entry point of `pnpm bench` (bench/index.ts runs this compiled file in
 * a plain node process): print the report of issue 5.
 * See docs/design/bench-gcbench.md `.bench`.
 * .critical: none.
 */

import { report } from "./report.js";

report();
