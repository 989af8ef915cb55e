/**
 * The typed-array views of an arena's memory (DESIGN.md §1).
 *
 * One MemoryViews object lives as long as its VM. When the backend replaces
 * its buffer (a WebAssembly.Memory grows) it calls `refresh`, so every holder
 * of the object sees the new views; resizable and growable buffers keep their
 * length-tracking views. See docs/design/vm.md `.views`.
 * .critical: none here; the views are what mutators read and write.
 */

/**
 * Views of one buffer, at every width the mutator uses. Address `a` is byte
 * `a`: read a word at `a` as `u32[a >>> 2]`, a double at `a` as `f64[a >>> 3]`.
 * @public
 */
export class MemoryViews {
  /** The buffer the views are over. */
  buffer: ArrayBuffer | SharedArrayBuffer;
  /** Bytes. */
  u8: Uint8Array;
  /** Signed bytes. */
  i8: Int8Array;
  /** Half-words. */
  u16: Uint16Array;
  /** Signed half-words. */
  i16: Int16Array;
  /** Words: references are stored as u32. */
  u32: Uint32Array;
  /** Signed words. */
  i32: Int32Array;
  /** Single floats. */
  f32: Float32Array;
  /** Double floats (8-aligned). */
  f64: Float64Array;
  /** A DataView, for unaligned or mixed-endian access. */
  dv: DataView;

  /** Make views over `buffer`. */
  constructor(buffer: ArrayBuffer | SharedArrayBuffer) {
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.dv = new DataView(buffer);
  }

  /**
   * Point every view at `buffer`. Backends call this when they replace their
   * buffer; views over a resizable or growable buffer track its length and
   * need no refresh.
   */
  refresh(buffer: ArrayBuffer | SharedArrayBuffer): void {
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.dv = new DataView(buffer);
  }
}
