import { describe, expect, it } from "vitest";
import { npmName, packageFiles } from "../src/templates.js";

describe("packageFiles", () => {
  const files = packageFiles({ name: "pool-xyz", description: "A test pool.", deps: ["mpm", "arena"], isPrivate: false });

  it("writes every file a package needs", () => {
    for (const f of ["package.json", "tsconfig.json", "tsconfig.test.json", "vitest.config.ts", "api-extractor.json", "README.md", "src/index.ts", "test/pool-xyz.test.ts", "bench/index.ts", "etc/.gitkeep"]) {
      expect(files.has(`packages/pool-xyz/${f}`), f).toBe(true);
    }
    expect(files.has("docs/design/pool-xyz.md")).toBe(true);
  });

  it("makes a scoped ESM package with an exports map and workspace dependencies", () => {
    const pj = JSON.parse(files.get("packages/pool-xyz/package.json")!);
    expect(pj.name).toBe("@mps/pool-xyz");
    expect(pj.type).toBe("module");
    expect(pj.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(pj.dependencies).toEqual({ "@mps/mpm": "workspace:*", "@mps/arena": "workspace:*" });
    expect(Object.keys(pj.scripts)).toEqual(["build", "test", "typecheck", "bench", "api", "api:update", "docs"]);
  });

  it("references the dependencies' projects for tsc -b", () => {
    const ts = JSON.parse(files.get("packages/pool-xyz/tsconfig.json")!);
    expect(ts.references).toEqual([{ path: "../mpm" }, { path: "../arena" }]);
  });

  it("gives private examples their plain name and no api report", () => {
    const ex = packageFiles({ name: "example-foo", description: "x", deps: [], isPrivate: true });
    const pj = JSON.parse(ex.get("packages/example-foo/package.json")!);
    expect(pj.name).toBe("example-foo");
    expect(pj.private).toBe(true);
    expect(pj.scripts.api).toBeUndefined();
    expect(ex.has("packages/example-foo/api-extractor.json")).toBe(false);
    expect(npmName("cbs")).toBe("@mps/cbs");
  });
});
