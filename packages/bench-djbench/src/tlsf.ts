/**
 * The TLSF peer: a few lines of AssemblyScript that export `alloc` and
 * `free` over AssemblyScript's heap (its TLSF allocator), compiled with the
 * `assemblyscript` package's `asc` API when the benchmark starts.
 * See docs/design/bench-djbench.md `.impl.tlsf`.
 * .critical: none here (the exported functions are called from the workload loop).
 */
/**
 * The AssemblyScript source compiled for the TLSF peer: `heap.alloc` and
 * `heap.free` are AssemblyScript's TLSF (`std/assembly/rt/tlsf.ts`).
 * @public
 */
export const TLSF_SOURCE = `
export function alloc(size: usize): usize { return heap.alloc(size); }
export function free(ptr: usize): void { heap.free(ptr); }
`;

/**
 * The compiled TLSF module, or the reason it could not be had.
 * @public
 */
export type TlsfCompileResult = { module: WebAssembly.Module; error: null; millis: number } | { module: null; error: string; millis: number };

/**
 * Compile {@link TLSF_SOURCE} with `asc.compileString` (optimise level 3,
 * the `minimal` runtime, so no collector runs, and no assertions) and
 * compile the binary to a `WebAssembly.Module`. Never throws: a failure
 * comes back as `error`, so that the benchmark can report it and go on.
 * @public
 */
export async function compileTlsf(): Promise<TlsfCompileResult> {
  const t0 = performance.now();
  try {
    // Loaded here, not at the top: the compiler is large, and only tlsf needs it.
    const { default: asc } = await import("assemblyscript/asc");
    const r = await asc.compileString({ "tlsf.ts": TLSF_SOURCE }, { optimizeLevel: 3, shrinkLevel: 0, runtime: "minimal", noAssert: true });
    if (r.error || !r.binary) {
      return { module: null, error: `asc failed: ${r.error?.message ?? "no binary"} ${r.stderr.toString().trim()}`, millis: performance.now() - t0 };
    }
    const module = await WebAssembly.compile(r.binary as Uint8Array<ArrayBuffer>);
    return { module, error: null, millis: performance.now() - t0 };
  } catch (e) {
    return { module: null, error: `asc failed: ${(e as Error).message}`, millis: performance.now() - t0 };
  }
}

/**
 * An instance of the TLSF module: its exported functions and memory.
 * @public
 */
export interface TlsfInstance {
  /** `heap.alloc(size)`: the address of at least `size` bytes. */
  alloc: (size: number) => number;
  /** `heap.free(ptr)`. */
  free: (ptr: number) => void;
  /** The instance's memory (grows when TLSF needs more). */
  memory: WebAssembly.Memory;
}

/**
 * Instantiate `module` with a fresh heap; `heapBytes` is grown into the
 * memory up front (TLSF takes all of the memory present when it starts),
 * capped at 1 GiB.
 * @public
 */
export function instantiateTlsf(module: WebAssembly.Module, heapBytes: number): TlsfInstance {
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`TLSF aborted (line ${line}, column ${col})`);
      },
    },
  });
  const ex = instance.exports as unknown as TlsfInstance;
  const pages = Math.min(16384, Math.ceil(heapBytes / 65536));
  const have = ex.memory.buffer.byteLength / 65536;
  if (pages > have) ex.memory.grow(pages - have);
  return { alloc: ex.alloc, free: ex.free, memory: ex.memory };
}
