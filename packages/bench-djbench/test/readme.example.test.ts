import { expect, it } from "vitest";
import { compileTlsf, parseDjArgs, runDj } from "../src/index.js";

it("README example", async () => {
  const lines: unknown[][] = [];
  const log = (...a: unknown[]) => lines.push(a);

  const { options } = parseDjArgs(["-i", "1", "-p", "50", "-b", "16", "-s", "6", "-x", "1"]);
  const tlsf = await compileTlsf(); // AssemblyScript's TLSF, built with asc
  for (const name of ["harness", "mvff", "tlsf"] as const) {
    const r = runDj(name, options, tlsf.module);
    log(name, r.allocs, r.frees); // the same seed gives every allocator the same blocks
  }

  expect(lines).toEqual([["harness", 82, 82], ["mvff", 82, 82], ["tlsf", 82, 82]]);
});
