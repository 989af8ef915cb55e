import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, MpsAssertionError, SIG_INVALID, StringStream, describeToString } from "@mps/mpm";
import { CMP_EQUAL, CMP_GREATER, CMP_LESS, SIG_SPLAY_TREE, SplayTree, Tree, treeCheck, treeIsLeaf, type SplayNeighbours } from "../src/index.js";
import { Item, compareItem, hasSize, keyOfItem, keysOf, makeTree, subtreeHasSize, summariesCorrect } from "./helpers.js";

function fill(tree: SplayTree<Item, number>, keys: number[], sizeOf = (k: number) => k): Item[] {
  const items = keys.map((k) => new Item(k, sizeOf(k)));
  for (const it of items) expect(tree.insert(it)).toBe(true);
  return items;
}

function expectParam(f: () => unknown): void {
  expect(f).toThrow(expect.objectContaining({ code: "PARAM" }));
}

describe.each([
  ["with summaries", true],
  ["without summaries", false],
])("SplayTree %s", (_name, withSummaries) => {
  it(".req.add .req.order: inserted nodes come back in key order", () => {
    const t = makeTree(withSummaries);
    fill(t, [5, 3, 9, 1, 4, 8, 10, 2, 7, 6]);
    expect(keysOf(t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.debugCount()).toBe(10);
    expect(t.check()).toBe(true);
  });

  it(".req.add: a duplicate key is refused and the tree is unchanged", () => {
    const t = makeTree(withSummaries);
    fill(t, [1, 2, 3]);
    const dup = new Item(2, 99);
    expect(t.insert(dup)).toBe(false);
    expect(treeIsLeaf(dup)).toBe(true);
    expect(keysOf(t)).toEqual([1, 2, 3]);
    expect(t.find(2)?.size).toBe(2);
  });

  it(".req.locate: find splays the node to the root, or returns null", () => {
    const t = makeTree(withSummaries);
    const items = fill(t, [10, 20, 30, 40, 50]);
    expect(t.find(30)).toBe(items[2]);
    expect(t.root).toBe(items[2]);
    expect(t.find(35)).toBeNull();
    expect(t.find(0)).toBeNull();
    expect(t.find(60)).toBeNull();
    expect(keysOf(t)).toEqual([10, 20, 30, 40, 50]);
  });

  it(".req.remove .req.alloc: the client owns the nodes; the tree links them and makes none: delete removes exactly the node and leaves it a leaf", () => {
    const t = makeTree(withSummaries);
    const items = fill(t, [4, 2, 6, 1, 3, 5, 7]);
    expect(t.delete(items[0] as Item)).toBe(true);
    expect(treeIsLeaf(items[0] as Item)).toBe(true);
    expect(keysOf(t)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(t.delete(items[0] as Item)).toBe(false);
    // A different node with a present key is not "in the tree".
    expect(t.delete(new Item(2, 2))).toBe(false);
    expect(keysOf(t)).toEqual([1, 2, 3, 5, 6, 7]);
    for (const it of items.slice(1)) expect(t.delete(it)).toBe(true);
    expect(t.isEmpty()).toBe(true);
    expect(t.root).toBeNull();
    expect(t.delete(items[1] as Item)).toBe(false);
  });

  it(".req.neighbours: the nodes either side of a key, or false on a match", () => {
    const t = makeTree(withSummaries);
    const nb: SplayNeighbours<Item> = { left: null, right: null };
    expect(t.neighbours(5, nb)).toBe(true);
    expect(nb).toEqual({ left: null, right: null });
    const items = fill(t, [10, 20, 30]);
    expect(t.neighbours(15, nb)).toBe(true);
    expect(nb.left).toBe(items[0]);
    expect(nb.right).toBe(items[1]);
    expect(t.neighbours(5, nb)).toBe(true);
    expect(nb.left).toBeNull();
    expect(nb.right).toBe(items[0]);
    expect(t.neighbours(35, nb)).toBe(true);
    expect(nb.left).toBe(items[2]);
    expect(nb.right).toBeNull();
    nb.left = nb.right = null;
    expect(t.neighbours(20, nb)).toBe(false);
    expect(nb).toEqual({ left: null, right: null });
    expect(keysOf(t)).toEqual([10, 20, 30]);
  });

  it(".req.iterate: first/next visit every node in order, tolerating deletion of the node just visited", () => {
    const t = makeTree(withSummaries);
    fill(t, [8, 3, 5, 1, 9, 2]);
    const seen: number[] = [];
    for (let n = t.first(); n !== null; n = t.next(n.key)) seen.push(n.key);
    expect(seen).toEqual([1, 2, 3, 5, 8, 9]);
    // Delete each node as it is visited.
    const again: number[] = [];
    for (let n = t.first(); n !== null; ) {
      again.push(n.key);
      const k = n.key;
      t.delete(n);
      n = t.next(k);
    }
    expect(again).toEqual([1, 2, 3, 5, 8, 9]);
    expect(t.isEmpty()).toBe(true);
    expect(t.first()).toBeNull();
    expect(t.next(3)).toBeNull();
  });

  it(".req.iterate: next tolerates insertions behind and ahead of the cursor", () => {
    const t = makeTree(withSummaries);
    fill(t, [10, 20, 30]);
    const seen: number[] = [];
    for (let n = t.first(); n !== null; n = t.next(n.key)) {
      seen.push(n.key);
      if (n.key === 10) {
        t.insert(new Item(5, 5)); // behind: not visited
        t.insert(new Item(25, 25)); // ahead: visited
      }
    }
    expect(seen).toEqual([10, 20, 25, 30]);
  });

  it(".req.iterate: traverse visits in order without restructuring, and can stop", () => {
    const t = makeTree(withSummaries);
    fill(t, [3, 1, 2, 5, 4]);
    const root = t.root;
    const seen: number[] = [];
    expect(t.traverse((n, acc) => (acc.push(n.key), n.key < 3), seen)).toBe(false);
    expect(seen).toEqual([1, 2, 3]);
    expect(t.root).toBe(root);
    expect(t.traverse(() => true, null)).toBe(true);
    expect(makeTree(withSummaries).traverse(() => false, null)).toBe(true);
  });

  it(".req.iterate: traverseAndDelete removes the chosen nodes and rebalances", () => {
    const t = makeTree(withSummaries);
    const items = fill(t, Array.from({ length: 100 }, (_, i) => i));
    for (let n = t.first(); n !== null; n = t.next(n.key)); // leaves a vine
    t.traverseAndDelete((n) => n.key % 3 === 0, null);
    expect(keysOf(t)).toEqual(items.filter((i) => i.key % 3 !== 0).map((i) => i.key));
    expect(items.filter((i) => i.key % 3 === 0).every((i) => treeIsLeaf(i))).toBe(true);
    if (withSummaries) expect(summariesCorrect(t)).toBe(true);
    // Balanced: depth at most ceil(log2(67 + 1)) = 7.
    let depth = 0;
    const walk = (n: Item | null, d: number): void => {
      if (n === null) return;
      depth = Math.max(depth, d);
      walk(n.left, d + 1);
      walk(n.right, d + 1);
    };
    walk(t.root, 1);
    expect(depth).toBeLessThanOrEqual(7);
  });

  it(".req.iterate: traverseAndDelete leaves a whole tree if the visitor throws", () => {
    const t = makeTree(withSummaries);
    fill(t, [1, 2, 3, 4, 5]);
    expect(() =>
      t.traverseAndDelete((n) => {
        if (n.key === 4) throw new Error("visitor failed");
        return n.key === 2;
      }, null),
    ).toThrow("visitor failed");
    expect(keysOf(t)).toEqual([1, 3, 4, 5]);
    expect(t.check()).toBe(true);
    if (withSummaries) expect(summariesCorrect(t)).toBe(true);
  });

  it(".req.root .req.adapt: the root is the node last splayed", () => {
    const t = makeTree(withSummaries);
    expect(t.root).toBeNull();
    const items = fill(t, [1, 2, 3]);
    expect(t.root).toBe(items[2]);
    t.find(1);
    expect(t.root).toBe(items[0]);
  });

  it(".req.stack: a degenerate tree of 200000 nodes works without deep recursion", () => {
    const t = makeTree(withSummaries);
    // Inserting in increasing order makes a left vine.
    for (let i = 0; i < 200_000; i++) t.insert(new Item(i, i % 1000));
    expect(t.find(0)?.key).toBe(0);
    expect(t.debugCount()).toBe(200_000);
    let count = 0;
    t.traverse(() => (count++, true), null);
    expect(count).toBe(200_000);
    t.debugUpdate();
    if (withSummaries) expect(summariesCorrect(t)).toBe(true);
    expect(describeToString(t).split("\n").length).toBeGreaterThan(200_000);
  });
});

describe("SplayTree summaries", () => {
  it(".req.property.find: findFirst and findLast find the first and last node with a large enough property", () => {
    const t = makeTree(true);
    const sizes = [3, 9, 1, 7, 2, 9, 4];
    fill(t, [0, 1, 2, 3, 4, 5, 6], (k) => sizes[k] as number);
    expect(t.findFirst(hasSize, subtreeHasSize, 5)?.key).toBe(1);
    expect(t.root?.key).toBe(1);
    expect(t.findLast(hasSize, subtreeHasSize, 5)?.key).toBe(5);
    expect(t.findFirst(hasSize, subtreeHasSize, 8)?.key).toBe(1);
    expect(t.findLast(hasSize, subtreeHasSize, 3)?.key).toBe(6);
    expect(t.findFirst(hasSize, subtreeHasSize, 10)).toBeNull();
    expect(t.findLast(hasSize, subtreeHasSize, 10)).toBeNull();
    expect(summariesCorrect(t)).toBe(true);
    expect(makeTree(true).findFirst(hasSize, subtreeHasSize, 0)).toBeNull();
  });

  it(".req.property.find: a conservative subtree test still finds the right node", () => {
    const t = makeTree(true);
    fill(t, Array.from({ length: 50 }, (_, i) => i), (k) => (k === 37 ? 100 : k % 7));
    // Says every subtree may hold one: the search must go on past failures.
    expect(t.findFirst(hasSize, () => true, 50)?.key).toBe(37);
    expect(t.findLast(hasSize, () => true, 50)?.key).toBe(37);
    expect(t.findFirst(hasSize, () => true, 500)).toBeNull();
    expect(keysOf(t)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(summariesCorrect(t)).toBe(true);
  });

  it(".req.property.change: refresh recomputes the summary after the client changes a property or key", () => {
    const t = makeTree(true);
    const items = fill(t, [10, 20, 30, 40]);
    const it30 = items[2] as Item;
    it30.size = 1000;
    t.refresh(it30);
    expect(t.root).toBe(it30);
    expect(summariesCorrect(t)).toBe(true);
    expect(t.findFirst(hasSize, subtreeHasSize, 500)).toBe(it30);
    // Move the key within its gap (20, 40).
    it30.key = 35;
    t.refresh(it30);
    expect(keysOf(t)).toEqual([10, 20, 35, 40]);
    expectParam(() => t.refresh(new Item(50, 1)));
    t.initNode(new Item(1, 1));
  });

  it(".req.property .impl.rev: summaries stay correct after random operations", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom("insert", "delete", "find", "neighbours", "next", "findFirst", "findLast", "refresh", "traverseAndDelete"),
            key: fc.integer({ min: 0, max: 60 }),
            size: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 120 },
        ),
        (ops) => {
          const t = makeTree(true);
          const nodes = new Map<number, Item>();
          const nb: SplayNeighbours<Item> = { left: null, right: null };
          for (const { op, key, size } of ops) {
            const n = nodes.get(key);
            switch (op) {
              case "insert": {
                const item = new Item(key, size);
                expect(t.insert(item)).toBe(n === undefined);
                if (n === undefined) nodes.set(key, item);
                break;
              }
              case "delete":
                expect(t.delete(n ?? new Item(key, 0))).toBe(n !== undefined);
                nodes.delete(key);
                break;
              case "find":
                expect(t.find(key)).toBe(n ?? null);
                break;
              case "neighbours":
                t.neighbours(key, nb);
                break;
              case "next":
                t.next(key);
                break;
              case "findFirst":
                t.findFirst(hasSize, subtreeHasSize, size);
                break;
              case "findLast":
                t.findLast(hasSize, subtreeHasSize, size);
                break;
              case "refresh":
                if (n !== undefined) {
                  n.size = size;
                  t.refresh(n);
                }
                break;
              case "traverseAndDelete":
                t.traverseAndDelete((x) => {
                  const del = (x.key + size) % 5 === 0;
                  if (del) nodes.delete(x.key);
                  return del;
                }, null);
                break;
            }
            expect(summariesCorrect(t)).toBe(true);
          }
          expect(t.debugCount()).toBe(nodes.size);
        },
      ),
    );
  });
});

