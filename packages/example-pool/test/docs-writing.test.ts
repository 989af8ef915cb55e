// The runnable example of docs/pool/writing.md: the page's block is the file
// docs-writing.example.ts word for word, and it runs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { CHECK_LEVEL } from "@mps/mpm";

const page = readFileSync(fileURLToPath(new URL("../../../docs/pool/writing.md", import.meta.url)), "utf8");
const example = readFileSync(fileURLToPath(new URL("./docs-writing.example.ts", import.meta.url)), "utf8");

it(".test.docs: the page's runnable block is docs-writing.example.ts", () => {
  const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toContain(example);
});

// The block shows refusals of the generic functions, which rash does not check.
it.skipIf(CHECK_LEVEL === "rash")(".test.docs: the page's runnable block runs", async () => {
  await expect(import("./docs-writing.example.js")).resolves.toBeDefined();
});

it(".test.docs: every fragment the page quotes from the package's source is in it", () => {
  const src = ["msf.ts", "msf-seg.ts"].map((f) => readFileSync(fileURLToPath(new URL(`../src/${f}`, import.meta.url)), "utf8")).join("\n");
  const fragments = [...page.matchAll(/```ts fragment\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(fragments.length).toBeGreaterThan(5);
  const norm = (s: string): string => s.replace(/\s+/g, " ").trim();
  for (const f of fragments) {
    // a fragment may elide with "// ..." lines: each piece between them must be in the source
    for (const piece of f.split(/^\s*\/\/ \.\.\..*$/m)) if (piece.trim() !== "") expect(norm(src).includes(norm(piece)), piece).toBe(true);
  }
});
