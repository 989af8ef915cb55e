import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, MpsAssertionError, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { AbstractVM, MemoryViews, SIG_VM, VM_ADDR_LIMIT, VM_PAGE_SIZE_MIN, vmCheckCreateOpts } from "../src/index.js";
import { MockVM, MockVMBackend } from "../src/test-util.js";

const PAGE = 4096;

/** Everything observable about a VM's accounting, to show a failed call changed nothing. */
function snapshot(vm: MockVM): unknown {
  const pages: boolean[] = [];
  for (let a = vm.base; a < vm.limit; a += vm.pageSize) pages.push(vm.isMapped(a, a + vm.pageSize));
  return { mapped: vm.mapped(), reserved: vm.reserved(), physical: vm.physical(), pages };
}

function expectParamUnchanged(vm: MockVM, f: () => unknown, message?: RegExp): void {
  const before = snapshot(vm);
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
  expect(snapshot(vm)).toEqual(before);
}

describe("AbstractVM (through MockVM)", () => {
  // .req.granularity .req.reserve .req.reserve.map.not
  it(".if.create: a new VM reserves size rounded up to pages, maps nothing, and checks", () => {
    const vm = new MockVM({ size: 10 * PAGE + 1, pageSize: PAGE });
    expect(vm.sig).toBe(SIG_VM);
    expect(vm.backend).toBe("mock");
    expect(vm.base).toBe(0);
    expect(vm.limit).toBe(11 * PAGE);
    expect(vm.pages).toBe(11);
    expect(vm.pageShift).toBe(12);
    expect(vm.reserved()).toBe(11 * PAGE);
    expect(vm.mapped()).toBe(0);
    expect(vm.physical()).toBe(0);
    expect(vm.isUnmapped(0, vm.limit)).toBe(true);
    expect(vm.check()).toBe(true);
  });

  it(".req.mapped .req.unmap: map and unmap keep the mapped count", () => {
    const vm = new MockVM({ size: 16 * PAGE, pageSize: PAGE });
    vm.map(PAGE, 3 * PAGE);
    expect(vm.mapped()).toBe(2 * PAGE);
    vm.map(8 * PAGE, 16 * PAGE);
    expect(vm.mapped()).toBe(10 * PAGE);
    expect(vm.isMapped(PAGE, 3 * PAGE)).toBe(true);
    expect(vm.isMapped(0, 3 * PAGE)).toBe(false);
    vm.unmap(10 * PAGE, 12 * PAGE);
    expect(vm.mapped()).toBe(8 * PAGE);
    expect(vm.isUnmapped(10 * PAGE, 12 * PAGE)).toBe(true);
    expect(vm.reserved()).toBe(16 * PAGE);
    expect(vm.check()).toBe(true);
  });

  it(".req.zero: memory reads as zero after unmap and remap", () => {
    const vm = new MockVM({ size: 4 * PAGE, pageSize: PAGE });
    vm.map(0, 4 * PAGE);
    vm.mem.u32.fill(0xdeadbeef);
    vm.unmap(PAGE, 3 * PAGE);
    vm.map(PAGE, 2 * PAGE);
    const u32 = vm.mem.u32;
    expect(u32.subarray(PAGE / 4, 2 * PAGE / 4).every((w) => w === 0)).toBe(true);
    expect(u32[0]).toBe(0xdeadbeef);
    expect(u32[3 * PAGE / 4]).toBe(0xdeadbeef);
  });

  it(".impl.size: a VM can reach 2^32, and not beyond", () => {
    expect(vmCheckCreateOpts("t", { size: 2 ** 32, pageSize: 2 ** 16 }, PAGE)).toBe(2 ** 32);
    expect(codeOf(() => vmCheckCreateOpts("t", { size: 2 ** 32 + 1, pageSize: PAGE }, PAGE))).toBe("RESOURCE");
    expect(codeOf(() => vmCheckCreateOpts("t", { size: 2 ** 32 - PAGE, pageSize: PAGE }, PAGE, 2 * PAGE))).toBe("RESOURCE");
    expect(VM_ADDR_LIMIT).toBe(2 ** 32);
  });

  // .req.reserve
  it.skipIf(!CHECKING)(".if.create: bad create options are PARAM", () => {
    for (const pageSize of [0, 3, 2048, 4095, 6000, 2 ** 31, NaN, "4096" as unknown as number]) {
      expect(codeOf(() => new MockVM({ size: PAGE, pageSize }))).toBe("PARAM");
    }
    for (const size of [0, -1, 1.5, NaN, Infinity, 2 ** 53]) {
      expect(codeOf(() => new MockVM({ size, pageSize: PAGE }))).toBe("PARAM");
    }
    expect(codeOf(() => new MockVM({ size: PAGE, pageSize: PAGE, buffer: new ArrayBuffer(PAGE) }))).toBe("PARAM");
    expect(codeOf(() => new MockVM({ size: PAGE, pageSize: PAGE, base: 0 }))).toBe("PARAM");
    expect(codeOf(() => vmCheckCreateOpts("t", null as unknown as { size: number; pageSize: number }, PAGE))).toBe("PARAM");
    // A smaller minimum is the backend's choice.
    expect(new MockVM({ size: 64, pageSize: 8, minPageSize: 8 }).limit).toBe(64);
    expect(VM_PAGE_SIZE_MIN).toBe(4096);
  });

  it.skipIf(!CHECKING)(".if.map: bad ranges are PARAM and change nothing", () => {
    const vm = new MockVM({ size: 8 * PAGE, pageSize: PAGE });
    vm.map(2 * PAGE, 4 * PAGE);
    expectParamUnchanged(vm, () => vm.map(PAGE, PAGE), /empty/);
    expectParamUnchanged(vm, () => vm.map(PAGE, 0), /empty/);
    expectParamUnchanged(vm, () => vm.map(1, PAGE), /aligned/);
    expectParamUnchanged(vm, () => vm.map(0, PAGE + 8), /aligned/);
    expectParamUnchanged(vm, () => vm.map(6 * PAGE, 9 * PAGE), /inside/);
    expectParamUnchanged(vm, () => vm.map(-PAGE, PAGE), /inside/);
    expectParamUnchanged(vm, () => vm.map(0.5, PAGE), /integers/);
    expectParamUnchanged(vm, () => vm.map(NaN, PAGE), /integers/);
    expectParamUnchanged(vm, () => vm.unmap(1, PAGE), /aligned/);
    expectParamUnchanged(vm, () => vm.unmap(6 * PAGE, 9 * PAGE), /inside/);
    expectParamUnchanged(vm, () => vm.isMapped(0, 9 * PAGE), /inside/);
    expect(vm.calls.filter((c) => c.outcome === "PARAM").length).toBe(10);
  });

  it.skipIf(!CHECKING)(".req.check: mapping a mapped page, or unmapping an unmapped one, is PARAM", () => {
    const vm = new MockVM({ size: 8 * PAGE, pageSize: PAGE });
    vm.map(2 * PAGE, 4 * PAGE);
    vm.mem.u8[2 * PAGE] = 7;
    expectParamUnchanged(vm, () => vm.map(2 * PAGE, 4 * PAGE), /overlaps a mapped page/);
    expectParamUnchanged(vm, () => vm.map(3 * PAGE, 5 * PAGE), /overlaps a mapped page/);
    expectParamUnchanged(vm, () => vm.map(0, 8 * PAGE), /overlaps a mapped page/);
    expectParamUnchanged(vm, () => vm.unmap(PAGE, 3 * PAGE), /unmapped page/);
    expectParamUnchanged(vm, () => vm.unmap(4 * PAGE, 5 * PAGE), /unmapped page/);
    expect(vm.mem.u8[2 * PAGE]).toBe(7); // nothing was zeroed by the refused unmap
  });

  it(".if.finish: finish unmaps everything; later calls are PARAM", () => {
    const vm = new MockVM({ size: 8 * PAGE, pageSize: PAGE });
    vm.map(0, 2 * PAGE);
    vm.finish();
    expect(vm.sig).not.toBe(SIG_VM);
    expect(describeToString(vm)).toContain("(finished)");
    // Use after finish is caught unless the level is rash.
    if (!CHECKING) return;
    for (const f of [() => vm.map(2 * PAGE, 3 * PAGE), () => vm.unmap(0, PAGE), () => vm.mapped(), () => vm.reserved(), () => vm.physical(), () => vm.finish(), () => vm.isMapped(0, PAGE)]) {
      expect(codeOf(f)).toBe("PARAM");
    }
    expect(() => vm.check()).toThrow(MpsAssertionError);
  });

  it(".req.map: a map that fails with MEMORY changes nothing", () => {
    const vm = new MockVM({ size: 8 * PAGE, pageSize: PAGE, failMapOn: [2] });
    vm.map(0, PAGE);
    const before = snapshot(vm);
    expect(codeOf(() => vm.map(PAGE, 4 * PAGE))).toBe("MEMORY");
    expect(snapshot(vm)).toEqual(before);
    vm.map(PAGE, 4 * PAGE); // the third call succeeds
    expect(vm.mapped()).toBe(4 * PAGE);
    expect(vm.calls.map((c) => c.outcome)).toEqual(["ok", "MEMORY", "ok"]);
    expect(vm.check()).toBe(true);
  });

  it(".test.model: random maps and unmaps agree with an array of pages at every step", () => {
    // Few pages and short ranges, so that unmaps of mapped ranges and remaps of unmapped ones are common.
    const PAGES = 10;
    const op = fc.record({ unmap: fc.boolean(), i: fc.nat(PAGES - 1), n: fc.integer({ min: 1, max: 3 }), fail: fc.nat(3).map((k) => k === 0) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 60, size: "max" }), (ops) => {
        const vm = new MockVM({ size: PAGES * PAGE, pageSize: PAGE });
        const model: boolean[] = new Array<boolean>(PAGES).fill(false);
        for (const { unmap, i, n, fail } of ops) {
          const j = Math.min(i + n, PAGES);
          const range = model.slice(i, j);
          const base = i * PAGE;
          const limit = j * PAGE;
          const ok = unmap ? range.every((m) => m) : range.every((m) => !m);
          if (!ok && !CHECKING) continue; // rash: a bad call is undefined behaviour
          if (unmap) {
            const code = codeOf(() => vm.unmap(base, limit));
            if (CHECKING) expect(code).toBe(ok ? undefined : "PARAM");
            if (code === undefined) for (let k = i; k < j; k++) model[k] = false;
          } else {
            if (fail) vm.failMapOn(vm.mapCalls + 1);
            const code = codeOf(() => vm.map(base, limit));
            if (CHECKING) expect(code).toBe(!ok ? "PARAM" : fail ? "MEMORY" : undefined);
            if (code === undefined) {
              for (let k = i; k < j; k++) model[k] = true;
              // Freshly mapped memory reads as zero; then write a pattern to catch a missing zero-fill later.
              expect(vm.mem.u8.subarray(base, limit).every((b) => b === 0)).toBe(true);
              vm.mem.u8.fill(0xa5, base, limit);
            }
          }
          expect(vm.mapped()).toBe(model.filter((m) => m).length * PAGE);
          for (let k = 0; k < PAGES; k++) expect(vm.isMapped(k * PAGE, (k + 1) * PAGE)).toBe(model[k]);
        }
        if (COOL) expect(vm.check()).toBe(true);
      }),
    );
  });

  it(".if.abstract: lists the mapped ranges", () => {
    const vm = new MockVM({ size: 8 * PAGE, pageSize: PAGE });
    vm.map(PAGE, 3 * PAGE);
    vm.map(5 * PAGE, 6 * PAGE);
    const text = describeToString(vm);
    expect(text).toContain("VM mock {");
    expect(text).toContain("mapped [0x00001000, 0x00003000)");
    expect(text).toContain("mapped [0x00005000, 0x00006000)");
    expect(text).toContain("reserved 32768 mapped 12288 physical 24576");
  });

  it(".impl.abstract: a backend that breaks the constructor's contract is refused", () => {
    class Bad extends AbstractVM {
      constructor(base: number, limit: number, reserved: number, pageSize = PAGE) {
        super({ backend: "bad", pageSize, base, limit, reserved, mem: new MemoryViews(new ArrayBuffer(0)) });
      }
      protected mapMethod(): void {}
      protected unmapMethod(): void {}
      protected physicalMethod(): number {
        return 0;
      }
      protected finishMethod(): void {}
    }
    expect(new Bad(PAGE, 2 * PAGE, PAGE).base).toBe(PAGE);
    expect(codeOf(() => new Bad(0, 0, 0))).toBe("PARAM");
    expect(codeOf(() => new Bad(1, PAGE, PAGE))).toBe("PARAM");
    expect(codeOf(() => new Bad(0, 2 ** 32 + PAGE, 2 ** 33))).toBe("PARAM");
    expect(codeOf(() => new Bad(0, PAGE, PAGE - 1))).toBe("PARAM");
    expect(codeOf(() => new Bad(0, PAGE, PAGE, 3))).toBe("PARAM");
  });
});

