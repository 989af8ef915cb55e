import { describe, expect, it } from "vitest";
import { MemoryViews } from "../src/index.js";

describe("MemoryViews", () => {
  it(".if.mem: every view is over the same bytes", () => {
    const mem = new MemoryViews(new ArrayBuffer(16));
    mem.u32[1] = 0x01020304;
    expect(mem.u8[4]).toBe(0x04); // little-endian, as every engine we run on
    expect(mem.u16[2]).toBe(0x0304);
    expect(mem.dv.getUint32(4, true)).toBe(0x01020304);
    mem.f64[1] = 1.5;
    expect(mem.dv.getFloat64(8, true)).toBe(1.5);
    mem.i32[0] = -1;
    expect(mem.u32[0]).toBe(0xffffffff);
    expect(mem.i8[0]).toBe(-1);
    expect(mem.i16[0]).toBe(-1);
    mem.f32[0] = 0.5;
    expect(mem.f32[0]).toBe(0.5);
  });

  // .req.views
  it(".views.fixed: views keep their length until refreshed, then cover the whole buffer", () => {
    const buffer = new ArrayBuffer(0, { maxByteLength: 1 << 16 });
    const mem = new MemoryViews(buffer);
    expect(mem.u32.length).toBe(0);
    buffer.resize(4096);
    expect(mem.u32.length).toBe(0);
    mem.refresh(buffer);
    expect(mem.u32.length).toBe(1024);
    expect(mem.f64.length).toBe(512);
    expect(mem.dv.byteLength).toBe(4096);
    buffer.resize(1024);
    mem.refresh(buffer);
    expect(mem.u8.length).toBe(1024);
  });

  // .req.views
  it(".if.mem: refresh points every view at a new buffer", () => {
    const mem = new MemoryViews(new ArrayBuffer(8));
    const next = new ArrayBuffer(32);
    new Uint32Array(next)[7] = 42;
    mem.refresh(next);
    expect(mem.buffer).toBe(next);
    expect(mem.u32[7]).toBe(42);
    expect(mem.u8.length).toBe(32);
    expect(mem.dv.getUint32(28, true)).toBe(42);
  });
});
