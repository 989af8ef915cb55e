/**
 * djbench's command line: the same option letters and long names as the
 * MPS's djbench.c, parsed with `node:util` `parseArgs`, and the allocator
 * names as positional arguments. See docs/design/bench-djbench.md `.if.options`.
 * .critical: none (run once, before the workload).
 */
import { parseArgs } from "node:util";
import { rndSeedFromClock, rndSeedValid } from "./rnd.js";

/**
 * The allocators the benchmark can run, in the order it runs them.
 * @public
 */
export const ALLOCATOR_NAMES = ["harness", "mvt", "mvff", "mvffa", "thing", "skiplist", "tlsf"] as const;

/**
 * One allocator's name (see {@link ALLOCATOR_NAMES}).
 * @public
 */
export type AllocatorName = (typeof ALLOCATOR_NAMES)[number];

/**
 * The workload and arena settings of one run: djbench's options.
 * @public
 */
export interface DjOptions {
  /** `-t`: threads; only 1 is supported (one JS thread). */
  nthreads: number;
  /** `-i`: iterations of the whole workload. */
  niter: number;
  /** `-p`: passes over the slot array per level. */
  npass: number;
  /** `-b`: slots (blocks) per level. */
  nblocks: number;
  /** `-s`: a block's size is drawn below `8 << (rnd % sshift)` bytes. */
  sshift: number;
  /** `-c`: probability of acting on a slot in a pass. */
  pact: number;
  /** `-r`: recurse every `rinter` passes (0: never). */
  rinter: number;
  /** `-d`: maximum recursion depth. */
  rmax: number;
  /** `-x`: the generator's seed. */
  seed: number;
  /** Whether `-x` was given (else the seed came from the clock and is printed). */
  seedGiven: boolean;
  /** `-m`: the MPS arena's size in bytes; also the size of the peers' heaps. */
  arenaSize: number;
  /** `-a`: the MPS arena's grain size, or undefined for the arena's default. */
  arenaGrainSize: number | undefined;
  /** `-z` clears it: the arena allocates by zones. */
  arenaZoned: boolean;
  /** `-S`: the arena's spare commit fraction, or undefined for its default. */
  spare: number | undefined;
}

/**
 * djbench's defaults (`-i 50 -p 100 -b 64 -s 18 -c 0.2 -r 75 -d 10`, a
 * 256 MiB arena); the seed here is a placeholder that `parseDjArgs` replaces.
 * @public
 */
export const DJ_DEFAULTS: Readonly<DjOptions> = Object.freeze({
  nthreads: 1,
  niter: 50,
  npass: 100,
  nblocks: 64,
  sshift: 18,
  pact: 0.2,
  rinter: 75,
  rmax: 10,
  seed: 1,
  seedGiven: false,
  arenaSize: 256 * 1024 * 1024,
  arenaGrainSize: undefined,
  arenaZoned: true,
  spare: undefined,
});

/**
 * A bad command line: the message says which option or name and why.
 * @public
 */
export class DjUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DjUsageError";
  }
}

/**
 * The usage text, printed by `-h` and after a usage error.
 * @public
 */
