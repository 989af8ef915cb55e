import { describe, expect, it } from "vitest";
import { POOLMRG_PACKAGE } from "../src/index.js";

describe("@mps/pool-mrg", () => {
  it("knows its name", () => {
    expect(POOLMRG_PACKAGE).toBe("@mps/pool-mrg");
  });
});
