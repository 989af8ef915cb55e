// Ports are registered for finalization when they are made: one that becomes
// unreachable while open is closed when its message arrives, and an output
// file port then writes its file. Both protection backends.
import { describe, expect, it } from "vitest";
import { Interp } from "../src/index.js";

for (const protection of ["none", "software"] as const) {
  describe(`.impl.finalization: ports closed by finalization (protection ${protection})`, () => {
    it("an unreachable output file port is closed and writes its file; a reachable one stays open", () => {
      const files = new Map<string, string>();
      let out = "";
      const interp = new Interp({ write: (s) => { out += s; }, protection, writeFile: (p, t) => files.set(p, t) });
      interp.evalText(`
        (define (scribble name text) (let ((p (open-output-file name))) (display text p) 'dropped))
        (scribble "lost.txt" "written by finalization")
        (define kept (open-output-file "kept.txt"))
        (display "not yet" kept)`, { print: false, stopOnError: true });
      expect(files.size).toBe(0);
      interp.evalText("(gc)", { print: false, stopOnError: true });
      expect(files.get("lost.txt")).toBe("written by finalization");
      expect(files.has("kept.txt")).toBe(false);
      interp.evalText("(display (port-open? kept)) (close-port kept) (gc)", { print: false, stopOnError: true });
      expect(out).toBe("#t");
      expect(files.get("kept.txt")).toBe("not yet");
      expect(interp.portsFinalized).toBe(1); // the explicitly closed one was not counted again
      interp.destroy();
    });
  });
}
