/**
 * The djbench report (issue 4): every allocator on the small-block setting,
 * the defaults (a seed from the clock and the MPS's performance-test seed),
 * and a scaling table from 64 to 65 536 slots; then the ratios to MVFF, the
 * C MPS's figures quoted in the issue, and the targets.
 * Run with `pnpm bench` (about 5–8 minutes on the 2-core machine).
 */
import {
  ALLOCATOR_NAMES, DJ_DEFAULTS, compileTlsf, formatRatios, formatReference, formatSetting, formatTargets, judgeTargets,
  measureSetting, rndSeedFromClock, type DjOptions, type DjSetting, type DjSettingResult,
} from "../src/index.js";

/** The seed of the MPS's `testratio` target (comm.gmk). */
const TESTRATIO_SEED = 1564912146;
/** Timed rounds per setting (alternating order; the fastest run of each allocator counts). */
const ROUNDS = 2;

const opts = (o: Partial<DjOptions>): DjOptions => ({ ...DJ_DEFAULTS, seed: TESTRATIO_SEED, seedGiven: true, ...o });

const small: DjSetting = { label: "-i 10 -s 6", options: opts({ niter: 10, sshift: 6 }) };
const reduced = "niter is 5, not djbench's 50, to keep the whole report within about 8 minutes; every iteration repeats the same workload from where the generator left off, so the per-operation costs compare";
const clockSeed = rndSeedFromClock();
const defaults: DjSetting[] = [
  { label: "defaults, clock seed", options: opts({ niter: 5, seed: clockSeed, seedGiven: false }), note: reduced },
  { label: `defaults, -x ${TESTRATIO_SEED}`, options: opts({ niter: 5 }), note: reduced },
];
// The scaling settings: small blocks, no recursion, one iteration, and the
// passes chosen so that every setting does about 2.6 million operations.
const scalingNote = "scaling shape: small blocks (-s 6), no recursion (-r 0 -d 0), one iteration, passes = 12 800 000 / slots (about 2.6 million operations each)";
const THING_65536 = "thi.ng's MemPool walks its free list first fit: in a trial run on this machine it took 207 CPU s (80 µs per operation) at 65 536 slots, so it is left out here";
const scaling: DjSetting[] = [64, 1024, 8192, 65536].map((b) => ({
  label: `${b} slots`,
  options: opts({ nblocks: b, npass: Math.round(12_800_000 / b), niter: 1, sshift: 6, rinter: 0, rmax: 0 }),
  note: scalingNote,
  ...(b === 65536 ? { skip: { thing: THING_65536 } } : {}),
}));

const t0 = performance.now();
console.log(`bench-djbench: djbench's workload on every allocator (Node ${process.version}, MPS_CHECK=${process.env["MPS_CHECK"] || "hot"})`);
console.log(`seconds are processor seconds (user + system, as djbench's clock()); each figure is the fastest of ${ROUNDS} runs in alternating order, after an untimed warm-up`);
console.log(`an operation is one allocation or one free; "above harness" subtracts the loop with no allocator; every block's first and last words are written when it is allocated and checked when it is freed`);
const tlsf = await compileTlsf();
console.log(tlsf.error === null ? `tlsf: AssemblyScript's TLSF compiled with asc in ${(tlsf.millis / 1000).toFixed(1)} s` : `tlsf: COULD NOT BE BUILT: ${tlsf.error}`);

const all: DjSettingResult[] = [];
const scaled: DjSettingResult[] = [];
for (const s of [small, ...defaults, ...scaling]) {
  const r = measureSetting(s, ALLOCATOR_NAMES, tlsf, ROUNDS);
  console.log(`\n${formatSetting(r)}`);
  if (s === small) console.log(formatReference(r));
  all.push(r);
  if (scaling.includes(s)) scaled.push(r);
}
console.log(`\n${formatRatios(all, ALLOCATOR_NAMES)}`);
console.log(`\n${formatReference(all[0])}`);
console.log(`\n${formatTargets(judgeTargets(all, scaled))}`);
console.log(`\n(total ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
