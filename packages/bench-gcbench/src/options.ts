/**
 * The command line of gcbench (`gcbench.c` `main`): the same option letters
 * and long names, parsed with `node:util`'s `parseArgs`, into a plain
 * options object; bad input throws {@link OptionError}.
 * See docs/design/bench-gcbench.md `.if.options`.
 * .critical: none (runs once per program).
 */

import { parseArgs } from "node:util";

/**
 * The pool classes gcbench can run here (the C program also has `awl`).
 * @public
 */
export type GcbenchTest = "amc" | "ams";

/**
 * The protection backends a run can use.
 * @public
 */
export type ProtectionName = "none" | "software";

/**
 * One generation of a chain, as `--gen` gives it: capacity in KiB and
 * mortality in [0, 1].
 * @public
 */
export interface GenSpec {
  /** The capacity in kibibytes. */
  capacity: number;
  /** The expected fraction that dies. */
  mortality: number;
}

/**
 * Everything gcbench's command line sets, with the C program's defaults.
 * @public
 */
export interface GcbenchOptions {
  /** `-t`: threads; only 1 is supported here. @defaultValue 1 */
  nthreads: number;
  /** `-i`: iterations (a new tree each). @defaultValue 5 */
  niter: number;
  /** `-p`: passes over each tree. @defaultValue 10 */
  npass: number;
  /** `-g`: the generations of the chain; empty means the pool's default chain. */
  gen: GenSpec[];
  /** `-m`: the arena's size in bytes. @defaultValue 256 MiB */
  arenaSize: number;
  /** `-a`: the arena's grain size in bytes, or 0 for the arena's default. @defaultValue 0 */
  arenaGrainSize: number;
  /** `-w`: slots per vector. @defaultValue 2 */
  width: number;
  /** `-d`: the depth of the trees. @defaultValue 20 */
  depth: number;
  /** `-r`: the probability of reusing an old subtree. @defaultValue 0.2 */
  preuse: number;
  /** `-u`: the probability of reallocating a node on update. @defaultValue 0.1 */
  pupdate: number;
  /** `-l`: make one leaf vector, held by an ambiguous root, for every leaf. @defaultValue false */
  pinLeaf: boolean;
  /** `-x`: the random seed. @defaultValue from the clock */
  seed: number;
  /** Whether `-x` was given. */
  seedSpecified: boolean;
  /** `-z` clears it: whether the arena allocates by zones. @defaultValue true */
  zoned: boolean;
  /** `-P`: the arena's pause time in seconds. @defaultValue 0.1 */
  pauseTime: number;
  /** `-S`: the arena's spare committed fraction. @defaultValue 0.75 */
  spare: number;
  /**
   * `--heap-growth` (not in the C program): the arena's heap-growth factor
   * (`ArenaOpts.heapGrowth`, not in the MPS). @defaultValue Infinity (no rule, as the MPS)
   */
  heapGrowth: number;
  /** `--protection` (not in the C program): the barrier backend. @defaultValue "none" */
  protection: ProtectionName;
  /**
   * `--clock` (not in the C program): the clock of the pause-time budget and
   * the telemetry, `cpu` (process CPU time, as the C MPS's ANSI plinth) or `wall`.
   * @defaultValue "cpu"
   */
  clock: "cpu" | "wall";
  /** `--verify` (not in the C program): check every reachable node after each pass. @defaultValue false */
  verify: boolean;
  /** `-h`: print the usage. */
  help: boolean;
  /** The pool tests to run, in order. */
  tests: GcbenchTest[];
}

/**
 * A bad command line: the message says which option and why.
 * @public
 */
export class OptionError extends Error {
  /** @param message - what is wrong. */
  constructor(message: string) {
    super(message);
    this.name = "OptionError";
  }
}

/**
 * The defaults of gcbench (`-i 5 -p 10 -w 2 -d 20 -r 0.2 -u 0.1`, 256 MiB
 * arena, pause time 0.1 s), with the seed given.
 * @public
 */
export function defaultOptions(seed: number): GcbenchOptions {
  return {
    nthreads: 1, niter: 5, npass: 10, gen: [], arenaSize: 256 * 1024 * 1024, arenaGrainSize: 0,
    width: 2, depth: 20, preuse: 0.2, pupdate: 0.1, pinLeaf: false, seed, seedSpecified: false,
    zoned: true, pauseTime: 0.1, spare: 0.75, heapGrowth: Infinity, protection: "none", clock: "cpu", verify: false, help: false, tests: [],
  };
}

