/**
 * One arena, format, chain, pool and allocation point for a benchmark run
 * (gcbench.c `arena_setup`), with the measurements every run takes: peak
 * committed memory sampled by the mutator, the largest live size from GC
 * messages, and the pauses from the telemetry.
 * See docs/design/bench-gcbench.md `.impl.setup`.
 * .critical: BenchArena.sample (every 64 allocations).
 */

import {
  Arena, ArenaClass, MessageType, PoolClass, Rank, selectPlatform,
  type AP, type Chain, type Format, type FormatOpts, type Pool, type VMArena,
} from "@mps/mps";
import type { GcbenchTest, GenSpec, ProtectionName } from "./options.js";
import { CPU_CLOCK, pausesOf, pauseTelemetry, type CaptureStream, type ClockName } from "./pauses.js";
import type { Telemetry } from "@mps/telemetry";
import { writeFileSync } from "node:fs";

/** Where to write each run's telemetry log (`GCBENCH_TELEMETRY_LOG`), if anywhere. */
const LOG_FILE = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env["GCBENCH_TELEMETRY_LOG"];

/**
 * How to make a benchmark's arena and pool.
 * @public
 */
export interface BenchArenaOpts {
  /** The pool class. */
  pool: GcbenchTest;
  /** The barrier backend. */
  protection: ProtectionName;
  /** The arena's size in bytes. */
  arenaSize: number;
  /** The grain size, or 0 for the arena's default. */
  arenaGrainSize: number;
  /** Whether the arena allocates by zones. */
  zoned: boolean;
  /** The pause time in seconds. */
  pauseTime: number;
  /** The spare committed fraction. */
  spare: number;
  /** The heap-growth factor (`ArenaOpts.heapGrowth`). @defaultValue Infinity */
  heapGrowth?: number;
  /** The chain's generations; empty for the pool's default chain. */
  gen: readonly GenSpec[];
  /** The object format, over the arena's memory. */
  format: (mem: { readonly u32: Uint32Array }) => FormatOpts;
  /** Whether to record the arena's telemetry, for pause times. */
  telemetry: boolean;
  /** AMC only: the pool's `extendBy` (its `largeSize` is raised to match). @defaultValue the pool's (4096) */
  extendBy?: number;
  /** The clock of the arena (its pause-time budget) and of the telemetry. @defaultValue "cpu" */
  clock?: ClockName;
}

/**
 * What a run measured about the MPS.
 * @public
 */
export interface ArenaFigures {
  /** The largest `arena.committed()` sampled, in bytes. */
  committedPeak: number;
  /** The largest committed memory less the spare committed memory sampled, in bytes. */
  inUsePeak: number;
  /** The largest `gcLiveSize` of any GC message, in bytes. */
  liveMax: number;
  /** The largest live plus not-condemned size of any GC message, in bytes. */
  liveOrOldMax: number;
  /** GC messages received (collections finished). */
  collections: number;
  /** The pauses, in seconds (empty without telemetry). */
  pauses: Float64Array;
}

/**
 * An arena set up for a benchmark: the pool and its exact allocation point.
 * @public
 */
export class BenchArena {
  /** The arena. */
  readonly arena: VMArena;
  /** The format. */
  readonly format: Format;
  /** The chain, when `gen` was given (a new one after {@link BenchArena.renew}). */
  chain: Chain | undefined;
  /** The pool (a new one after {@link BenchArena.renew}). */
  pool: Pool;
  /** The allocation point, rank exact (a new one after {@link BenchArena.renew}). */
  ap: AP;
  /** Whether the mutator must use `loadRef`/`storeRef`. */
  readonly barrier: boolean;
  private readonly telemetry: Telemetry | undefined;
  private readonly stream: CaptureStream | undefined;
  private committedPeak = 0;
  private inUsePeak = 0;
  private liveMax = 0;
  private liveOrOldMax = 0;
  private collections = 0;
  private readonly opts: BenchArenaOpts;
  /** Pauses in the telemetry log before the current run (see {@link BenchArena.renew}). */
  private pausesBefore = 0;

  /** @param opts - the pool, platform and arena parameters. */
  constructor(opts: BenchArenaOpts) {
    let tel: { telemetry: Telemetry; stream: CaptureStream } | undefined;
    const cpu = (opts.clock ?? "cpu") === "cpu";
    // GCBENCH_TELEMETRY_LOG=file keeps the whole log, with the events a timeline needs
    // (`mps-telemetry timeline file out.html`); the last run of the process wins.
    if (opts.telemetry) tel = pauseTelemetry(cpu ? CPU_CLOCK : undefined, LOG_FILE !== undefined ? "arena pool trace seg" : "arena");
    this.telemetry = tel?.telemetry;
    this.stream = tel?.stream;
    const arena = Arena.create(ArenaClass.VM, {
      arenaSize: opts.arenaSize,
      ...(opts.arenaGrainSize > 0 ? { arenaGrainSize: opts.arenaGrainSize } : {}),
      arenaZoned: opts.zoned,
      pauseTime: opts.pauseTime,
      spare: opts.spare,
      heapGrowth: opts.heapGrowth ?? Infinity,
      platform: selectPlatform({ protection: opts.protection }),
      ...(tel ? { telemetry: tel.telemetry } : {}),
      ...(cpu ? { plinth: CPU_CLOCK } : {}),
    });
    this.arena = arena;
    this.barrier = opts.protection !== "none";
    arena.messageTypeEnable(MessageType.GC);
    this.format = arena.createFormat(opts.format(arena.mem));
    this.opts = opts;
    const made = BenchArena.makePool(arena, this.format, opts);
    this.chain = made.chain;
    this.pool = made.pool;
    this.ap = made.ap;
    this.sample();
  }

