// A model-based fuzz of the public API (docs/design/mps.md `.test.fuzz`):
// fast-check draws sequences of commands over a world of three arenas (VM
// with no barrier, VM with the software barrier, a client arena): pools of
// every class made and destroyed, allocation points, objects of the test
// format made through reserve/commit and linked to each other, manual blocks
// allocated and freed, roots of three kinds, collections of every sort,
// finalization, messages, and misuses that must throw their documented error
// and leave everything intact. After every command every object reachable
// from the roots, and every manual block, is checked against the model.
//
// Replay: a failure prints the seed, the path and the commands' replayPath;
// MPS_SEED=<seed> MPS_FUZZ_PATH=<path> MPS_FUZZ_REPLAY=<replayPath> replays
// the shrunk case. MPS_STRESS=full runs many more and longer sequences.
import fc from "fast-check";
import { describe, it } from "vitest";
import { PoolClass } from "../src/index.js";
import { AUTO_KINDS, MANUAL_KINDS, World, stats } from "./fuzz/world.js";

const FULL = process.env["MPS_STRESS"] === "full";
const DEBUG = process.env["MPS_FUZZ_DEBUG"] !== undefined;
const SEED = Number(process.env["MPS_SEED"] ?? 0x5eed_f022);
const PATH = process.env["MPS_FUZZ_PATH"];
const REPLAY = process.env["MPS_FUZZ_REPLAY"];
const RUNS = Number(process.env["MPS_FUZZ_RUNS"] ?? (FULL ? 1000 : 100));
const MAX_COMMANDS = Number(process.env["MPS_FUZZ_COMMANDS"] ?? (FULL ? 600 : 150));

// AWL is fuzzed when the umbrella exports it (it was being built when the fuzz was written).
const present = PoolClass as unknown as Record<string, unknown>;
const MISSING = ["AWL"].filter((k) => present[k] === undefined);
if (MISSING.length > 0) console.warn(`fuzz-api: PoolClass has no ${MISSING.join(", ")} yet: not fuzzed`);

type Model = Record<string, never>;

/** One command: a label and its arguments (printed when a case fails), and what it does. */
class Cmd implements fc.Command<Model, World> {
  constructor(
    readonly label: string,
    readonly a: number,
    readonly args: readonly (number | boolean | string)[],
    readonly fn: (w: World) => void,
    readonly misuse = false,
  ) {}

  check(): boolean {
    return true;
  }

  run(_m: Model, w: World): void {
    const t0 = DEBUG ? performance.now() : 0;
    this.fn(w);
    if (DEBUG && performance.now() - t0 > 1000) process.stderr.write(`slow command ${this.toString()}: ${Math.round(performance.now() - t0)} ms\n`);
    // After a misuse, the arena must still work; after anything, every arena must be intact.
    if (this.misuse) w.arenas[this.a]!.smoke();
    for (const aw of w.arenas) aw.check();
  }

  toString(): string {
    return `${this.label}@${this.a}(${this.args.join(",")})`;
  }
}

const arenaIx = fc.integer({ min: 0, max: 2 });
const u = fc.nat({ max: 0x7fffffff });
const kindArb = fc.constantFrom(...AUTO_KINDS, ...MANUAL_KINDS);
/** Mostly small objects, sometimes one over AMC's largeSize. */
const slotsArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12 }), weight: 20 }, { arbitrary: fc.integer({ min: 13, max: 300 }), weight: 3 }, { arbitrary: fc.integer({ min: 2100, max: 2600 }), weight: 1 });

