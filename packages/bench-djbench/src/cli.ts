#!/usr/bin/env node
/**
 * The `djbench` program: `djbench [option...] [allocator...]` (see `djMain`).
 * See docs/design/bench-djbench.md `.if.main`.
 * .critical: none.
 */
import { djMain } from "./main.js";

process.exitCode = await djMain(process.argv.slice(2));
