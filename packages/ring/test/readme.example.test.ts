// The README's example, run as a test: the code between the markers is the
// README's, with its console.log lines turned into expectations.
import { expect, it } from "vitest";
import { Ring, ringElt, ringForEach } from "../src/index.js";

it("the README example runs", () => {
  class Pool {
    readonly name: string;
    readonly arenaRing: Ring<Pool> = new Ring<Pool>(this); // this pool's node on its arena's ring
    constructor(name: string) {
      this.name = name;
    }
  }

  class Arena {
    readonly poolRing = new Ring<Pool>(); // the head: the arena's ring of pools
  }

  const arena = new Arena();
  const a = new Pool("a"), b = new Pool("b"), c = new Pool("c");
  arena.poolRing.append(a.arenaRing);
  arena.poolRing.append(b.arenaRing);
  arena.poolRing.insert(c.arenaRing); // c comes first
  expect(arena.poolRing.length()).toBe(3);

  // Remove pools while walking the ring: the loop reads `next` before the body runs.
  const ring = arena.poolRing;
  for (let node = ring.next, next = node.next; node !== ring; node = next, next = node.next) {
    if (ringElt(node).name === "a") node.remove();
  }

  const names: string[] = [];
  ringForEach(ring, (node) => {
    names.push(ringElt(node).name);
  });
  expect(names).toEqual(["c", "b"]);
  expect(a.arenaRing.isSingle()).toBe(true);
});
