/**
 * `pnpm new-package <name> [--description TEXT] [--deps a,b] [--layer N] [--private]`:
 * create packages/<name> from the skeleton in templates.ts, ready to build and
 * test, list it in the layer table and in the root tsconfig's references.
 * Existing files are kept, never overwritten.
 */
import { parseArgs } from "node:util";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageFiles } from "./templates.js";
import { levelOf, type LayerTable } from "./layers.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    description: { type: "string", default: "" },
    deps: { type: "string", default: "mpm" },
    layer: { type: "string" },
    private: { type: "boolean", default: false },
  },
});

const name = positionals[0];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error("usage: pnpm new-package <name> [--description TEXT] [--deps a,b] [--layer N] [--private]");
  console.error("  <name> is kebab-case, such as cbs or pool-amc");
  process.exit(2);
}

const tablePath = join(root, "tools", "layers.json");
const table = JSON.parse(readFileSync(tablePath, "utf8")) as LayerTable;
if (levelOf(table, name) === undefined) {
  if (values.layer === undefined) {
    console.error(`new-package: ${name} is not in tools/layers.json; say which layer with --layer N`);
    process.exit(2);
  }
  const layer = table.layers.find((l) => l.level === Number(values.layer));
  if (!layer) {
    console.error(`new-package: no layer ${values.layer} in tools/layers.json`);
    process.exit(2);
  }
  layer.packages.push(name);
  writeFileSync(tablePath, `${JSON.stringify(table, null, 2)}\n`);
  console.log(`added ${name} to layer ${layer.level} in tools/layers.json`);
}

const deps = (values.deps ?? "").split(",").map((s) => s.trim()).filter((s) => s && s !== name);
const files = packageFiles({
  name,
  description: values.description || `The ${name} package of the MPS for TypeScript.`,
  deps,
  isPrivate: (values.private ?? false) || name.startsWith("example-") || name.startsWith("bench-"),
});
for (const [rel, text] of files) {
  const file = join(root, rel);
  if (existsSync(file)) {
    console.log(`kept    ${rel}`);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`created ${rel}`);
}

const solution = join(root, "tsconfig.json");
const sol = JSON.parse(readFileSync(solution, "utf8")) as { files: string[]; references: { path: string }[] };
if (!sol.references.some((r) => r.path === `packages/${name}`)) {
  sol.references.push({ path: `packages/${name}` });
  sol.references.sort((a, b) => a.path.localeCompare(b.path));
  writeFileSync(solution, `${JSON.stringify(sol, null, 2)}\n`);
  console.log("added the package to tsconfig.json references");
}
console.log(`\nnext: pnpm install, then in packages/${name}: pnpm run build && pnpm run api:update && pnpm test`);
