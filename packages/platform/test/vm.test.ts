import { afterEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import type { AbstractVM } from "@mps/vm";
import {
  CLIENT_VM, ClientVM, RESIZABLE_VM, ResizableVM, SHARED_VM, SharedVM, WASM_PAGE_SIZE, WASM_VM, WasmVM,
} from "../src/index.js";

const PAGE = 4096;

/** How a backend's physical size follows maps and unmaps, for the model. */
interface Subject {
  name: string;
  /** A VM of `pages` pages of PAGE bytes. */
  make(pages: number): AbstractVM;
  /** Whether every page is mapped at creation. */
  allMapped: boolean;
  /** Physical bytes at creation. */
  phys0(pages: number): number;
  /** Physical bytes after mapping up to `limit`, given `phys` before. */
  afterMap(phys: number, limit: number): number;
  /** Physical bytes after an unmap that leaves `top` as the limit of the highest mapped page. */
  afterUnmap(phys: number, top: number): number;
}

const subjects: Subject[] = [
  {
    name: "resizable",
    make: (pages) => RESIZABLE_VM.create({ size: pages * PAGE, pageSize: PAGE }) as AbstractVM,
    allMapped: false,
    phys0: () => 0,
    afterMap: (phys, limit) => Math.max(phys, limit),
    afterUnmap: (phys, top) => Math.min(phys, top),
  },
  {
    name: "wasm",
    make: (pages) => WASM_VM.create({ size: pages * PAGE, pageSize: PAGE }) as AbstractVM,
    allMapped: false,
    phys0: (pages) => Math.ceil((pages * PAGE) / WASM_PAGE_SIZE) * WASM_PAGE_SIZE,
    afterMap: (phys) => phys,
    afterUnmap: (phys) => phys,
  },
  {
    name: "shared",
    make: (pages) => SHARED_VM.create({ size: pages * PAGE, pageSize: PAGE }) as AbstractVM,
    allMapped: false,
    phys0: () => 0,
    afterMap: (phys, limit) => Math.max(phys, limit),
    afterUnmap: (phys) => phys,
  },
  {
    name: "client",
    make: (pages) => CLIENT_VM.create({ size: pages * PAGE, pageSize: PAGE, buffer: new ArrayBuffer((pages + 2) * PAGE), base: 0 }) as AbstractVM,
    allMapped: true,
    phys0: (pages) => pages * PAGE,
    afterMap: (phys) => phys,
    afterUnmap: (phys) => phys,
  },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(subjects)("$name VM", (s) => {
  it(".vm.common: a new VM reserves its pages at address 0 and checks", () => {
    const vm = s.make(16);
    expect(vm.backend).toBe(s.name);
    expect(vm.base).toBe(0);
    expect(vm.limit).toBe(16 * PAGE);
    expect(vm.pageSize).toBe(PAGE);
    expect(vm.reserved()).toBeGreaterThanOrEqual(16 * PAGE);
    expect(vm.mapped()).toBe(s.allMapped ? 16 * PAGE : 0);
    expect(vm.physical()).toBe(s.phys0(16));
    expect(vm.check()).toBe(true);
    vm.finish();
  });

  it(".test.model: mapped and physical bytes match a model at every step; memory is zero when mapped", () => {
    const PAGES = 40; // > 16 pages of 4 KiB, so the Wasm VM grows in more than one step
    const op = fc.record({ unmap: fc.boolean(), i: fc.nat(PAGES - 1), n: fc.integer({ min: 1, max: 20 }) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 40, size: "max" }), (ops) => {
        const vm = s.make(PAGES);
        const model = new Array<boolean>(PAGES).fill(s.allMapped);
        let phys = s.phys0(PAGES);
        if (s.allMapped) vm.mem.u8.fill(0x5a, 0, PAGES * PAGE); // the client's memory is not zeroed at the start
        for (const { unmap, i, n } of ops) {
          const j = Math.min(i + n, PAGES);
          const ok = model.slice(i, j).every((m) => m === unmap);
          if (!ok) {
            if (CHECKING) expect(codeOf(() => (unmap ? vm.unmap(i * PAGE, j * PAGE) : vm.map(i * PAGE, j * PAGE)))).toBe("PARAM");
            continue;
          }
          if (unmap) {
            vm.unmap(i * PAGE, j * PAGE);
            for (let k = i; k < j; k++) model[k] = false;
            const top = model.lastIndexOf(true) + 1;
            phys = s.afterUnmap(phys, top * PAGE);
          } else {
            vm.map(i * PAGE, j * PAGE);
            for (let k = i; k < j; k++) model[k] = true;
            phys = s.afterMap(phys, j * PAGE);
            // design/vm.req.zero: what was not mapped reads as zero; then write a pattern to catch a missing zero-fill later.
            const u8 = vm.mem.u8;
            for (let a = i * PAGE; a < j * PAGE; a += 512) expect(u8[a]).toBe(0);
            expect(u8.subarray(i * PAGE, j * PAGE).every((b) => b === 0)).toBe(true);
            u8.fill(0xa5, i * PAGE, j * PAGE);
          }
          expect(vm.mapped()).toBe(model.filter((m) => m).length * PAGE);
          expect(vm.physical()).toBe(phys);
          expect(vm.reserved()).toBeGreaterThanOrEqual(PAGES * PAGE);
          for (let k = 0; k < PAGES; k++) expect(vm.isMapped(k * PAGE, (k + 1) * PAGE)).toBe(model[k]);
        }
        if (COOL) expect(vm.check()).toBe(true);
        vm.finish();
      }),
      { numRuns: 40 },
    );
  });

  it(".req.vm: a page unmapped and mapped again reads as zero; its neighbours keep their contents", () => {
    const vm = s.make(8);
    if (!s.allMapped) vm.map(0, 8 * PAGE);
    vm.mem.u32.fill(0x12345678);
    vm.unmap(2 * PAGE, 4 * PAGE);
    vm.map(2 * PAGE, 4 * PAGE);
    const u32 = vm.mem.u32;
    expect(u32.subarray(2 * PAGE / 4, 4 * PAGE / 4).every((w) => w === 0)).toBe(true);
    expect(u32[2 * PAGE / 4 - 1]).toBe(0x12345678);
    expect(u32[4 * PAGE / 4]).toBe(0x12345678);
  });

  it.skipIf(!CHECKING)(".req.vm: bad ranges and double maps are PARAM and change nothing", () => {
    const vm = s.make(8);
    if (!s.allMapped) vm.map(2 * PAGE, 4 * PAGE);
    else vm.unmap(4 * PAGE, 8 * PAGE);
    const before = { mapped: vm.mapped(), physical: vm.physical() };
    const bad = [
      () => vm.map(1, PAGE),
      () => vm.map(0, 9 * PAGE),
      () => vm.map(PAGE, PAGE),
      () => vm.map(2 * PAGE, 3 * PAGE),
      () => vm.unmap(4 * PAGE, 5 * PAGE),
      () => vm.unmap(0, PAGE + 1),
    ];
    for (const f of bad) expect(codeOf(f)).toBe("PARAM");
    expect({ mapped: vm.mapped(), physical: vm.physical() }).toEqual(before);
    vm.finish();
    expect(codeOf(() => vm.map(4 * PAGE, 5 * PAGE))).toBe("PARAM");
  });

  it.skipIf(s.name === "client")(".vm.common: bad options are PARAM; a reservation past 2^32 is RESOURCE", () => {
    const backend = { resizable: RESIZABLE_VM, wasm: WASM_VM, shared: SHARED_VM }[s.name as "resizable"];
    expect(codeOf(() => backend.create({ size: PAGE, pageSize: 1024 }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ size: 0, pageSize: PAGE }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ size: PAGE, pageSize: PAGE, buffer: new ArrayBuffer(PAGE) }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ size: 2 ** 32 + 1, pageSize: PAGE }))).toBe("RESOURCE");
  });
});