const commands = [
  { weight: 4, arbitrary: fc.tuple(arenaIx, kindArb, u).map(([a, k, v]) => new Cmd("createPool", a, [k, v], (w) => w.arenas[a]!.createPool(k, v))) },
  { weight: 1, arbitrary: fc.tuple(arenaIx, u).map(([a, r]) => new Cmd("destroyPool", a, [r], (w) => w.arenas[a]!.destroyPool(r))) },
  { weight: 4, arbitrary: fc.tuple(arenaIx, u).map(([a, r]) => new Cmd("createAp", a, [r], (w) => w.arenas[a]!.createAp(r))) },
  { weight: 1, arbitrary: fc.tuple(arenaIx, u).map(([a, r]) => new Cmd("destroyAp", a, [r], (w) => w.arenas[a]!.destroyAp(r))) },
  { weight: 30, arbitrary: fc.tuple(arenaIx, u, slotsArb, fc.boolean(), u, u).map(([a, r, n, leaf, links, where]) => new Cmd("allocObj", a, [r, n, leaf, links, where], (w) => w.arenas[a]!.allocObj(r, n, leaf, links, where))) },
  { weight: 8, arbitrary: fc.tuple(arenaIx, u, u, fc.boolean()).map(([a, r, s, ap]) => new Cmd("allocBlock", a, [r, s, ap], (w) => w.arenas[a]!.allocBlock(r, s, ap))) },
  { weight: 5, arbitrary: fc.tuple(arenaIx, u).map(([a, r]) => new Cmd("freeBlock", a, [r], (w) => w.arenas[a]!.freeBlock(r))) },
  { weight: 12, arbitrary: fc.tuple(arenaIx, u, fc.nat(), u).map(([a, r, s, r2]) => new Cmd("link", a, [r, s, r2], (w) => w.arenas[a]!.link(r, s, r2))) },
  { weight: 8, arbitrary: fc.tuple(arenaIx, u, fc.nat(), u).map(([a, r, s, r2]) => new Cmd("load", a, [r, s, r2], (w) => w.arenas[a]!.load(r, s, r2))) },
  { weight: 5, arbitrary: fc.tuple(arenaIx, u, u, fc.boolean()).map(([a, r, r2, clear]) => new Cmd("setCell", a, [r, r2, clear], (w) => w.arenas[a]!.setCellCmd(r, r2, clear))) },
  { weight: 5, arbitrary: fc.tuple(arenaIx, fc.nat(3), u).map(([a, op, r]) => new Cmd("stack", a, [op, r], (w) => w.arenas[a]!.stackCmd(op, r))) },
  { weight: 4, arbitrary: fc.tuple(arenaIx, fc.nat(2), u).map(([a, k, v]) => new Cmd("createRoot", a, [k, v], (w) => w.arenas[a]!.createRoot(k, v))) },
  { weight: 1, arbitrary: fc.tuple(arenaIx, fc.nat(2)).map(([a, k]) => new Cmd("destroyRoot", a, [k], (w) => w.arenas[a]!.destroyRoot(k))) },
  { weight: 6, arbitrary: fc.tuple(arenaIx, fc.nat(6), fc.nat(11)).map(([a, op, k]) => new Cmd("gc", a, [op, k], (w) => w.arenas[a]!.gc(op, k))) },
  { weight: 3, arbitrary: fc.tuple(arenaIx, u, fc.boolean()).map(([a, r, pop]) => new Cmd(pop ? "framePop" : "framePush", a, [r], (w) => w.arenas[a]!.frame(r, pop))) },
  { weight: 1, arbitrary: fc.tuple(arenaIx, u).map(([a, k]) => new Cmd("commitLimit", a, [k], (w) => w.arenas[a]!.commitLimit(k))) },
  { weight: 4, arbitrary: fc.tuple(arenaIx, u, fc.boolean()).map(([a, r, de]) => new Cmd(de ? "definalize" : "finalize", a, [r], (w) => w.arenas[a]!.finalize(r, de))) },
  { weight: 8, arbitrary: fc.tuple(arenaIx, fc.nat(4), fc.nat(11)).map(([a, op, k]) => new Cmd("message", a, [op, k], (w) => w.arenas[a]!.message(op, k))) },
  { weight: 5, arbitrary: fc.tuple(arenaIx, fc.nat(18), u).map(([a, which, r]) => new Cmd("misuse", a, [which, r], (w) => w.arenas[a]!.misuse(which, r), true)) },
  { weight: 1, arbitrary: fc.tuple(arenaIx, fc.nat(2), u).map(([a, b, r]) => new Cmd("foreignFree", a, [b, r], (w) => w.foreignFree(a, b, r), true)) },
];

let firstFailure = true;

describe("fuzz-api", () => {
  it(".test.fuzz: random command sequences over three arenas keep every reachable object and block intact", () => {
    fc.assert(
      fc.property(fc.commands([fc.oneof(...commands)], { maxCommands: MAX_COMMANDS, size: "max", ...(REPLAY ? { replayPath: REPLAY } : {}) }), (cmds) => {
        const w = new World();
        let ok = false;
        try {
          fc.modelRun(() => ({ model: {} as Model, real: w }), cmds as Iterable<fc.Command<Model, World>>);
          // Taking everything down in the safe order must work too.
          for (const aw of w.arenas.splice(0)) aw.teardown();
          ok = true;
        } catch (e) {
          if (process.env["MPS_FUZZ_DEBUG"] && firstFailure) {
            firstFailure = false;
            process.stderr.write(`first failure: ${String(e)}\n  in ${cmds.toString()}\n`);
          }
          throw e;
        } finally {
          if (!ok) w.dispose();
        }
      }),
      { seed: SEED, numRuns: RUNS, ...(PATH ? { path: PATH, endOnFailure: true } : {}) },
    );
    if (process.env["MPS_FUZZ_DEBUG"]) console.log([...stats].sort().map(([k, v]) => `${k}: ${v}`).join("\n"));
  }, FULL ? 3_600_000 : 120_000);
});
