/**
 * Templates laid over memory (design.mps.object-debug `.fence.content.template.repeat`):
 * copying a template over a range, and finding the first byte that differs.
 * A template tiles the whole address space from address 0, so the byte
 * expected at address `a` is always `template[a % template.length]`.
 * See docs/design/dbg.md `.impl.pattern`. .critical: none (debug pools only).
 */

import type { Addr } from "@mps/mpm";

/**
 * The byte a template puts at address `a`: `template[a % template.length]`.
 * `template` MUST NOT be empty.
 * @public
 */
export function patternByte(template: Uint8Array, a: Addr): number {
  return template[a % template.length]!;
}

/**
 * Fill [base, limit) of `u8` with copies of `template`, placed as if the
 * template tiled memory from address 0 (so a byte's value depends only on
 * its address). `template` MUST NOT be empty.
 * @public
 */
export function patternCopy(u8: Uint8Array, template: Uint8Array, base: Addr, limit: Addr): void {
  const n = template.length;
  const len = limit - base;
  if (len <= 0) return;
  // Write one period byte by byte (or the whole range if it is shorter) ...
  const first = len < n ? len : n;
  let k = base % n;
  for (let a = base; a < base + first; a++) {
    u8[a] = template[k]!;
    if (++k === n) k = 0;
  }
  // ... then double the written part, which stays a whole number of periods.
  let done = first;
  while (done < len) {
    const step = done <= len - done ? done : len - done;
    u8.copyWithin(base + done, base, base + step);
    done += step;
  }
}

/**
 * The address of the first byte in [base, limit) of `u8` that differs from
 * what {@link patternCopy} would have put there, or -1 if none does.
 * @public
 */
export function patternMismatch(u8: Uint8Array, template: Uint8Array, base: Addr, limit: Addr): Addr {
  const n = template.length;
  let k = base % n;
  for (let a = base; a < limit; a++) {
    if (u8[a] !== template[k]) return a;
    if (++k === n) k = 0;
  }
  return -1;
}
