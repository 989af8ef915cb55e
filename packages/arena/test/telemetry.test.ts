/**
 * Telemetry (design.mps.telemetry, docs/design/arena.md `.impl.telemetry`):
 * with the arena, pool, segment and object kinds on, creating an arena,
 * a pool, segments and an allocation point writes the MPS's events, with
 * the structures named by their telemetry ids; with them off, nothing is
 * written.
 */
import { describe, expect, it } from "vitest";
import { Telemetry, readTelemetry } from "@mps/telemetry";
import { LocusPref, PlainSeg, segAlloc } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

class MemStream {
  readonly name = "memory";
  isOpen = false;
  private readonly chunks: Uint8Array[] = [];
  open(): void {
    this.isOpen = true;
  }
  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  flush(): void {}
  close(): void {
    this.isOpen = false;
  }
  bytes(): Uint8Array {
    const n = this.chunks.reduce((s, c) => s + c.length, 0);
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function run(control: string): string[] {
  const stream = new MemStream();
  const telemetry = new Telemetry({ stream, control });
  const arena = mockArena({ arenaSize: 1 << 20, telemetry });
  const pool = arena.createPool(TinyPool, {});
  const p = pool.alloc(16);
  pool.free(p, 16);
  const seg = segAlloc(PlainSeg, new LocusPref(), 8192, pool, {});
  const hi = seg.split(seg.base + 4096);
  seg.merge(hi);
  seg.free();
  const ap = pool.createAp();
  const q = ap.reserve(32);
  ap.commit(q, 32);
  ap.destroy();
  pool.destroy();
  arena.setSpare(0.5);
  arena.destroy();
  telemetry.flush();
  const log = readTelemetry(stream.bytes());
  expect(log.error).toBeUndefined();
  const names = log.events.map((e) => e.name);
  const create = log.events.find((e) => e.name === "ArenaCreateVM");
  if (create) expect(create.params.arena).toBe(arena.telId);
  return names;
}

describe("telemetry", () => {
  it(".impl.telemetry: arena, pool, segment, buffer and object events are written when their kinds are on", () => {
    const names = run("arena pool seg object");
    for (const n of ["ArenaCreateVM", "PoolInit", "PoolAlloc", "PoolFree", "ArenaAlloc", "SegAlloc", "SegSplit", "SegMerge", "SegFree", "ArenaFree", "BufferInit", "BufferFill", "BufferEmpty", "BufferFinish", "PoolFinish", "ArenaSetSpare", "ArenaDestroy"]) {
      expect(names).toContain(n);
    }
  });

  it(".impl.telemetry: with every kind off, no arena event is written", () => {
    const names = run("0");
    expect(names.filter((n) => /^(Arena|Pool|Seg|Buffer)/.test(n))).toEqual([]);
  });
});

describe("telemetry at destroy", () => {
  it(".impl.telemetry.flush: destroying the arena flushes the stream, as mps_arena_destroy does", () => {
    const stream = new MemStream();
    const telemetry = new Telemetry({ stream, control: "arena" });
    const arena = mockArena({ arenaSize: 1 << 20, telemetry });
    expect(stream.bytes().length).toBe(0); // still buffered
    arena.destroy();
    const names = readTelemetry(stream.bytes()).events.map((e) => e.name);
    expect(names).toContain("ArenaCreateVM");
    expect(names).toContain("ArenaDestroy");
  });
});

describe("telemetry of committed memory", () => {
  it(".impl.telemetry.vm: VMMap less VMUnmap is the committed memory at every step", () => {
    const stream = new MemStream();
    const telemetry = new Telemetry({ stream, control: "seg" });
    const arena = mockArena({ arenaSize: 1 << 20, telemetry });
    const pool = arena.createPool(TinyPool, {});
    const seen: number[] = [arena.committed()];
    const segs = [8192, 4096, 16384].map((size) => {
      const s = segAlloc(PlainSeg, new LocusPref(), size, pool, {});
      seen.push(arena.committed());
      return s;
    });
    arena.setSpare(0);
    for (const s of segs) {
      s.free();
      seen.push(arena.committed());
    }
    pool.destroy();
    arena.destroy();
    telemetry.flush();
    const log = readTelemetry(stream.bytes());
    let committed = seen[0]!;
    const steps: number[] = [committed];
    for (const e of log.events) {
      if (e.name === "VMMap") committed += e.params.limit - e.params.base;
      else if (e.name === "VMUnmap") committed -= e.params.limit - e.params.base;
      else continue;
      expect(e.params.vm).toBe(arena.telId);
      steps.push(committed);
    }
    expect(log.events.some((e) => e.name === "VMMap")).toBe(true);
    // Every value the arena reported was reached by the events (maps and unmaps may come in several steps).
    for (const c of seen) expect(steps).toContain(c);
    expect(steps[steps.length - 1]).toBe(seen[seen.length - 1]);
  });
});