describe("MockVM and MockVMBackend (test-util)", () => {
  it(".test.mock: every call is recorded with its outcome", () => {
    const vm = new MockVM({ size: 4 * PAGE, pageSize: PAGE });
    vm.map(0, PAGE);
    vm.map(PAGE, 2 * PAGE);
    vm.unmap(0, PAGE);
    if (CHECKING) expect(codeOf(() => vm.unmap(0, PAGE))).toBe("PARAM");
    vm.finish();
    expect(vm.callsOf("map")).toEqual([[0, PAGE], [PAGE, 2 * PAGE]]);
    expect(vm.callsOf("unmap")).toEqual([[0, PAGE]]);
    if (CHECKING) expect(vm.callsOf("unmap", "PARAM")).toEqual([[0, PAGE]]);
    expect(vm.calls.at(-1)).toEqual({ op: "finish", base: 0, limit: 4 * PAGE, outcome: "ok" });
  });

  it(".test.mock: failMapOn and failMapFrom pick the calls that throw MEMORY", () => {
    const vm = new MockVM({ size: 8 * PAGE, pageSize: PAGE });
    vm.failMapOn(3);
    vm.failMapFrom(6);
    const outcomes: Array<string | undefined> = [];
    for (let i = 0; i < 8; i++) outcomes.push(codeOf(() => vm.map(i * PAGE, (i + 1) * PAGE)));
    expect(outcomes).toEqual([undefined, undefined, "MEMORY", undefined, undefined, "MEMORY", "MEMORY", "MEMORY"]);
    expect(vm.mapCalls).toBe(8);
    vm.clearFailures();
    vm.map(7 * PAGE, 8 * PAGE);
    expect(vm.mapped()).toBe(5 * PAGE);
    expect(codeOf(() => vm.failMapOn(0))).toBe("PARAM");
    expect(codeOf(() => vm.failMapFrom(1.5))).toBe("PARAM");
  });

  it(".test.mock: the backend records what it makes and fails create with RESOURCE on request", () => {
    const backend = new MockVMBackend({ failCreateOn: [2], failMapOn: [1] });
    expect(backend.available()).toBe(true);
    const a = backend.create({ size: 4 * PAGE, pageSize: PAGE });
    expect(codeOf(() => backend.create({ size: 4 * PAGE, pageSize: PAGE }))).toBe("RESOURCE");
    const b = backend.create({ size: 8 * PAGE, pageSize: PAGE });
    expect(backend.created).toEqual([a, b]);
    expect(backend.createCalls).toBe(3);
    expect(codeOf(() => a.map(0, PAGE))).toBe("MEMORY");
    const off = new MockVMBackend({ available: false, failMapFrom: 1 });
    expect(off.available()).toBe(false);
    expect(codeOf(() => off.create({ size: PAGE, pageSize: PAGE }))).toBe("UNIMPL");
  });
});
