/**
 * `example-malloc`: the MPS Guide's malloc and free on an MVFF pool: a size
 * header per block, malloc, free, calloc and realloc.
 * See docs/design/example-malloc.md.
 * @packageDocumentation
 */

export { Malloc, HEADER_SIZE, MALLOC_ALIGN, MALLOC_MVFF_OPTS } from "./malloc.js";