function uint(opt: string, s: string): number {
  if (!/^\d+$/.test(s)) throw new OptionError(`-${opt}: expected a non-negative integer, not "${s}"`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new OptionError(`-${opt}: ${s} is too large`);
  return n;
}

function real(opt: string, s: string, lo: number, hi: number): number {
  const n = Number(s);
  if (s.trim() === "" || !Number.isFinite(n)) throw new OptionError(`-${opt}: expected a number, not "${s}"`);
  if (n < lo || n > hi) throw new OptionError(`-${opt}: ${s} is outside [${lo}, ${hi}]`);
  return n;
}

/** A size with an optional K, M or G suffix (powers of 1024), in bytes. */
function size(opt: string, s: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(s);
  if (!m) throw new OptionError(`-${opt}: bad size "${s}" (expected n[KMG])`);
  const shift = { "": 0, k: 10, m: 20, g: 30 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  const n = Number(m[1]) * 2 ** shift;
  if (!Number.isSafeInteger(n)) throw new OptionError(`-${opt}: ${s} is too large`);
  return n;
}

/** `--gen=capacity[KMG],mortality`: the capacity must carry its unit (K = KiB). */
function gen(s: string): GenSpec {
  const m = /^(\d+)([kKmMgG]),(.+)$/.exec(s);
  const bad = (): never => {
    throw new OptionError(`-g: bad gen format "${s}": expected capacity[KMG],mortality, e.g. --gen=500K,0.85`);
  };
  if (!m) return bad();
  const capacity = Number(m[1]) * 2 ** { k: 0, m: 10, g: 20 }[m[2]!.toLowerCase() as "k" | "m" | "g"];
  const mortality = Number(m[3]);
  if (capacity === 0 || !Number.isFinite(mortality) || m[3]!.trim() === "" || mortality < 0 || mortality > 1) return bad();
  return { capacity, mortality };
}

/** gcbench's options for `parseArgs`: the C program's letters and long names. */
const OPTIONS = {
  help: { type: "boolean", short: "h" },
  nthreads: { type: "string", short: "t" },
  niter: { type: "string", short: "i" },
  npass: { type: "string", short: "p" },
  gen: { type: "string", short: "g", multiple: true },
  "arena-size": { type: "string", short: "m" },
  "arena-grain-size": { type: "string", short: "a" },
  width: { type: "string", short: "w" },
  depth: { type: "string", short: "d" },
  preuse: { type: "string", short: "r" },
  pupdate: { type: "string", short: "u" },
  "pin-leaf": { type: "boolean", short: "l" },
  seed: { type: "string", short: "x" },
  "arena-unzoned": { type: "boolean", short: "z" },
  "pause-time": { type: "string", short: "P" },
  spare: { type: "string", short: "S" },
  "heap-growth": { type: "string" },
  protection: { type: "string" },
  clock: { type: "string" },
  verify: { type: "boolean" },
} as const;

/**
 * Parse gcbench's arguments (without the program name). Throws
 * {@link OptionError} for an unknown option, a malformed value, a value out
 * of range, more than one thread, or an unknown pool test.
 * @param args - the arguments, such as `["-d", "16", "-i", "20", "amc"]`.
 * @param seed - the seed to use when `-x` is not given.
 * @public
 */
export function parseGcbenchArgs(args: readonly string[], seed: number): GcbenchOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message);
  }
  const v = parsed.values;
  const o = defaultOptions(seed);
  o.help = v.help ?? false;
  if (v.nthreads !== undefined) {
    o.nthreads = uint("t", v.nthreads);
    if (o.nthreads !== 1) throw new OptionError(`-t: only one thread is supported here, not ${o.nthreads}`);
  }
  if (v.niter !== undefined) o.niter = uint("i", v.niter);
  if (v.npass !== undefined) o.npass = uint("p", v.npass);
  if (v.gen !== undefined) {
    if (v.gen.length > 100) throw new OptionError("-g: more than 100 generations (genLIMIT)");
    o.gen = v.gen.map(gen);
  }
  if (v["arena-size"] !== undefined) {
    o.arenaSize = size("m", v["arena-size"]);
    if (o.arenaSize === 0 || o.arenaSize > 2 ** 32) throw new OptionError(`-m: the arena size must be in (0, 4G], not ${v["arena-size"]}`);
  }
  if (v["arena-grain-size"] !== undefined) {
    o.arenaGrainSize = size("a", v["arena-grain-size"]);
    const g = o.arenaGrainSize;
    if (g !== 0 && (g & (g - 1)) !== 0) throw new OptionError(`-a: the grain size must be a power of two, not ${g}`);
  }
  if (v.width !== undefined) o.width = uint("w", v.width);
  if (o.width > 1 << 20) throw new OptionError(`-w: width ${o.width} is too large`);
  if (v.depth !== undefined) o.depth = uint("d", v.depth);
  if (o.depth > 10000) throw new OptionError(`-d: depth ${o.depth} is too large`);
  if (v.preuse !== undefined) o.preuse = real("r", v.preuse, 0, 1);
  if (v.pupdate !== undefined) o.pupdate = real("u", v.pupdate, 0, 1);
  o.pinLeaf = v["pin-leaf"] ?? false;
  if (v.seed !== undefined) {
    o.seed = uint("x", v.seed);
    if (o.seed === 0 || o.seed >= 2147483647) throw new OptionError(`-x: the seed must be in [1, 2147483646], not ${v.seed}`);
    o.seedSpecified = true;
  }
  o.zoned = !(v["arena-unzoned"] ?? false);
  if (v["pause-time"] !== undefined) o.pauseTime = real("P", v["pause-time"], 0, Infinity);
  if (v.spare !== undefined) o.spare = real("S", v.spare, 0, 1);
  if (v["heap-growth"] !== undefined) o.heapGrowth = real("heap-growth", v["heap-growth"], 1, Infinity);
  if (v.protection !== undefined) {
    if (v.protection !== "none" && v.protection !== "software") throw new OptionError(`--protection: expected none or software, not "${v.protection}"`);
    o.protection = v.protection;
  }
  if (v.clock !== undefined) {
    if (v.clock !== "cpu" && v.clock !== "wall") throw new OptionError(`--clock: expected cpu or wall, not "${v.clock}"`);
    o.clock = v.clock;
  }
  o.verify = v.verify ?? false;
  for (const t of parsed.positionals) {
    if (t !== "amc" && t !== "ams") throw new OptionError(`unknown pool test "${t}"${t === "awl" ? " (AWL is not built yet)" : ""}`);
    o.tests.push(t);
  }
  return o;
}

