import { afterEach, describe, expect, it, vi } from "vitest";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { MockVMBackend } from "@mps/vm/test-util";
import {
  CLIENT_VM, NONE_PROTECTION, PROTECTION_BACKENDS, RESIZABLE_VM, SHARED_VM, SOFTWARE_PROTECTION, VM_BACKENDS, WASM_VM,
  platform, selectPlatform,
} from "../src/index.js";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Make `ArrayBuffer.prototype.resize` disappear for the length of `f`, as on an engine before ES2024. */
function withoutResizable<T>(f: () => T): T {
  const proto = ArrayBuffer.prototype as { resize?: unknown };
  const desc = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "resize")!;
  delete proto.resize;
  try {
    return f();
  } finally {
    Object.defineProperty(ArrayBuffer.prototype, "resize", desc);
  }
}

describe("platform.select", () => {
  // .req.select
  it(".select: the Wasm memory VM and the none protection", () => {
    const p = platform.select();
    expect(p.vm).toBe(WASM_VM);
    expect(p.protection).toBe(NONE_PROTECTION);
    expect(p.notes).toEqual([]);
    const vm = p.vm.create({ size: 1 << 20, pageSize: 4096 });
    const prot = p.protection.create({ base: vm.base, limit: vm.limit, granularity: vm.pageSize });
    expect(vm.backend).toBe("wasm");
    expect(prot.backend).toBe("none");
    expect(prot.hasBarrier).toBe(false);
  });

  it(".select: backends are chosen by name", () => {
    expect(selectPlatform({ vm: "wasm", protection: "software" })).toMatchObject({ vm: WASM_VM, protection: SOFTWARE_PROTECTION, notes: [] });
    expect(selectPlatform({ vm: "shared" }).vm).toBe(SHARED_VM);
    expect(selectPlatform({ vm: "client" }).vm).toBe(CLIENT_VM);
  });

  it(".select: a backend object (a mock, say) is used as it is", () => {
    const mock = new MockVMBackend();
    const p = selectPlatform({ vm: mock, protection: SOFTWARE_PROTECTION });
    expect(p.vm).toBe(mock);
    expect(p.protection).toBe(SOFTWARE_PROTECTION);
  });

  // .req.select
  it(".select.fallback: an unavailable backend is replaced by the next available, with a note", () => {
    const off = new MockVMBackend({ available: false });
    const p = selectPlatform({ vm: off });
    expect(p.vm).toBe(WASM_VM);
    expect(p.notes).toEqual(['VM backend "mock" is not available here; using "wasm"']);
    // Without growable SharedArrayBuffers (a browser page that is not cross-origin isolated):
    vi.stubGlobal("SharedArrayBuffer", undefined);
    expect(SHARED_VM.available()).toBe(false);
    expect(selectPlatform({ vm: "shared" })).toMatchObject({ vm: WASM_VM, notes: ['VM backend "shared" is not available here; using "wasm"'] });
    expect(codeOf(() => SHARED_VM.create({ size: 4096, pageSize: 4096 }))).toBe("UNIMPL");
  });

  it(".select.fallback: without WebAssembly the default falls back to the resizable ArrayBuffer; with neither, UNIMPL", () => {
    vi.stubGlobal("WebAssembly", undefined);
    try {
      expect(WASM_VM.available()).toBe(false);
      const p = selectPlatform();
      expect(p.vm).toBe(RESIZABLE_VM);
      expect(p.notes).toEqual(['VM backend "wasm" is not available here; using "resizable"']);
      expect(codeOf(() => WASM_VM.create({ size: 4096, pageSize: 4096 }))).toBe("UNIMPL");
      withoutResizable(() => {
        expect(RESIZABLE_VM.available()).toBe(false);
        expect(codeOf(() => selectPlatform())).toBe("UNIMPL");
        expect(codeOf(() => RESIZABLE_VM.create({ size: 4096, pageSize: 4096 }))).toBe("UNIMPL");
      });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(RESIZABLE_VM.available()).toBe(true);
    expect(WASM_VM.available()).toBe(true);
  });

  it(".select.fallback: with fallback false an unavailable backend is UNIMPL", () => {
    const e = mpsErrorOf(() => selectPlatform({ vm: new MockVMBackend({ available: false }), fallback: false }));
    expect(e?.code).toBe("UNIMPL");
    expect(e?.message).toMatch(/"mock" is not available/);
  });

  it(".select: an unknown name or a non-backend is PARAM", () => {
    expect(codeOf(() => selectPlatform({ vm: "mmap" as "wasm" }))).toBe("PARAM");
    expect(codeOf(() => selectPlatform({ protection: "mprotect" as "none" }))).toBe("PARAM");
    expect(codeOf(() => selectPlatform({ vm: {} as typeof RESIZABLE_VM }))).toBe("PARAM");
    expect(codeOf(() => selectPlatform(null as unknown as object))).toBe("PARAM");
  });

  it(".select.backends: platform.backends lists every backend, in the order of preference", () => {
    expect(platform.backends.vm.map((b) => b.name)).toEqual(["wasm", "resizable", "shared", "client"]);
    expect(platform.backends.protection.map((b) => b.name)).toEqual(["none", "software"]);
    expect(platform.backends.vm).toBe(VM_BACKENDS);
    expect(platform.backends.protection).toBe(PROTECTION_BACKENDS);
    expect(VM_BACKENDS.every((b) => b.available())).toBe(true); // all of them, on Node 20
    expect(Object.isFrozen(platform)).toBe(true);
  });
});
