// The README's example, run: the code between the README markers below is the
// README's ```ts block without its import lines (a test checks they match); its
// asserts are what the README promises. (tools/src/samples.ts runs the README's
// block itself too, against the built package.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as bt from "../src/index.js";
import { BTRange, btCountResRange, btCreate, btFindLongResRange, btFindShortResRange, btFindShortResRangeHigh, btSetRange } from "../src/index.js";

function example(): void {
  // README:begin
  // A page table of 100 pages: a set bit is a page in use.
  const pages = btCreate(100);
  btSetRange(pages, 0, 10); // pages 0 to 9 are in use
  btSetRange(pages, 14, 40); // and pages 14 to 39

  // One result record for every search: searching allocates nothing.
  const run = new BTRange();

  // The lowest 3 free pages.
  assert.deepEqual([btFindShortResRange(pages, 0, 100, 3, run), run.limit], [10, 13]);

  // All of the lowest free run of at least 5 pages.
  btFindLongResRange(pages, 0, 100, 5, run);
  assert.deepEqual([run.base, run.limit], [40, 100]);

  // The highest 8 free pages below page 60.
  assert.equal(btFindShortResRangeHigh(pages, 0, 60, 8), 52);

  // Nothing fits: -1, and `run` keeps what it had.
  assert.deepEqual([btFindShortResRange(pages, 0, 40, 5, run), run.base], [-1, 40]);

  assert.equal(btCountResRange(pages, 0, 100), 64);
  // README:end
}

function readmeBlock(): string[] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const m = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no ts block");
  return m[1]!.trimEnd().split("\n");
}

describe("README", () => {
  it(".intro: the README example runs and its asserts hold", () => {
    expect(() => example()).not.toThrow();
  });

  it(".intro: the code here is the README's example", () => {
    const self = readFileSync(new URL(import.meta.url), "utf8").split("\n");
    const begin = self.findIndex((l) => l.trim() === "// README:begin");
    const end = self.findIndex((l) => l.trim() === "// README:end");
    const here = self.slice(begin + 1, end).map((l) => l.replace(/^ {2}/, ""));
    const lines = readmeBlock();
    const imports = lines.filter((l) => l.startsWith("import "));
    const body = lines.slice(imports.length);
    expect(body[0]).toBe("");
    expect(body.slice(1)).toEqual(here);
    // Every name the README imports from the package is exported by it.
    const btImport = imports.find((l) => l.endsWith('from "@mps/bt";'))!;
    const names = /^import \{ (.*) \} from "@mps\/bt";$/.exec(btImport)![1]!.split(", ");
    for (const name of names) expect(bt, name).toHaveProperty(name);
  });
});
