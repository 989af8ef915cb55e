/**
 * `pnpm bench`: gcbench and cons churn on the MPS against V8, in one report
 * (docs/design/bench-gcbench.md `.bench`). The measured code runs from the
 * compiled `dist` in a plain node process at the `hot` checking level
 * unless MPS_CHECK says otherwise: under tsx every imported binding is read
 * through a getter, which slowed the MPS's loops several times.
 *
 * .req.report: this is the report pnpm bench prints; .req.no-alloc: the mutator loops it times allocate no JS objects.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const build = spawnSync("pnpm", ["exec", "tsc", "-b"], { cwd: join(here, ".."), stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, [join(here, "..", "dist", "bench-main.js"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, MPS_CHECK: process.env.MPS_CHECK ?? "hot" },
});
process.exit(run.status ?? 1);
