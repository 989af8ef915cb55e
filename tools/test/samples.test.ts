import { describe, expect, it } from "vitest";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkSamples, checkSignatureName, extractSamples, formatSampleProblem, importedPackages, loadApiIndex, signatureNames, type SampleProblem,
} from "../src/samples.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "fixtures", "samples");
const root = join(here, "..", "..");

/** Checks fixture pages in a work folder of their own (the docs test uses tools/temp/samples). */
async function check(pages: string[], work: string, timeoutMs = 20_000): Promise<string[]> {
  const report = await checkSamples({ root, pagesRoot: fixtures, pages, work: join(root, "tools", "temp", `samples-test-${work}`), timeoutMs });
  return report.problems.map(formatSampleProblem);
}

describe("samples: extraction", () => {
  it("finds each kind of block, with the page line of its first line of code", () => {
    const text = "# t\n\n```ts\nconst a = 1;\n```\n\n```ts signature\nf(): void\n```\n\n  ```ts fragment\n  x();\n  ```\n\n```sh\nls\n```\n";
    const problems: SampleProblem[] = [];
    const samples = extractSamples("p.md", text, problems);
    expect(problems).toEqual([]);
    expect(samples.map((s) => [s.kind, s.line, s.code])).toEqual([
      ["program", 4, "const a = 1;\n"],
      ["signature", 8, "f(): void\n"],
      ["fragment", 12, "x();\n"],
    ]);
  });

  it("reports an unknown kind instead of skipping the block", () => {
    const problems: SampleProblem[] = [];
    expect(extractSamples("p.md", "```ts sigature\nf(): void\n```\n", problems)).toEqual([]);
    expect(problems.map(formatSampleProblem)).toEqual([`p.md:1: unknown sample kind "ts sigature" (use ts, ts signature or ts fragment)`]);
  });

  it("reads the names a signature block declares: calls, properties, interface members", () => {
    const names = signatureNames("arena.collect(): void\nPoolClass.MVFF\ninterface FormatOpts {\n  fmtAlign?: Align; // why\n  fmtScan?: (ss: ScanState) => void;\n}\nnew Ring<T>(owner?: T)\n");
    expect(names).toEqual([
      { line: 0, name: "arena.collect" },
      { line: 1, name: "PoolClass.MVFF" },
      { line: 2, name: "FormatOpts" },
      { line: 3, name: "FormatOpts.fmtAlign" },
      { line: 4, name: "FormatOpts.fmtScan" },
      { line: 6, name: "Ring" },
    ]);
  });

  it("maps receivers to types of the api reports, subclasses included", () => {
    const index = loadApiIndex(root);
    expect(checkSignatureName(index, "arena.collect")).toBeUndefined();
    expect(checkSignatureName(index, "ap.reserve")).toBeUndefined();
    expect(checkSignatureName(index, "PoolClass.MVFF")).toBeUndefined();
    expect(checkSignatureName(index, "arena.noSuch")).toMatch(/Arena has no member "noSuch"/);
    expect(checkSignatureName(index, "zork.frob")).toMatch(/neither an export nor a known receiver/);
    // The umbrella's Transform is the interface of @mps/mpm, which has apply but not the
    // arena of @mps/trace's class: a name the umbrella exports means its declaration.
    expect(checkSignatureName(index, "t.apply")).toBeUndefined();
    expect(checkSignatureName(index, "t.arena")).toMatch(/Transform has no member "arena"/);
    expect(checkSignatureName(index, "arena.vmGrowth")).toBeUndefined(); // on VMArena, a subclass
  });
});

describe("samples: the packages that must be built", () => {
  it("are those the programs and fragments import, not the signatures' nor relative modules", () => {
    const code = (kind: "program" | "fragment" | "signature", c: string) => ({ file: "p.md", line: 1, kind, code: c });
    const names = importedPackages([
      code("program", 'import { Arena } from "@mps/mps";\nimport type { X } from "@mps/arena/sub";\nimport { y } from "./local.js";\n'),
      code("fragment", "import { run } from 'example-scheme';\n"),
      code("signature", 'import { z } from "@mps/never";\n'),
    ]);
    expect([...names].sort()).toEqual(["@mps/arena", "@mps/mps", "example-scheme"]);
  });
});

describe("samples: checking fixture pages", () => {
  it("passes a page whose program, signatures and fragment are right", async () => {
    expect(await check(["docs/good/page.md"], "good")).toEqual([]);
  });

  it("fails a program with a type error, at the page line of the error", async () => {
    const p = await check(["docs/bad/type.md"], "type");
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^docs\/bad\/type\.md:6: type error: TS2322: /);
  });

  it("fails a program that throws, at the line of the failed assertion", async () => {
    const p = await check(["docs/bad/assert.md"], "assert");
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^docs\/bad\/assert\.md:7: program failed \(exit 1\): .*the page says three/);
  });

  it("fails a signature naming a missing member, interface field, export or receiver, or a line it cannot read", async () => {
    expect(await check(["docs/bad/signature.md"], "signature")).toEqual([
      `docs/bad/signature.md:5: signature: "arena.noSuchMethod": Arena has no member "noSuchMethod" in the api reports`,
      `docs/bad/signature.md:8: signature: "FormatOpts.fmtNoSuchOption": FormatOpts has no member "fmtNoSuchOption" in the api reports`,
      `docs/bad/signature.md:10: signature: "NoSuchExport" is not exported by any package (api reports)`,
      `docs/bad/signature.md:11: signature: "zork.frob": "zork" is neither an export nor a known receiver (tools/src/samples.ts RECEIVERS)`,
      `docs/bad/signature.md:12: signature: a line that declares no name: -> arena.collect`,
    ]);
  });

  it("fails a fragment that does not parse", async () => {
    const p = await check(["docs/bad/fragment.md"], "fragment");
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toMatch(/^docs\/bad\/fragment\.md:4: fragment does not parse: TS1005: /);
  });

  it("fails a misspelt kind", async () => {
    expect(await check(["docs/bad/kind.md"], "kind")).toEqual([
      `docs/bad/kind.md:3: unknown sample kind "ts sigature" (use ts, ts signature or ts fragment)`,
    ]);
  });

  it("fails a program that does not finish", async () => {
    expect(await check(["docs/bad/timeout.md"], "timeout", 1500)).toEqual([`docs/bad/timeout.md:4: program did not finish within 1500 ms`]);
  });
});

describe("samples: coverage of the umbrella's interface", () => {
  it("lists functions and methods of @mps/mps that no signature block in docs/reference/ names", async () => {
    const work = (w: string): string => join(root, "tools", "temp", `samples-test-${w}`);
    const outside = await checkSamples({ root, pagesRoot: fixtures, pages: ["docs/bad/kind.md"], work: work("cov1") });
    expect(outside.uncovered).toContain("Arena.collect");
    expect(outside.uncovered).toContain("isMpsError");
    expect(outside.uncovered).not.toContain("Arena.check"); // not client interface
    const inside = await checkSamples({ root, pagesRoot: fixtures, pages: ["docs/reference/covered.md"], work: work("cov2") });
    expect(inside.problems).toEqual([]);
    expect(inside.uncovered).not.toContain("Arena.collect");
    expect(inside.uncovered).not.toContain("isMpsError");
    expect(inside.uncovered.length).toBe(outside.uncovered.length - 2);
  });
});
