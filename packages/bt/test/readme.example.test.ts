// The README's example, run: the code between the README markers below is the
// README's ```ts block without its import line (a test checks they match), and
// it must print what its comments say.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
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
  console.log(btFindShortResRange(pages, 0, 100, 3, run), run.limit); // 10 13

  // All of the lowest free run of at least 5 pages.
  btFindLongResRange(pages, 0, 100, 5, run);
  console.log(run.base, run.limit); // 40 100

  // The highest 8 free pages below page 60.
  console.log(btFindShortResRangeHigh(pages, 0, 60, 8)); // 52

  // Nothing fits: -1, and `run` keeps what it had.
  console.log(btFindShortResRange(pages, 0, 40, 5, run), run.base); // -1 40

  console.log(btCountResRange(pages, 0, 100)); // 64
  // README:end
}

function readmeBlock(): string[] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const m = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no ts block");
  return m[1]!.trimEnd().split("\n");
}

describe("README", () => {
  it(".intro: the README example runs and prints what its comments say", () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
    try {
      example();
    } finally {
      spy.mockRestore();
    }
    const promised = readmeBlock()
      .filter((l) => l.startsWith("console.log("))
      .map((l) => l.slice(l.lastIndexOf("// ") + 3));
    expect(printed).toEqual(promised);
    expect(printed).toEqual(["10 13", "40 100", "52", "-1 40", "64"]);
  });

  it(".intro: the code here is the README's example", () => {
    const self = readFileSync(new URL(import.meta.url), "utf8").split("\n");
    const begin = self.findIndex((l) => l.trim() === "// README:begin");
    const end = self.findIndex((l) => l.trim() === "// README:end");
    const here = self.slice(begin + 1, end).map((l) => l.replace(/^ {2}/, ""));
    const [importLine, blank, ...body] = readmeBlock();
    expect(blank).toBe("");
    expect(body).toEqual(here);
    // Every name the README imports is exported by the package.
    const names = /^import \{ (.*) \} from "@mps\/bt";$/.exec(importLine!)![1]!.split(", ");
    for (const name of names) expect(bt, name).toHaveProperty(name);
  });
});
