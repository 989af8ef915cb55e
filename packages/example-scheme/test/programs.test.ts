// The Scheme test programs (test/scheme/*.scm) against their expected output
// (*.out), each on both protection backends, with and without a collection
// after every top-level form: the output must not depend on when objects move.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Interp } from "../src/index.js";

const dir = fileURLToPath(new URL("./scheme/", import.meta.url));
const programs = readdirSync(dir).filter((f) => f.endsWith(".scm")).sort();

/** Run a program as the REPL would (values printed, errors reported, the rest still run). */
export function runProgram(text: string, protection: "none" | "software", collectEveryForm: boolean): string {
  const size = /arena-size: (\d+)/.exec(text);
  let out = "";
  const interp = new Interp({
    write: (s) => { out += s; },
    arenaSize: size !== null ? Number(size[1]) : 8 << 20,
    protection,
    collectEveryForm,
  });
  try {
    interp.evalText(text, { print: true, stopOnError: false });
  } finally {
    interp.destroy();
  }
  return out;
}

describe(".test.programs: Scheme programs and their expected output", () => {
  it(".req.language: there are programs for every area", () => {
    expect(programs).toEqual(expect.arrayContaining(["basics.scm", "numbers.scm", "lists.scm", "strings.scm", "tail.scm", "alloc.scm", "hashtables.scm", "errors.scm", "weak.scm"]));
  });
  for (const file of programs) {
    for (const protection of ["none", "software"] as const) {
      for (const every of [false, true]) {
        // .req.pools .req.roots .req.language: real programs on the default pools (AMC, AMCZ, AWL), objects moving under collections
        it(`${file}, protection ${protection}${every ? ", collecting after every form" : ""}`, () => {
          const text = readFileSync(dir + file, "utf8");
          const expected = readFileSync(dir + file.replace(/\.scm$/, ".out"), "utf8");
          expect(runProgram(text, protection, every)).toBe(expected);
        }, 300_000);
      }
    }
  }
});
