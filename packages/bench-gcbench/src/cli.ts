/**
 * gcbench's command line (`gcbench.c` `main`): parse the options, print the
 * seed when none was given, and run each named pool test, printing its CPU
 * seconds as the C program does, then what this port adds (objects, bytes,
 * memory, pauses). Run with `pnpm start -- [options] amc ams`.
 * See docs/design/bench-gcbench.md `.if.cli`.
 * .critical: none.
 */

import { OptionError, parseGcbenchArgs, usage } from "./options.js";
import { pauseStats } from "./pauses.js";
import { rndSeed } from "./rnd.js";
import { runTreeMps } from "./run.js";

function main(argv: string[]): number {
  let o;
  try {
    o = parseGcbenchArgs(argv, rndSeed());
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    console.error(`gcbench: ${e.message}`);
    console.error(usage());
    return 1;
  }
  if (o.help) {
    console.error(usage());
    return 1;
  }
  if (!o.seedSpecified) console.log(`seed: ${o.seed}`);
  for (const test of o.tests) {
    const r = runTreeMps(o, test, true);
    const p = pauseStats(r.pauses);
    console.log(`${test}: ${r.cpu.toFixed(3)}`);
    console.log(
      `  ${r.objects} vectors, ${r.bytes} bytes, wall ${r.wall.toFixed(3)} s, ${r.collections} collections, ` +
        `peak committed ${r.committedPeak}, largest live ${r.liveMax}, pauses ${p.count} ` +
        `(median ${(p.median * 1e3).toFixed(2)} ms, p99 ${(p.p99 * 1e3).toFixed(2)} ms, max ${(p.max * 1e3).toFixed(2)} ms)` +
        (o.verify ? `, ${r.verified} vectors verified` : ""),
    );
  }
  return 0;
}

const args = process.argv.slice(2);
// `pnpm start -- -d 16 amc` passes the "--" on; it is not an argument of gcbench.
process.exitCode = main(args[0] === "--" ? args.slice(1) : args);
