import { expect, it } from "vitest";
import { defaultOptions, maxLiveVectors, parseGcbenchArgs, pauseStats, rndSeed, runTreeJs, runTreeMps, vectorSize } from "../src/index.js";

it("README example: gcbench at a small size on AMC, against V8", () => {
  // The README's example, verbatim from here on.
  const o = parseGcbenchArgs(["-d", "10", "-i", "2", "-p", "3", "-g", "64K,0.85", "--verify", "amc"], rndSeed());
  const mps = runTreeMps(o, "amc", true); // telemetry on: pause times
  const v8 = runTreeJs(o);
  console.log(`${mps.objects} vectors, ${mps.bytes} bytes in ${mps.cpu.toFixed(3)} CPU s; V8 ${v8.cpu.toFixed(3)} s`);
  console.log(`peak committed ${mps.committedPeak}, largest GC live ${mps.liveMax}, pauses`, pauseStats(mps.pauses));
  const live = maxLiveVectors(o, o.seed, o.niter, o.npass) * vectorSize(o.width); // bytes ever live at once
  console.log(`peak committed / largest live size: ${(mps.committedPeak / live).toFixed(2)}`);
  // End of the example.
  expect(mps.objects).toBe(v8.objects);
  expect(mps.verified).toBeGreaterThan(0);
  expect(live).toBeGreaterThan((2 ** 10 - 1) * vectorSize(2));
  expect(defaultOptions(1).depth).toBe(20);
});
