/**
 * The typed-array views of an arena's memory (DESIGN.md §1).
 *
 * One MemoryViews object lives as long as its VM. The views have a fixed
 * length (the buffer's length when they were made): when the backend grows,
 * shrinks or replaces its buffer it calls `refresh`, so every holder of the
 * object sees the new views. Fixed-length views, not length-tracking ones,
 * because V8 11 (Node 20) accesses length-tracking views of a growable
 * SharedArrayBuffer about 20 times more slowly (docs/design/vm.md `.views.fixed`).
 * .critical: none here; the views are what mutators read and write.
 */

/**
 * Views of one buffer, at every width the mutator uses. Address `a` is byte
 * `a`: read a word at `a` as `u32[a >>> 2]`, a double at `a` as `f64[a >>> 3]`.
 * @public
 */
export class MemoryViews {
  /** The buffer the views are over. */
  buffer!: ArrayBuffer | SharedArrayBuffer;
  /** Bytes. */
  u8!: Uint8Array;
  /** Signed bytes. */
  i8!: Int8Array;
  /** Half-words. */
  u16!: Uint16Array;
  /** Signed half-words. */
  i16!: Int16Array;
  /** Words: references are stored as u32. */
  u32!: Uint32Array;
  /** Signed words. */
  i32!: Int32Array;
  /** Single floats. */
  f32!: Float32Array;
  /** Double floats (8-aligned). */
  f64!: Float64Array;
  /** A DataView, for unaligned or mixed-endian access. */
  dv!: DataView;

  /** Make views of the whole of `buffer` as it is now. */
  constructor(buffer: ArrayBuffer | SharedArrayBuffer) {
    this.refresh(buffer);
  }

  /**
   * Point every view at the whole of `buffer` as it is now. Backends call
   * this after growing, shrinking or replacing their buffer; the object
   * stays the same, so read `mem.u32` afresh after any call that may map.
   */
  refresh(buffer: ArrayBuffer | SharedArrayBuffer): void {
    const n = buffer.byteLength;
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer, 0, n);
    this.i8 = new Int8Array(buffer, 0, n);
    this.u16 = new Uint16Array(buffer, 0, n >>> 1);
    this.i16 = new Int16Array(buffer, 0, n >>> 1);
    this.u32 = new Uint32Array(buffer, 0, n >>> 2);
    this.i32 = new Int32Array(buffer, 0, n >>> 2);
    this.f32 = new Float32Array(buffer, 0, n >>> 2);
    this.f64 = new Float64Array(buffer, 0, Math.floor(n / 8));
    this.dv = new DataView(buffer, 0, n);
  }

}
