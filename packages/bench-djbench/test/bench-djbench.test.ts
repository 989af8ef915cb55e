import { describe, expect, it } from "vitest";
import { BENCHDJBENCH_PACKAGE } from "../src/index.js";

describe("bench-djbench", () => {
  it("knows its name", () => {
    expect(BENCHDJBENCH_PACKAGE).toBe("bench-djbench");
  });
});
