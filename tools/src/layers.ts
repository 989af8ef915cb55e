/**
 * The layering check (DESIGN.md §3): every workspace package depends only on
 * packages of its own layer or lower ones, and the dependency graph has no
 * cycle. The table is tools/layers.json; the graph comes from package.json.
 */

import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

/** One layer of the table. `packages` are short names; a trailing `*` matches a prefix. */
export interface Layer {
  level: number;
  name: string;
  packages: string[];
}

/** The layer table. */
export interface LayerTable {
  layers: Layer[];
}

/** A workspace package and the workspace packages it depends on (short names). */
export interface PackageNode {
  name: string;
  deps: string[];
}

/** The scope of the project's packages. */
export const SCOPE = "@mps/";

/** Short name of a package: `@mps/cbs` → `cbs`; private packages keep their own name. */
export function shortName(pkgName: string): string {
  return pkgName.startsWith(SCOPE) ? pkgName.slice(SCOPE.length) : pkgName;
}

/** The level of a package in the table, or undefined when the table does not list it. */
export function levelOf(table: LayerTable, name: string): number | undefined {
  for (const layer of table.layers) {
    for (const p of layer.packages) {
      if (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : p === name) return layer.level;
    }
  }
  return undefined;
}

/**
 * Check a graph against a layer table. Returns the list of problems, each one
 * naming the offending package or edge; empty when the graph is well layered.
 */
export function checkLayers(table: LayerTable, nodes: PackageNode[]): string[] {
  const problems: string[] = [];
  const names = new Set(nodes.map((n) => n.name));
  for (const n of nodes) {
    const lv = levelOf(table, n.name);
    if (lv === undefined) {
      problems.push(`package ${n.name} is not in the layer table (tools/layers.json)`);
      continue;
    }
    for (const d of n.deps) {
      if (!names.has(d)) {
        problems.push(`${n.name} -> ${d}: ${d} is not a package of this workspace`);
        continue;
      }
      const dl = levelOf(table, d);
      if (dl === undefined) continue; // reported for d itself
      if (dl > lv) problems.push(`${n.name} (layer ${lv}) -> ${d} (layer ${dl}): depends on a higher layer`);
    }
  }
  for (const cycle of findCycles(nodes)) problems.push(`dependency cycle: ${cycle.join(" -> ")}`);
  return problems;
}

/** Every elementary cycle found by a depth-first search, each reported once, as a path that returns to its start. */
export function findCycles(nodes: PackageNode[]): string[][] {
  const deps = new Map(nodes.map((n) => [n.name, n.deps]));
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (name: string): void => {
    state.set(name, 1);
    stack.push(name);
    for (const d of deps.get(name) ?? []) {
      if (!deps.has(d)) continue;
      const s = state.get(d);
      if (s === 1) cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(name, 2);
  };
  for (const n of [...deps.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

interface PackageJson {
  name?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The packages under `<root>/packages`, with their workspace dependencies of every kind. */
export function readWorkspace(root: string): PackageNode[] {
  const dir = join(root, "packages");
  const nodes: PackageNode[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const file = join(dir, entry, "package.json");
    if (!existsSync(file)) continue;
    const pj = JSON.parse(readFileSync(file, "utf8")) as PackageJson;
    if (!pj.name) throw new Error(`${file} has no name`);
    const all = { ...pj.dependencies, ...pj.devDependencies, ...pj.peerDependencies, ...pj.optionalDependencies };
    const deps = Object.keys(all)
      .filter((d) => d.startsWith(SCOPE) || all[d]?.startsWith("workspace:"))
      .map(shortName)
      .sort();
    nodes.push({ name: shortName(pj.name), deps });
  }
  return nodes;
}

/** Read the layer table at `<root>/tools/layers.json`. */
export function readLayerTable(root: string): LayerTable {
  return JSON.parse(readFileSync(join(root, "tools", "layers.json"), "utf8")) as LayerTable;
}
