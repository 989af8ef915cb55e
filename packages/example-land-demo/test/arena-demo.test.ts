import { expect, it } from "vitest";
import { runArenaDemo } from "../src/arena-demo.js";

it("the arena demo allocates, keeps contents, hits the commit limit and recovers", () => {
  const lines: string[] = [];
  const r = runArenaDemo((l) => lines.push(l));
  expect(r).toEqual({ blocks: 10_000, refused: "COMMIT_LIMIT", afterRaise: true });
  expect(lines).toContain("  freed every other block; the other 5,000 still hold their numbers");
  expect(lines.some((l) => l.startsWith("  with the commit limit set to what is committed,") && l.endsWith("then: COMMIT_LIMIT"))).toBe(true);
});