/**
 * The usage text, with the defaults.
 * @public
 */
export function usage(program = "gcbench"): string {
  const d = defaultOptions(1);
  return [
    `Usage: ${program} [option...] [test...]`,
    "Options:",
    `  -m n, --arena-size=n[KMG]     size of the arena (default ${d.arenaSize})`,
    "  -a n, --arena-grain-size=n[KMG]  arena grain size (default: the arena's)",
    "  -t n, --nthreads=n            threads (only 1 here)",
    `  -i n, --niter=n               iterations (default ${d.niter})`,
    `  -p n, --npass=n               passes over each tree (default ${d.npass})`,
    "  -g c,m, --gen=c[KMG],m        a generation of capacity c and mortality m (repeat for more)",
    `  -w n, --width=n               slots per vector (default ${d.width})`,
    `  -d n, --depth=n               depth of the trees (default ${d.depth})`,
    `  -r p, --preuse=p              probability of reusing a subtree (default ${d.preuse})`,
    `  -u p, --pupdate=p             probability of updating a node (default ${d.pupdate})`,
    "  -l, --pin-leaf                one leaf vector, held by an ambiguous root",
    "  -x n, --seed=n                random seed (default from the clock)",
    "  -z, --arena-unzoned           do not allocate by zones",
    `  -P t, --pause-time=t          pause time in seconds (default ${d.pauseTime})`,
    `  -S f, --spare=f               spare committed fraction (default ${d.spare})`,
    `  --heap-growth=g               collect in full when in use > g x in use after the last (default: no rule)`,
    "  --protection=none|software    the barrier backend (default none)",
    "  --clock=cpu|wall              clock of the pause time and the telemetry (default cpu)",
    "  --verify                      check every reachable node after each pass",
    "Tests:",
    "  amc   pool class AMC",
    "  ams   pool class AMS",
  ].join("\n");
}