export const DJ_USAGE = `Usage: djbench [option...] [allocator...]
Options:
  -i n, --niter=n             iterate the workload n times (default ${DJ_DEFAULTS.niter})
  -p n, --npass=n             passes over the slot array (default ${DJ_DEFAULTS.npass})
  -b n, --nblocks=n           length of the slot array (default ${DJ_DEFAULTS.nblocks})
  -s n, --sshift=n            block sizes below 8 << (rnd % n) bytes, 1..27 (default ${DJ_DEFAULTS.sshift})
  -c p, --pact=p              probability of acting on a slot, 0..1 (default ${DJ_DEFAULTS.pact})
  -r n, --rinter=n            recurse every n passes if n > 0 (default ${DJ_DEFAULTS.rinter})
  -d n, --rmax=n              maximum recursion depth (default ${DJ_DEFAULTS.rmax})
  -x n, --seed=n              random number seed, 1..2147483646 (default from the clock)
  -m n, --arena-size=n[KMG]   arena size, also the peers' heap size (default 256M)
  -a n, --arena-grain-size=n[KMG]  arena grain size (default: the arena's)
  -z, --arena-unzoned         the arena does not allocate by zones
  -S f, --spare=f             the arena's spare commit fraction, 0..1 (default: the arena's)
  -t n, --nthreads=n          threads: only 1 (JavaScript runs the workload on one thread)
  -h, --help                  print this and exit
Allocators (all of them if none is named):
  harness   the workload with no allocator (subtracted from the others)
  mvt       MVT pool, allocation point (reserve/commit)
  mvff      MVFF pool, allocation point (reserve/commit)
  mvffa     MVFF pool, pool.alloc / pool.free
  thing     @thi.ng/malloc MemPool
  skiplist  malloc (codemix's skip-list allocator)
  tlsf      AssemblyScript's TLSF (heap.alloc / heap.free), compiled at start, called from JS`;

/**
 * What {@link parseDjArgs} returns.
 * @public
 */
export interface DjArgs {
  /** The settings. */
  options: DjOptions;
  /** The allocators to run, in command-line order (all, in {@link ALLOCATOR_NAMES} order, if none was named). */
  allocators: AllocatorName[];
  /** `-h` was given. */
  help: boolean;
}

