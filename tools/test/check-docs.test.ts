import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPackageDocs } from "../src/check-docs.js";

function fixture(opts: { readme: string; design: boolean; report?: string }): { dir: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), "mps-docs-"));
  const dir = join(root, "packages", "thing");
  mkdirSync(join(dir, "etc"), { recursive: true });
  mkdirSync(join(root, "docs", "design"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "@mps/thing", description: "A thing." }));
  writeFileSync(join(dir, "README.md"), opts.readme);
  if (opts.design) writeFileSync(join(root, "docs", "design", "thing.md"), "# thing");
  if (opts.report !== undefined) writeFileSync(join(dir, "etc", "thing.api.md"), opts.report);
  return { dir, root };
}

const goodReadme = "# x\n## Interface\n## Example\n```ts\nx\n```\n## Design\n";

describe("checkPackageDocs", () => {
  it("passes a complete package", () => {
    const { dir, root } = fixture({ readme: goodReadme, design: true, report: "// @public\nexport function f(): void;\n" });
    expect(checkPackageDocs(dir, root)).toEqual([]);
  });
  it("names each missing piece", () => {
    const { dir, root } = fixture({ readme: "# x\n", design: false, report: "    // (undocumented)\n    get size(): number;\n" });
    const p = checkPackageDocs(dir, root);
    expect(p).toContain('@mps/thing: README.md has no "## Example" section');
    expect(p).toContain("@mps/thing: no docs/design/thing.md");
    expect(p.some((s) => s.includes("undocumented: get size(): number;"))).toBe(true);
  });
  it("asks for the api report", () => {
    const { dir, root } = fixture({ readme: goodReadme, design: true });
    expect(checkPackageDocs(dir, root)).toEqual(["@mps/thing: no api report etc/thing.api.md (run pnpm api:update)"]);
  });
});