describe("resizable VM", () => {
  // .req.release design/vm.req.unmap
  it(".vm.resizable: physical memory shrinks when the top pages are unmapped", () => {
    const vm = new ResizableVM({ size: 64 * PAGE, pageSize: PAGE });
    vm.map(0, 8 * PAGE);
    vm.map(16 * PAGE, 32 * PAGE);
    expect(vm.physical()).toBe(32 * PAGE);
    expect(vm.buffer.byteLength).toBe(32 * PAGE);
    vm.unmap(0, 4 * PAGE); // not the top: no shrink
    expect(vm.physical()).toBe(32 * PAGE);
    vm.unmap(24 * PAGE, 32 * PAGE);
    expect(vm.physical()).toBe(24 * PAGE);
    vm.unmap(16 * PAGE, 24 * PAGE); // down to the highest mapped page, at 8 pages
    expect(vm.physical()).toBe(8 * PAGE);
    expect(vm.mem.u8.length).toBe(8 * PAGE); // the views track the length
    vm.unmap(4 * PAGE, 8 * PAGE);
    expect(vm.physical()).toBe(0);
    expect(vm.mapped()).toBe(0);
    vm.finish();
  });

  it(".vm.resizable: MEMORY when the buffer cannot grow, and nothing changes", () => {
    const vm = new ResizableVM({ size: 64 * PAGE, pageSize: PAGE });
    vm.map(0, 4 * PAGE);
    vi.spyOn(vm.buffer, "resize").mockImplementation(() => {
      throw new RangeError("Array buffer allocation failed");
    });
    const e = mpsErrorOf(() => vm.map(4 * PAGE, 8 * PAGE));
    expect(e?.code).toBe("MEMORY");
    expect(e?.message).toMatch(/cannot grow/);
    expect(vm.mapped()).toBe(4 * PAGE);
    expect(vm.isUnmapped(4 * PAGE, 8 * PAGE)).toBe(true);
    expect(vm.physical()).toBe(4 * PAGE);
    vi.restoreAllMocks(); // the memory is there again
    vm.map(4 * PAGE, 8 * PAGE);
    expect(vm.physical()).toBe(8 * PAGE);
  });

  it(".vm.resizable: RESOURCE when the engine refuses the reservation", () => {
    // V8 refuses maxByteLength above 2^32 here; the check of vmCheckCreateOpts refuses it first.
    expect(codeOf(() => new ResizableVM({ size: 2 ** 33, pageSize: PAGE }))).toBe("RESOURCE");
  });

  // design/vm.req.reserve.map.not
  it(".vm.resizable: a VM can reserve 4 GiB without committing any of it", () => {
    const vm = new ResizableVM({ size: 2 ** 32, pageSize: 2 ** 16 });
    expect(vm.limit).toBe(2 ** 32);
    expect(vm.physical()).toBe(0);
    vm.map(2 ** 16, 2 ** 17);
    vm.mem.u32[2 ** 14] = 7;
    expect(vm.physical()).toBe(2 ** 17);
    vm.unmap(2 ** 16, 2 ** 17);
    expect(vm.physical()).toBe(0);
    vm.finish();
  });
});