describe("SplayTree against a sorted array", () => {
  it(".req.order .req.locate .req.neighbours .req.property.find: every answer matches the model", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(
          fc.record({
            op: fc.constantFrom("insert", "delete", "find", "neighbours", "first", "next", "findFirst", "findLast"),
            key: fc.integer({ min: 0, max: 200 }),
            size: fc.integer({ min: 1, max: 50 }),
          }),
          { maxLength: 200 },
        ),
        (withSummaries, ops) => {
          const t = makeTree(withSummaries);
          const model: { key: number; size: number }[] = []; // sorted by key
          const nodes = new Map<number, Item>();
          const nb: SplayNeighbours<Item> = { left: null, right: null };
          const lowerBound = (k: number): number => {
            let lo = 0;
            let hi = model.length;
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if ((model[mid] as { key: number }).key < k) lo = mid + 1;
              else hi = mid;
            }
            return lo;
          };
          for (const { op, key, size } of ops) {
            const i = lowerBound(key);
            const present = i < model.length && model[i]?.key === key;
            switch (op) {
              case "insert": {
                const item = new Item(key, size);
                expect(t.insert(item)).toBe(!present);
                if (!present) {
                  model.splice(i, 0, { key, size });
                  nodes.set(key, item);
                }
                break;
              }
              case "delete":
                expect(t.delete(nodes.get(key) ?? new Item(key, 0))).toBe(present);
                if (present) {
                  model.splice(i, 1);
                  nodes.delete(key);
                }
                break;
              case "find":
                expect(t.find(key)?.key ?? null).toBe(present ? key : null);
                break;
              case "neighbours": {
                expect(t.neighbours(key, nb)).toBe(!present);
                if (!present) {
                  expect(nb.left?.key ?? null).toBe(i > 0 ? model[i - 1]?.key : null);
                  expect(nb.right?.key ?? null).toBe(i < model.length ? model[i]?.key : null);
                }
                break;
              }
              case "first":
                expect(t.first()?.key ?? null).toBe(model[0]?.key ?? null);
                break;
              case "next": {
                const j = present ? i + 1 : i;
                expect(t.next(key)?.key ?? null).toBe(model[j]?.key ?? null);
                break;
              }
              case "findFirst":
                if (withSummaries) expect(t.findFirst(hasSize, subtreeHasSize, size)?.key ?? null).toBe(model.find((m) => m.size >= size)?.key ?? null);
                break;
              case "findLast":
                if (withSummaries) expect(t.findLast(hasSize, subtreeHasSize, size)?.key ?? null).toBe(model.findLast((m) => m.size >= size)?.key ?? null);
                break;
            }
          }
          expect(keysOf(t)).toEqual(model.map((m) => m.key));
          expect(t.check()).toBe(true);
        },
      ),
    );
  });
});