  private static makePool(arena: VMArena, format: Format, opts: BenchArenaOpts): { chain: Chain | undefined; pool: Pool; ap: AP } {
    const chain = opts.gen.length > 0 ? arena.createChain(opts.gen.map((g) => ({ capacity: g.capacity, mortality: g.mortality }))) : undefined;
    const poolOpts = chain ? { format, chain } : { format };
    const amcOpts = opts.extendBy === undefined ? poolOpts : { ...poolOpts, extendBy: opts.extendBy, largeSize: Math.max(32768, opts.extendBy) };
    const pool = opts.pool === "amc" ? arena.createPool(PoolClass.AMC, amcOpts) : arena.createPool(PoolClass.AMS, poolOpts);
    return { chain, pool, ap: pool.createAp({ rank: Rank.EXACT }) };
  }

  /**
   * Start another run on the same arena and format: destroy the allocation
   * point, the pool and the chain (and every object of the run before with
   * them), make them anew, and start the figures afresh. The roots must have
   * been destroyed first. What carries over is the arena, its committed
   * memory, the format, and the collector code V8 optimised for the
   * format's methods, as in a program that keeps one arena
   * (docs/design/bench-gcbench.md `.impl.renew`).
   */
  renew(): void {
    const arena = this.arena;
    arena.park();
    this.drainMessages();
    this.ap.destroy();
    this.pool.destroy();
    this.chain?.destroy();
    arena.release();
    const made = BenchArena.makePool(arena, this.format, this.opts);
    this.chain = made.chain;
    this.pool = made.pool;
    this.ap = made.ap;
    this.committedPeak = 0;
    this.inUsePeak = 0;
    this.liveMax = 0;
    this.liveOrOldMax = 0;
    this.collections = 0;
    if (this.telemetry !== undefined && this.stream !== undefined) {
      this.telemetry.flush();
      this.pausesBefore = pausesOf(this.stream.bytes()).length;
    }
    this.sample();
  }

  /** Sample the committed memory. */
  sample(): void {
    const arena = this.arena;
    const c = arena.committed();
    if (c > this.committedPeak) this.committedPeak = c;
    const u = c - arena.spareCommitted();
    if (u > this.inUsePeak) this.inUsePeak = u;
  }

  /** Read and discard the GC messages waiting, keeping the largest sizes. */
  drainMessages(): void {
    const arena = this.arena;
    for (;;) {
      const m = arena.messageGet(MessageType.GC);
      if (m === undefined) break;
      const live = m.gcLiveSize;
      if (live > this.liveMax) this.liveMax = live;
      const lo = live + m.gcNotCondemnedSize;
      if (lo > this.liveOrOldMax) this.liveOrOldMax = lo;
      this.collections++;
      arena.messageDiscard(m);
    }
  }

  /**
   * Park the arena, destroy everything (gcbench.c's order: the allocation
   * point, the pool, the format, the chain, the arena) and return the figures.
   * The roots must have been destroyed first.
   */
  finish(): ArenaFigures {
    const figures = this.endRun();
    this.ap.destroy();
    this.pool.destroy();
    this.format.destroy();
    this.chain?.destroy();
    this.arena.destroy();
    if (LOG_FILE !== undefined && this.stream !== undefined) writeFileSync(LOG_FILE, this.stream.bytes());
    return figures;
  }

  /**
   * End the run as {@link BenchArena.finish} does (sample, park, read the
   * messages) but keep everything for {@link BenchArena.renew}, and return
   * the run's figures: those since the arena was made or last renewed.
   */
  endRun(): ArenaFigures {
    this.sample();
    this.drainMessages();
    this.arena.park();
    this.drainMessages();
    return this.figuresNow();
  }

  private figuresNow(): ArenaFigures {
    let pauses: Float64Array = new Float64Array(0);
    if (this.telemetry !== undefined && this.stream !== undefined) {
      this.telemetry.flush();
      pauses = pausesOf(this.stream.bytes()).slice(this.pausesBefore);
    }
    return { committedPeak: this.committedPeak, inUsePeak: this.inUsePeak, liveMax: this.liveMax, liveOrOldMax: this.liveOrOldMax, collections: this.collections, pauses };
  }
}
