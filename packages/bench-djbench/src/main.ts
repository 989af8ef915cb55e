/**
 * The djbench command: parse the options, run the named allocators on one
 * setting (one timed round each, after an untimed warm-up) and print the
 * table. See docs/design/bench-djbench.md `.if.main`.
 * .critical: none.
 */
import { DJ_DEFAULTS, DJ_USAGE, DjUsageError, parseDjArgs } from "./options.js";
import { formatReference, formatSetting, measureSetting } from "./report.js";
import { compileTlsf } from "./tlsf.js";

/**
 * Run djbench with the arguments `argv` (without the program name),
 * writing lines with `out` and errors with `err`. Returns the exit code:
 * 0, or 2 for a usage error (the message and the usage are printed), or 1
 * if an allocator failed.
 * @public
 */
export async function djMain(argv: readonly string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  let args;
  try {
    args = parseDjArgs(argv);
  } catch (e) {
    if (e instanceof DjUsageError) {
      err(`djbench: ${e.message}`);
      err(DJ_USAGE);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    out(DJ_USAGE);
    return 0;
  }
  const o = args.options;
  if (!o.seedGiven) out(`seed: ${o.seed}`);
  let tlsf: { module: WebAssembly.Module | null; error: string | null } = { module: null, error: "not compiled" };
  if (args.allocators.includes("tlsf")) {
    tlsf = await compileTlsf();
    if (tlsf.error !== null) err(`djbench: tlsf: ${tlsf.error}`);
  }
  const names = args.allocators.includes("harness") ? args.allocators : (["harness", ...args.allocators] as const);
  const sr = measureSetting({ label: "djbench", options: o }, [...names], tlsf, 1);
  out(`djbench (Node ${process.version}, MPS_CHECK=${process.env["MPS_CHECK"] || "hot"})`);
  out(formatSetting(sr));
  // The C figures are for `-i 10 -s 6` with the other defaults: compare only that setting.
  const d = DJ_DEFAULTS;
  if (o.niter === 10 && o.sshift === 6 && o.npass === d.npass && o.nblocks === d.nblocks && o.pact === d.pact && o.rinter === d.rinter && o.rmax === d.rmax) {
    out(formatReference(sr));
  }
  return [...sr.outcomes.values()].some((oc) => oc.error !== null) ? 1 : 0;
}
