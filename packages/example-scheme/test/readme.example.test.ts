// The README's example, as written there (importing the source instead of the package).
import { expect, it, vi } from "vitest";
import { Interp } from "../src/index.js";

it("README example runs and prints what it says", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  let out = "";
  const scheme = new Interp({ arenaSize: 8 << 20, write: (s) => { out += s; } });
  scheme.evalText(`
    (define (count-down n) (if (= n 0) 'done (count-down (- n 1))))
    (display (count-down 100000))
    (define t (make-eq-hashtable))
    (define key (list 1 2 3))
    (hashtable-set! t key "found")
    (gc)
    (display (hashtable-ref t key #f))`, { print: false, stopOnError: true });
  console.log(out); // "donefound"
  console.log(scheme.heap.stats.collections > 0); // true
  scheme.destroy();
  expect(log.mock.calls).toEqual([["donefound"], [true]]);
  log.mockRestore();
});
