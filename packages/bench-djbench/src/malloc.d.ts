// Types for the `malloc` package (codemix's skip-list allocator), which ships none.
declare module "malloc" {
  export default class Allocator {
    constructor(buffer: ArrayBuffer, byteOffset?: number, byteLength?: number);
    buffer: ArrayBuffer;
    /** The address of `numberOfBytes` bytes, or 0 if none is free. */
    alloc(numberOfBytes: number): number;
    /** Free the block at `address`; returns the bytes freed. */
    free(address: number): number;
  }
}