describe("wasm VM", () => {
  it(".vm.wasm.eager: the whole reservation is accessible from the start, so the views never change", () => {
    const vm = new WasmVM({ size: 64 * PAGE, pageSize: PAGE });
    const mem = vm.mem;
    const u32 = mem.u32;
    expect(u32.length).toBe((64 * PAGE) / 4);
    vm.map(0, PAGE);
    u32[1] = 0xfeedface;
    vm.map(20 * PAGE, 21 * PAGE);
    vm.map(63 * PAGE, 64 * PAGE);
    expect(vm.mem).toBe(mem);
    expect(mem.u32).toBe(u32); // a view kept across maps is still good
    expect(mem.buffer).toBe(vm.memory.buffer);
    u32[(63 * PAGE) / 4] = 7;
    expect(mem.dv.getUint32(4, true)).toBe(0xfeedface);
    expect(mem.u32[(63 * PAGE) / 4]).toBe(7);
    expect(vm.physical()).toBe(64 * PAGE);
  });

  it(".vm.wasm: the reservation is whole Wasm pages, and memory never shrinks", () => {
    const vm = new WasmVM({ size: 17 * PAGE, pageSize: PAGE });
    expect(vm.limit).toBe(17 * PAGE);
    expect(vm.reserved()).toBe(2 * WASM_PAGE_SIZE);
    vm.map(16 * PAGE, 17 * PAGE);
    expect(vm.physical()).toBe(2 * WASM_PAGE_SIZE);
    vm.unmap(16 * PAGE, 17 * PAGE);
    expect(vm.physical()).toBe(2 * WASM_PAGE_SIZE);
    expect(codeOf(() => new WasmVM({ size: 2 ** 32 + PAGE, pageSize: PAGE }))).toBe("RESOURCE");
  });

  it(".vm.wasm.eager: RESOURCE when the engine cannot provide the memory", () => {
    vi.stubGlobal("WebAssembly", {
      Memory: class {
        constructor() {
          throw new RangeError("WebAssembly.Memory(): could not allocate memory");
        }
      },
    });
    try {
      expect(codeOf(() => new WasmVM({ size: 64 * PAGE, pageSize: PAGE }))).toBe("RESOURCE");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it(".vm.wasm.eager: the memory is at its maximum, so Wasm code cannot grow it; refresh keeps the views", () => {
    const vm = new WasmVM({ size: 64 * PAGE, pageSize: PAGE });
    const u8 = vm.mem.u8;
    expect(() => vm.memory.grow(1)).toThrow(RangeError);
    vm.refresh();
    expect(vm.mem.u8).toBe(u8);
  });
});

describe("shared VM", () => {
  // design/vm.req.views
  it(".vm.shared: the buffer is shared, grows only, and views track it", () => {
    const vm = new SharedVM({ size: 64 * PAGE, pageSize: PAGE });
    expect(vm.buffer).toBeInstanceOf(SharedArrayBuffer);
    vm.map(8 * PAGE, 16 * PAGE);
    expect(vm.mem.u32.length).toBe((16 * PAGE) / 4);
    const other = new Int32Array(vm.buffer); // as a worker would see it
    Atomics.store(vm.mem.i32, (8 * PAGE) / 4, 99);
    expect(Atomics.load(other, (8 * PAGE) / 4)).toBe(99);
    vm.unmap(8 * PAGE, 16 * PAGE);
    expect(vm.physical()).toBe(16 * PAGE);
    expect(other[(8 * PAGE) / 4]).toBe(0);
  });

  it(".vm.shared: MEMORY when the buffer cannot grow", () => {
    const vm = new SharedVM({ size: 64 * PAGE, pageSize: PAGE });
    vi.spyOn(vm.buffer, "grow").mockImplementation(() => {
      throw new RangeError("Invalid length");
    });
    expect(codeOf(() => vm.map(0, PAGE))).toBe("MEMORY");
    expect(vm.mapped()).toBe(0);
  });
});

describe("client VM", () => {
  it(".vm.client: a region of the client's buffer, mapped from the start", () => {
    const buffer = new ArrayBuffer(1 << 20);
    new Uint8Array(buffer)[0x3000] = 9;
    const vm = new ClientVM({ buffer, base: 0x1800, size: 0x10000, pageSize: PAGE });
    expect(vm.base).toBe(0x2000); // rounded up to a page
    expect(vm.limit).toBe(0x11000); // 0x11800 rounded down
    expect(vm.reserved()).toBe(0x10000);
    expect(vm.mapped()).toBe(0x11000 - 0x2000);
    expect(vm.physical()).toBe(0x10000);
    expect(vm.isMapped(vm.base, vm.limit)).toBe(true);
    expect(vm.mem.u8[0x3000]).toBe(9); // the client's contents are left alone
    expect(vm.mem.buffer).toBe(buffer);
    if (CHECKING) expect(codeOf(() => vm.map(0x2000, 0x3000))).toBe("PARAM"); // already mapped
    vm.unmap(0x3000, 0x4000);
    expect(vm.mem.u8[0x3000]).toBe(0);
    vm.map(0x3000, 0x4000);
    vm.mem.u8[0x3000] = 5;
    vm.finish();
    expect(new Uint8Array(buffer)[0x3000]).toBe(5); // finish leaves the client's memory as it is
  });

  it(".vm.client: small pages are allowed, and the region may start at 0", () => {
    const buffer = new ArrayBuffer(1024);
    const vm = CLIENT_VM.create({ buffer, size: 1024, pageSize: 8 });
    expect([vm.base, vm.limit]).toEqual([0, 1024]);
    const shared = CLIENT_VM.create({ buffer: new SharedArrayBuffer(4096), size: 4096, pageSize: 4096 });
    expect(shared.mapped()).toBe(4096);
  });

  it(".vm.client: a missing, too small or odd-sized buffer is PARAM", () => {
    const buffer = new ArrayBuffer(64 * 1024);
    expect(codeOf(() => CLIENT_VM.create({ size: PAGE, pageSize: PAGE }))).toBe("PARAM");
    expect(codeOf(() => new ClientVM({ size: PAGE, pageSize: PAGE }))).toBe("PARAM");
    expect(codeOf(() => new ClientVM({ buffer: new Uint8Array(8) as unknown as ArrayBuffer, size: 8, pageSize: 8 }))).toBe("PARAM");
    expect(codeOf(() => new ClientVM({ buffer, base: 60 * 1024, size: 8 * 1024, pageSize: PAGE }))).toBe("PARAM");
    expect(codeOf(() => new ClientVM({ buffer, base: -8, size: PAGE, pageSize: PAGE }))).toBe("PARAM");
    expect(codeOf(() => new ClientVM({ buffer, base: 100, size: PAGE, pageSize: PAGE }))).toBe("PARAM"); // no whole page
    expect(codeOf(() => new ClientVM({ buffer, size: PAGE, pageSize: 4 }))).toBe("PARAM");
    expect(codeOf(() => new ClientVM({ buffer: new ArrayBuffer(1004), size: 1000, pageSize: 8 }))).toBe("PARAM");
  });

  it(".vm.common: a VM describes its mapped ranges", () => {
    const vm = new ClientVM({ buffer: new ArrayBuffer(8 * PAGE), size: 8 * PAGE, pageSize: PAGE });
    vm.unmap(2 * PAGE, 3 * PAGE);
    const text = describeToString(vm);
    expect(text).toContain("VM client {");
    expect(text).toContain("mapped [0x00000000, 0x00002000)");
    expect(text).toContain("mapped [0x00003000, 0x00008000)");
  });
});
