// The example of README.md, run as a test: keep the two in step.
import { expect, it, vi } from "vitest";
import { CHECKING } from "@mps/mpm";

// At rash the double map is not refused, so the example means something else there.
it.skipIf(!CHECKING)(".test.readme: the README example runs and prints what it says", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const { codeOf } = await import("@mps/mpm/test-util");
    const { MockVM } = await import("../src/test-util.js");

    // A VM of 16 pages of 4 KiB. (Real backends come from @mps/platform;
    // they all share these checks and this accounting.)
    const vm = new MockVM({ size: 64 * 1024, pageSize: 4096 });
    vm.map(0x1000, 0x3000); // commit two pages
    vm.mem.u32[0x1000 >>> 2] = 42; // read and write through the views
    console.log(vm.mapped(), vm.reserved()); // 8192 65536

    console.log(codeOf(() => vm.map(0x2000, 0x4000))); // "PARAM": 0x2000 is mapped already
    vm.unmap(0x1000, 0x2000);
    vm.map(0x1000, 0x2000);
    console.log(vm.mem.u32[0x1000 >>> 2]); // 0: a page that was unmapped comes back zeroed

    // Make the next map fail, as a test of the arena's unwinding would.
    vm.failMapOn(vm.mapCalls + 1);
    console.log(codeOf(() => vm.map(0x8000, 0x9000))); // "MEMORY"
    console.log(vm.mapped()); // 8192: nothing changed
    console.log(vm.callsOf("map", "MEMORY")); // [[32768, 36864]]
    vm.finish();

    expect(log.mock.calls).toEqual([
      [8192, 65536],
      ["PARAM"],
      [0],
      ["MEMORY"],
      [8192],
      [[[32768, 36864]]],
    ]);
  } finally {
    log.mockRestore();
  }
});