function unsigned(flag: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v)) throw new DjUsageError(`${flag}: expected a whole number, not "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new DjUsageError(`${flag}: must be from ${min} to ${max}, not ${v}`);
  return n;
}

function fraction(flag: string, v: string): number {
  if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new DjUsageError(`${flag}: expected a number from 0 to 1, not "${v}"`);
  const f = Number(v);
  if (!(f >= 0 && f <= 1)) throw new DjUsageError(`${flag}: must be from 0 to 1, not ${v}`);
  return f;
}

function bytes(flag: string, v: string, max: number): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v);
  if (!m) throw new DjUsageError(`${flag}: expected a size like 256M (digits, then K, M or G), not "${v}"`);
  const shift = { "": 0, k: 10, m: 20, g: 30 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  const n = Number(m[1]) * 2 ** shift;
  if (n < 1 || n > max) throw new DjUsageError(`${flag}: must be from 1 to ${max} bytes, not ${v}`);
  return n;
}

/**
 * Parse djbench's command line (the arguments after the program name; a
 * leading `--` is skipped). Throws {@link DjUsageError} for an unknown
 * option, a missing or malformed value, a value out of range, more than one
 * thread, or an unknown allocator name.
 * @public
 */
export function parseDjArgs(argv: readonly string[]): DjArgs {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        nthreads: { type: "string", short: "t" },
        niter: { type: "string", short: "i" },
        npass: { type: "string", short: "p" },
        nblocks: { type: "string", short: "b" },
        sshift: { type: "string", short: "s" },
        pact: { type: "string", short: "c" },
        rinter: { type: "string", short: "r" },
        rmax: { type: "string", short: "d" },
        seed: { type: "string", short: "x" },
        "arena-size": { type: "string", short: "m" },
        "arena-grain-size": { type: "string", short: "a" },
        "arena-unzoned": { type: "boolean", short: "z" },
        spare: { type: "string", short: "S" },
      },
    });
  } catch (e) {
    throw new DjUsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const v = parsed.values;
  const o: DjOptions = { ...DJ_DEFAULTS };
  if (v.nthreads !== undefined) {
    o.nthreads = unsigned("-t/--nthreads", v.nthreads, 1, 1024);
    if (o.nthreads !== 1) throw new DjUsageError(`-t/--nthreads: only 1 thread is supported (the workload runs on one JavaScript thread), not ${v.nthreads}`);
  }
  if (v.niter !== undefined) o.niter = unsigned("-i/--niter", v.niter, 0, 2 ** 31);
  if (v.npass !== undefined) o.npass = unsigned("-p/--npass", v.npass, 0, 2 ** 31);
  if (v.nblocks !== undefined) o.nblocks = unsigned("-b/--nblocks", v.nblocks, 1, 2 ** 22);
  if (v.sshift !== undefined) o.sshift = unsigned("-s/--sshift", v.sshift, 1, 27);
  if (v.pact !== undefined) o.pact = fraction("-c/--pact", v.pact);
  if (v.rinter !== undefined) o.rinter = unsigned("-r/--rinter", v.rinter, 0, 2 ** 31);
  if (v.rmax !== undefined) o.rmax = unsigned("-d/--rmax", v.rmax, 0, 1000);
  if ((o.rmax + 1) * o.nblocks > 2 ** 24) throw new DjUsageError(`-b/--nblocks and -d/--rmax: (rmax + 1) × nblocks slots must be at most 2^24, not ${(o.rmax + 1) * o.nblocks}`);
  if (v.seed !== undefined) {
    const s = /^\d+$/.test(v.seed) ? Number(v.seed) : NaN;
    if (!rndSeedValid(s)) throw new DjUsageError(`-x/--seed: expected a whole number from 1 to 2147483646, not "${v.seed}"`);
    o.seed = s;
    o.seedGiven = true;
  } else {
    o.seed = rndSeedFromClock();
  }
  if (v["arena-size"] !== undefined) o.arenaSize = bytes("-m/--arena-size", v["arena-size"], 2 ** 32 - 2 ** 16);
  if (v["arena-grain-size"] !== undefined) o.arenaGrainSize = bytes("-a/--arena-grain-size", v["arena-grain-size"], 2 ** 30);
  if (v["arena-unzoned"]) o.arenaZoned = false;
  if (v.spare !== undefined) o.spare = fraction("-S/--spare", v.spare);
  const allocators: AllocatorName[] = [];
  for (const name of parsed.positionals) {
    if (!(ALLOCATOR_NAMES as readonly string[]).includes(name)) {
      throw new DjUsageError(`unknown allocator "${name}" (known: ${ALLOCATOR_NAMES.join(", ")})`);
    }
    allocators.push(name as AllocatorName);
  }
  return { options: o, allocators: allocators.length > 0 ? allocators : [...ALLOCATOR_NAMES], help: v.help === true };
}

/**
 * The command-line options that reproduce `o` (every workload option, and
 * the arena options that differ from the defaults).
 * @public
 */
export function djCommandLine(o: DjOptions): string {
  let s = `-i ${o.niter} -p ${o.npass} -b ${o.nblocks} -s ${o.sshift} -c ${o.pact} -r ${o.rinter} -d ${o.rmax} -x ${o.seed}`;
  if (o.arenaSize !== DJ_DEFAULTS.arenaSize) s += ` -m ${o.arenaSize}`;
  if (o.arenaGrainSize !== undefined) s += ` -a ${o.arenaGrainSize}`;
  if (!o.arenaZoned) s += " -z";
  if (o.spare !== undefined) s += ` -S ${o.spare}`;
  return s;
}

/**
 * The full workload in words: every option, the block-size range and the
 * seed, for printing above a table.
 * @public
 */
export function describeWorkload(o: DjOptions): string {
  const maxBlock = 8 * 2 ** (o.sshift - 1) - 2;
  return (
    `workload: ${o.niter} iteration(s) of ${o.npass} passes over ${o.nblocks} slots, ` +
    `acting on each slot with probability ${o.pact} (allocate if empty, free if full), ` +
    `block sizes rnd % ((8 << (rnd % ${o.sshift})) - 1) bytes (1..${maxBlock}; 0 = no block), ` +
    (o.rinter > 0 && o.rmax > 0 ? `recursing every ${o.rinter} passes to depth ${o.rmax}` : `no recursion (-r ${o.rinter} -d ${o.rmax})`) +
    `; seed ${o.seed}${o.seedGiven ? "" : " (from the clock)"}; ` +
    `heap ${o.arenaSize} bytes` +
    `\n  (djbench ${djCommandLine(o)})`
  );
}
