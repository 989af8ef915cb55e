// The example of README.md, run as a test: keep the two in step.
import { expect, it, vi } from "vitest";
import { ACCESS_READ, Shield, type ShieldedSeg } from "@mps/shield";
import { platform, type SoftwareProtection } from "../src/index.js";

it(".test.readme: the README example runs and prints what it says", () => {
  const printed: unknown[][] = [];
  const out = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    // What an arena does: choose the backends, reserve, make the protection and the shield.
    const p = platform.select({ vm: "resizable", protection: "software" });
    console.log(p.vm.name, p.protection.name); // "resizable" "software"
    const vm = p.vm.create({ size: 1 << 20, pageSize: 4096 }); // 1 MiB reserved
    const prot = p.protection.create({ base: vm.base, limit: vm.limit, granularity: vm.pageSize }) as SoftwareProtection;
    const shield = new Shield(prot);

    vm.map(0x1000, 0x3000); // commit two grains
    console.log(vm.mapped(), vm.physical()); // 8192 12288: the buffer grew to cover them
    vm.mem.u32[0x2000 >>> 2] = 42;

    // A segment with a read barrier, and the arena's access handler.
    const seg: ShieldedSeg = { base: 0x2000, limit: 0x3000, sm: 0, pm: 0, depth: 0, queued: false };
    prot.setHandlers((addr, mode) => {
      console.log(`barrier hit at ${addr.toString(16)}, mode ${mode}`);
      shield.enter();
      shield.expose(seg); // scan it...
      shield.cover(seg);
      shield.lower(seg, mode); // ...and drop the barrier
      shield.leave();
    }, () => {});
    shield.raise(seg, ACCESS_READ);

    // A barrier-aware load: check, then read.
    const load = (addr: number) => (prot.checkAccess(addr, ACCESS_READ), vm.mem.u32[addr >>> 2]);
    console.log(load(0x1000)); // 0: no barrier on that grain
    console.log(load(0x2000)); // "barrier hit at 2000, mode 1", then 42
    console.log(load(0x2000)); // 42: no second hit

    vm.unmap(0x2000, 0x3000); // the top grain: the buffer shrinks
    console.log(vm.mapped(), vm.physical()); // 4096 8192

    expect(printed).toEqual([
      ["resizable", "software"],
      [8192, 12288],
      [0],
      ["barrier hit at 2000, mode 1"],
      [42],
      [42],
      [4096, 8192],
    ]);
  } finally {
    out.mockRestore();
  }
});
