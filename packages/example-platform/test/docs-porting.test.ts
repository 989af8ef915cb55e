// The examples of docs/reference/porting.md, run as they stand on the page:
// each ```ts block is written to temp/ and imported (a block throws if what
// the page says is false). The page's claims about the interfaces are
// checked by the other tests of this package.
import { describe, expect, it } from "vitest";
import { CHECK_LEVEL } from "@mps/mpm";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const page = readFileSync(fileURLToPath(new URL("../../../docs/reference/porting.md", import.meta.url)), "utf8");
const blocks = [...page.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
const dir = fileURLToPath(new URL("../temp/docs-porting/", import.meta.url));
// The page imports the package by name; the test runs it against the source, which the
// test task does not build.
const src = fileURLToPath(new URL("../src/index.ts", import.meta.url));

describe("docs/reference/porting.md", () => {
  it("has its three runnable examples", () => {
    expect(blocks.length).toBe(3);
  });

  // An example that shows a refused misuse describes the checking levels: rash checks nothing.
  const refuses = (code: string): boolean => /"PARAM"|"FAIL"|throws\(/.test(code);
  const cases = blocks.map((code, i) => ({ n: String(i + 1), code }));
  const skipped = cases.filter((c) => CHECK_LEVEL === "rash" && refuses(c.code));
  if (skipped.length > 0) it.skip.each(skipped)("example $n runs (refusals, not checked at rash)", () => {});
  it.each(cases.filter((c) => !skipped.includes(c)))("example $n runs", async ({ n, code }) => {
    mkdirSync(dir, { recursive: true });
    const file = `${dir}example-${n}.ts`;
    writeFileSync(file, code.replaceAll('from "example-platform"', `from ${JSON.stringify(src)}`));
    await import(/* @vite-ignore */ file);
  });
});
