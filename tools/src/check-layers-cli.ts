/** `pnpm check-layers`: run the layering check on this repository. */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { checkLayers, readLayerTable, readWorkspace } from "./layers.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nodes = readWorkspace(root);
const problems = checkLayers(readLayerTable(root), nodes);
if (problems.length > 0) {
  for (const p of problems) console.error(`layering: ${p}`);
  process.exit(1);
}
console.log(`layering: ${nodes.length} packages, no dependency on a higher layer, no cycle`);