describe("SplayTree protocol", () => {
  it(".req.protocol: bad options are refused with PARAM", () => {
    expectParam(() => new SplayTree({ compare: 1 as never, nodeKey: keyOfItem }));
    expectParam(() => new SplayTree({ compare: compareItem, nodeKey: null as never }));
    expectParam(() => new SplayTree({ compare: compareItem, nodeKey: keyOfItem, updateNode: "x" as never }));
  });

  // Argument checks are off at the `rash` level.
  it.skipIf(!CHECKING)(".req.protocol: inserting a node with children is refused with PARAM and the tree is unchanged", () => {
    const t = makeTree();
    const items = fill(t, [1, 2, 3]);
    const root = t.root as Item;
    expect(root.left ?? root.right).not.toBeNull();
    expectParam(() => t.insert(root));
    const child = new Item(9, 9);
    child.left = new Item(8, 8);
    expectParam(() => t.insert(child));
    expectParam(() => t.insert({ key: 4, size: 4 } as unknown as Item));
    expectParam(() => t.initNode(child));
    expect(keysOf(t)).toEqual([1, 2, 3]);
    expect(t.root).toBe(root);
    expect(items.length).toBe(3);
  });

  // Argument checks are off at the `rash` level.
  it.skipIf(!CHECKING)(".req.protocol: bad tests and visitors are refused with PARAM", () => {
    const t = makeTree();
    fill(t, [1]);
    expectParam(() => t.findFirst(null as never, subtreeHasSize, 1));
    expectParam(() => t.findLast(hasSize, 0 as never, 1));
    expectParam(() => t.traverse(undefined as never, null));
    expectParam(() => t.traverseAndDelete(undefined as never, null));
    expect(keysOf(t)).toEqual([1]);
  });

  it(".req.protocol: a finished tree refuses every operation with PARAM", () => {
    const t = makeTree();
    fill(t, [1, 2]);
    t.finish();
    expect(t.sig).toBe(SIG_INVALID);
    expect(t.root).toBeNull();
    // Argument checks are off at the `rash` level: use after finish is then undefined.
    if (!CHECKING) return;
    expectParam(() => t.find(1));
    expectParam(() => t.insert(new Item(3, 3)));
    expectParam(() => t.delete(new Item(1, 1)));
    expectParam(() => t.first());
    expectParam(() => t.next(1));
    expectParam(() => t.neighbours(1, { left: null, right: null }));
    expectParam(() => t.findFirst(hasSize, subtreeHasSize, 1));
    expectParam(() => t.traverse(() => true, null));
    expectParam(() => t.finish());
    expect(() => t.check()).toThrow(MpsAssertionError);
  });

  it(".req.protocol: check catches a tree out of order (at cool)", () => {
    const t = makeTree();
    const items = fill(t, [1, 2, 3]);
    (items[0] as Item).key = 10; // behind the tree's back
    if (COOL) expect(() => t.check()).toThrow(MpsAssertionError);
    expect(() => t.debugCount()).toThrow(MpsAssertionError);
  });

  it(".req.protocol: debugCount catches a cycle", () => {
    const t = makeTree();
    const items = fill(t, [1, 2, 3]);
    const root = t.root as Item;
    (items[0] as Item).right = root;
    root.left = items[0] as Item;
    expect(() => t.debugCount()).toThrow(MpsAssertionError);
  });

  it(".req.debug: describe writes each node, indented by depth", () => {
    const t = makeTree();
    fill(t, [2, 1, 3]);
    t.find(2);
    const s = new StringStream();
    t.describe(s, 0, (n) => `key ${n.key}`);
    expect(s.toString()).toBe("SplayTree {\n  summaries yes\n    key 1\n  key 2\n    key 3\n}\n");
  });

  it(".type.tree: constants, signature and node checks", () => {
    expect([CMP_LESS, CMP_EQUAL, CMP_GREATER]).toEqual([-1, 0, 1]);
    expect(SIG_SPLAY_TREE).toBe(0x519b1a77);
    const n = new Tree();
    expect(treeCheck(n)).toBe(true);
    expect(treeCheck(null)).toBe(true);
    n.left = n;
    expect(() => treeCheck(n)).toThrow(MpsAssertionError);
  });
});
