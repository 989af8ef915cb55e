import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { checkLayers, findCycles, levelOf, readLayerTable, readWorkspace, type LayerTable } from "../src/layers.js";

const table: LayerTable = {
  layers: [
    { level: 0, name: "base", packages: ["mpm", "ring"] },
    { level: 1, name: "lands", packages: ["land", "cbs"] },
    { level: 2, name: "top", packages: ["mps", "example-*"] },
  ],
};

describe(".req.layers: checkLayers on made-up graphs", () => {
  it("accepts a graph that only goes down or sideways", () => {
    expect(
      checkLayers(table, [
        { name: "mpm", deps: [] },
        { name: "ring", deps: ["mpm"] },
        { name: "land", deps: ["mpm"] },
        { name: "cbs", deps: ["land", "ring"] },
        { name: "mps", deps: ["cbs"] },
        { name: "example-demo", deps: ["mps", "cbs"] },
      ]),
    ).toEqual([]);
  });

  it("names the edge that goes up a layer", () => {
    const problems = checkLayers(table, [
      { name: "mpm", deps: ["cbs"] },
      { name: "cbs", deps: [] },
    ]);
    expect(problems).toEqual(["mpm (layer 0) -> cbs (layer 1): depends on a higher layer"]);
  });

  it("names a cycle within one layer", () => {
    const problems = checkLayers(table, [
      { name: "land", deps: ["cbs"] },
      { name: "cbs", deps: ["land"] },
    ]);
    expect(problems).toEqual(["dependency cycle: cbs -> land -> cbs"]);
  });

  it("finds a longer cycle that also climbs layers", () => {
    const problems = checkLayers(table, [
      { name: "mpm", deps: ["mps"] },
      { name: "mps", deps: ["cbs"] },
      { name: "cbs", deps: ["mpm"] },
    ]);
    expect(problems).toContain("mpm (layer 0) -> mps (layer 2): depends on a higher layer");
    expect(problems).toContain("dependency cycle: cbs -> mpm -> mps -> cbs");
  });

  it("finds a self-dependency", () => {
    expect(findCycles([{ name: "ring", deps: ["ring"] }])).toEqual([["ring", "ring"]]);
  });

  it("rejects a package missing from the table, and a dependency outside the workspace", () => {
    const problems = checkLayers(table, [
      { name: "mystery", deps: [] },
      { name: "ring", deps: ["ghost"] },
    ]);
    expect(problems).toEqual([
      "package mystery is not in the layer table (tools/layers.json)",
      "ring -> ghost: ghost is not a package of this workspace",
    ]);
  });

  it("matches prefix patterns", () => {
    expect(levelOf(table, "example-scheme")).toBe(2);
    expect(levelOf(table, "examples")).toBeUndefined();
    expect(levelOf(table, "exampl")).toBeUndefined();
  });
});

describe("this repository", () => {
  it("design/shield.req.layer: is well layered (DESIGN.md §3)", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
    const nodes = readWorkspace(root);
    expect(nodes.length).toBeGreaterThan(0);
    expect(checkLayers(readLayerTable(root), nodes)).toEqual([]);
  });
});
