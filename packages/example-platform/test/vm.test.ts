// The example VM against a model: a set of mapped pages and what each byte
// must read after every map and unmap.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { EXAMPLE_VM, ExampleVM, exampleVMBackend } from "../src/index.js";

const PAGE = 4096;
const PAGES = 32;

describe("example VM", () => {
  it(".req.vm.reserve: the whole reservation is one buffer, from address 0, with nothing mapped", () => {
    const vm = EXAMPLE_VM.create({ size: PAGES * PAGE - 100, pageSize: PAGE }) as ExampleVM;
    expect(vm).toBeInstanceOf(ExampleVM);
    expect(vm.backend).toBe("example");
    expect([vm.base, vm.limit, vm.pageSize]).toEqual([0, PAGES * PAGE, PAGE]);
    expect(vm.reserved()).toBe(PAGES * PAGE);
    expect(vm.mapped()).toBe(0);
    expect(vm.physical()).toBe(PAGES * PAGE);
    expect(vm.mem.buffer).toBe(vm.buffer);
    expect(vm.mem.u8.length).toBe(PAGES * PAGE);
    expect(EXAMPLE_VM.available()).toBe(true);
    expect(vm.check()).toBe(true);
    vm.finish();
  });

  it(".req.vm.zero .req.vm.poison: mapped memory reads as zero, unmapped memory reads as the poison; mapped() counts the pages (model)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ i: fc.nat(PAGES - 1), n: fc.integer({ min: 1, max: 6 }), write: fc.integer({ min: 1, max: 255 }) }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 255 }),
        (ops, poison) => {
          const vm = exampleVMBackend({ poison }).create({ size: PAGES * PAGE, pageSize: PAGE });
          const mapped = new Array<boolean>(PAGES).fill(false);
          const content = new Array<number>(PAGES).fill(poison); // every byte of a page holds this
          for (const { i, n, write } of ops) {
            const j = Math.min(i + n, PAGES);
            const all = mapped.slice(i, j).every((m) => m);
            const none = mapped.slice(i, j).every((m) => !m);
            if (none) {
              vm.map(i * PAGE, j * PAGE);
              for (let k = i; k < j; k++) {
                mapped[k] = true;
                content[k] = 0;
              }
              vm.mem.u8.fill(write, i * PAGE, j * PAGE); // the client writes what it mapped
              for (let k = i; k < j; k++) content[k] = write;
            } else if (all) {
              vm.unmap(i * PAGE, j * PAGE);
              for (let k = i; k < j; k++) {
                mapped[k] = false;
                content[k] = poison;
              }
            } else {
              // Partly mapped: both are refused.
              if (CHECKING) {
                expect(codeOf(() => vm.map(i * PAGE, j * PAGE))).toBe("PARAM");
                expect(codeOf(() => vm.unmap(i * PAGE, j * PAGE))).toBe("PARAM");
              }
            }
            expect(vm.mapped()).toBe(mapped.filter((m) => m).length * PAGE);
          }
          for (let k = 0; k < PAGES; k++) {
            expect(vm.mem.u8[k * PAGE]).toBe(content[k]);
            expect(vm.mem.u8[k * PAGE + PAGE - 1]).toBe(content[k]);
          }
          if (COOL) expect(vm.check()).toBe(true);
          vm.finish();
        },
      ),
    );
  });

  it(".req.vm.zero: a page mapped again reads as zero, whatever was written before", () => {
    const vm = EXAMPLE_VM.create({ size: 4 * PAGE, pageSize: PAGE });
    vm.map(PAGE, 3 * PAGE);
    vm.mem.u32.fill(0xdeadbeef, PAGE / 4, (3 * PAGE) / 4);
    vm.unmap(PAGE, 3 * PAGE);
    expect(vm.mem.u8[PAGE]).toBe(0xa5);
    vm.map(2 * PAGE, 3 * PAGE);
    expect(vm.mem.u32.subarray((2 * PAGE) / 4, (3 * PAGE) / 4).every((w) => w === 0)).toBe(true);
    expect(vm.mem.u8[PAGE]).toBe(0xa5); // still unmapped
    vm.finish();
  });

  it(".req.vm.limit: a map past mapLimit is MEMORY and changes nothing", () => {
    const vm = exampleVMBackend({ mapLimit: 3 * PAGE }).create({ size: 8 * PAGE, pageSize: PAGE }) as ExampleVM;
    vm.map(0, 2 * PAGE);
    vm.mem.u8[0] = 7;
    const before = vm.mem.u8.slice();
    expect(codeOf(() => vm.map(2 * PAGE, 4 * PAGE))).toBe("MEMORY");
    expect(vm.mapped()).toBe(2 * PAGE);
    expect(vm.isUnmapped(2 * PAGE, 4 * PAGE)).toBe(true);
    expect(vm.mem.u8).toEqual(before);
    vm.map(2 * PAGE, 3 * PAGE); // exactly at the limit
    expect(vm.mapped()).toBe(3 * PAGE);
    vm.unmap(0, PAGE);
    vm.map(5 * PAGE, 6 * PAGE); // room again
    expect(vm.mapped()).toBe(3 * PAGE);
    vm.finish();
  });

  it(".req.vm.check: bad options are PARAM, an impossible reservation RESOURCE", () => {
    expect(codeOf(() => exampleVMBackend({ mapLimit: -1 }))).toBe("PARAM");
    expect(codeOf(() => exampleVMBackend({ mapLimit: 1.5 }))).toBe("PARAM");
    expect(codeOf(() => exampleVMBackend({ poison: 256 }))).toBe("PARAM");
    expect(codeOf(() => exampleVMBackend({ poison: -1 }))).toBe("PARAM");
    expect(codeOf(() => exampleVMBackend(null as never))).toBe("PARAM");
    expect(codeOf(() => EXAMPLE_VM.create({ size: 0, pageSize: PAGE }))).toBe("PARAM");
    expect(codeOf(() => EXAMPLE_VM.create({ size: PAGE, pageSize: 3000 }))).toBe("PARAM");
    expect(codeOf(() => EXAMPLE_VM.create({ size: PAGE, pageSize: 1024 }))).toBe("PARAM"); // below 4 KiB
    expect(codeOf(() => EXAMPLE_VM.create({ size: PAGE, pageSize: PAGE, buffer: new ArrayBuffer(8) }))).toBe("PARAM");
    expect(codeOf(() => EXAMPLE_VM.create({ size: 2 ** 32 + 1, pageSize: PAGE }))).toBe("RESOURCE");
  });

  it.skipIf(!CHECKING)(".req.vm.check: bad ranges are PARAM and change nothing; a finished VM refuses every call", () => {
    const vm = EXAMPLE_VM.create({ size: 8 * PAGE, pageSize: PAGE });
    vm.map(2 * PAGE, 4 * PAGE);
    for (const [b, l] of [[PAGE, PAGE], [PAGE + 8, 2 * PAGE], [7 * PAGE, 9 * PAGE], [3 * PAGE, 5 * PAGE], [NaN, PAGE]]) {
      expect(codeOf(() => vm.map(b!, l!))).toBe("PARAM");
    }
    for (const [b, l] of [[4 * PAGE, 5 * PAGE], [PAGE, 3 * PAGE], [2 * PAGE, 2 * PAGE]]) {
      expect(codeOf(() => vm.unmap(b!, l!))).toBe("PARAM");
    }
    expect(vm.mapped()).toBe(2 * PAGE);
    expect(describeToString(vm)).toContain("mapped [0x00002000, 0x00004000)");
    vm.finish();
    expect(codeOf(() => vm.map(0, PAGE))).toBe("PARAM");
    expect(codeOf(() => vm.mapped())).toBe("PARAM");
    expect(codeOf(() => vm.finish())).toBe("PARAM");
  });
});
