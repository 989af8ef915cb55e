/**
 * The tracer's telemetry (docs/design/trace.md `.telemetry`): a collection
 * writes the trace's events in order (create, start, flip begin and end,
 * reclaim, end of each generation, statistics, destroy) between poll
 * begin/end events, from which pause times are measured.
 */
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { Telemetry, readTelemetry } from "@mps/telemetry";
import { traceCollector } from "../src/index.js";
import { Graph, testFormat } from "./graph.js";
import { OnePool } from "./one-pool.js";

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
    const out = new Uint8Array(this.chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

describe("tracer telemetry", () => {
  it(".telemetry: a generational collection and a full one write the trace events in order", () => {
    const stream = new MemStream();
    const telemetry = new Telemetry({ stream, control: "arena trace seg" });
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform(), telemetry });
    const fmt = arena.createFormat(testFormat(arena.mem));
    const chain = arena.createChain([{ capacity: 1, mortality: 0.5 }]);
    const pool = arena.createPool(OnePool, { format: fmt, chain });
    const g = new Graph(arena, pool, 8, 2, 5, false);
    for (let i = 0; i < 200; i++) g.mutate();
    arena.poll();
    arena.collect();
    g.verify();
    g.root.destroy();
    pool.destroy();
    chain.destroy();
    fmt.destroy();
    arena.destroy();
    telemetry.flush();
    const log = readTelemetry(stream.bytes());
    expect(log.error).toBeUndefined();
    const names = log.events.map((e) => e.name).filter((n) => /^Trace|^ArenaPoll|^SegScan/.test(n));
    const traceNames = names.filter((n) => n.startsWith("Trace"));
    // Two collections, each in this order (scan statistics just before the end).
    const one = ["TraceCreate", "TraceStart", "TraceFlipBegin", "TraceFlipEnd", "TraceReclaim", "TraceEndGen", "TraceStatScan", "TraceDestroy"];
    expect(traceNames.filter((n) => n !== "TraceBandAdvance" && n !== "TraceCondemnAll" && n !== "TraceCreatePoolGen")).toEqual([...one, ...one]);
    // Each collection writes its generations' sizes (one TraceCreatePoolGen per pool and generation) between its create and its start.
    const creates = traceNames.flatMap((n, i) => (n === "TraceCreate" ? [i] : []));
    for (const c of creates) {
      const between = traceNames.slice(c + 1, traceNames.indexOf("TraceStart", c));
      expect(between.filter((n) => n === "TraceCreatePoolGen").length).toBeGreaterThan(0);
    }
    const pg = log.events.find((e) => e.name === "TraceCreatePoolGen");
    if (pg?.name === "TraceCreatePoolGen") expect(pg.params.pool).toBe(pool.telId);
    expect(traceNames).toContain("TraceCondemnAll"); // the full collection
    // Every piece of collector work is bracketed by poll events.
    const polls = names.filter((n) => n.startsWith("ArenaPoll"));
    expect(polls.length).toBeGreaterThan(0);
    for (let i = 0; i < polls.length; i += 2) expect(polls.slice(i, i + 2)).toEqual(["ArenaPollBegin", "ArenaPollEnd"]);
    expect(names.indexOf("TraceFlipBegin")).toBeGreaterThan(names.indexOf("ArenaPollBegin"));
  });
});
