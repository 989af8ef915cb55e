// Real logs for the tests: a small gcbench-like churn (lists of cons cells
// stored into random slots of a window, so most become garbage) run through
// @mps/mps with the telemetry on, in memory, with the GC messages of the
// same run to compare against.
import { Arena, ArenaClass, MessageType, PoolClass, Rank, selectPlatform, traceCollector, type Addr, type FormatOpts, type Size } from "@mps/mps";
import { MemoryStream } from "@mps/plinth";
import { Telemetry } from "@mps/telemetry";

type ScanState = Parameters<NonNullable<FormatOpts["fmtScan"]>>[0];

/** One GC message's sizes. */
export interface GcMessage {
  live: number;
  condemned: number;
  notCondemned: number;
}

/** What a run produced. */
export interface RunLog {
  bytes: Uint8Array;
  messages: GcMessage[];
  /** The pool's class name. */
  pool: string;
}

export interface RunOpts {
  pool?: "amc" | "ams";
  protection?: "none" | "software";
  lists?: number;
  window?: number;
  control?: string;
  seed?: number;
}

const FWD = 2;
const PAD = 3;

function consFormat(mem: { readonly u32: Uint32Array }): FormatOpts {
  return {
    fmtAlign: 8,
    fmtHeaderSize: 0,
    fmtScan(ss: ScanState, base: Addr, limit: Addr): void {
      const u32 = mem.u32;
      for (let i = base >>> 2; i < limit >>> 2; i++) {
        const w = u32[i]!;
        if (w !== 0 && (w & 3) === 0 && ss.fix1(w)) u32[i] = ss.fix2(w);
      }
    },
    fmtSkip: (p: Addr): Addr => p + 8,
    fmtFwd(old: Addr, nu: Addr): void {
      mem.u32[old >>> 2] = FWD;
      mem.u32[(old >>> 2) + 1] = nu;
    },
    fmtIsfwd: (p: Addr): Addr => (mem.u32[p >>> 2] === FWD ? mem.u32[(p >>> 2) + 1]! : 0),
    fmtPad(p: Addr, size: Size): void {
      for (let i = p >>> 2; i < (p + size) >>> 2; i += 2) {
        mem.u32[i] = PAD;
        mem.u32[i + 1] = 0;
      }
    },
  };
}

/** Run the churn and return its log (read back from memory) and GC messages. */
export function churnLog(opts: RunOpts = {}): RunLog {
  const stream = new MemoryStream();
  const tel = new Telemetry({ stream, control: opts.control ?? "arena pool trace seg user", bufferSize: 1 << 16 });
  const protection = opts.protection ?? "none";
  const arena = Arena.create(ArenaClass.VM, {
    arenaSize: 4 << 20,
    telemetry: tel,
    collector: traceCollector,
    platform: selectPlatform({ protection }),
  });
  arena.messageTypeEnable(MessageType.GC);
  const messages: GcMessage[] = [];
  const drain = (): void => {
    for (;;) {
      const m = arena.messageGet(MessageType.GC);
      if (m === undefined) break;
      messages.push({ live: m.gcLiveSize, condemned: m.gcCondemnedSize, notCondemned: m.gcNotCondemnedSize });
      arena.messageDiscard(m);
    }
  };
  const format = arena.createFormat(consFormat(arena.mem));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.9 }, { capacity: 256, mortality: 0.5 }]);
  const poolName = opts.pool ?? "amc";
  const pool = poolName === "amc" ? arena.createPool(PoolClass.AMC, { format, chain }) : arena.createPool(PoolClass.AMS, { format, chain });
  tel.labelPointer(pool.telId, tel.intern("cons cells"));
  const ap = pool.createAp({ rank: Rank.EXACT });
  const w = opts.window ?? 256;
  const win = new Uint32Array(w + 1);
  const root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < win.length; i++) {
        const r = win[i]!;
        if (r !== 0 && ss.fix1(r)) win[i] = ss.fix2(r);
      }
    },
  });
  let seed = opts.seed ?? 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const barrier = protection !== "none";
  const lists = opts.lists ?? 6000;
  for (let n = 0; n < lists; n++) {
    win[w] = 0;
    for (let k = 0; k < 8; k++) {
      let p: Addr;
      do {
        p = ap.reserve(8);
        arena.mem.u32[p >>> 2] = (((n * 8 + k) << 2) | 1) >>> 0;
        const tail = win[w]!;
        if (barrier) arena.storeRef(p + 4, tail);
        else arena.mem.u32[(p >>> 2) + 1] = tail;
      } while (!ap.commit(p, 8));
      win[w] = p;
    }
    win[rnd() % w] = win[w]!;
    if ((n & 255) === 0) drain();
  }
  win[w] = 0;
  arena.park();
  drain();
  root.destroy();
  ap.destroy();
  pool.destroy();
  format.destroy();
  chain.destroy();
  arena.destroy();
  tel.flush();
  return { bytes: stream.bytes(), messages, pool: poolName.toUpperCase() };
}
