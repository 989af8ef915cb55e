import { describe, expect, it } from "vitest";
import { POOLAMC_PACKAGE } from "../src/index.js";

describe("@mps/pool-amc", () => {
  it("knows its name", () => {
    expect(POOLAMC_PACKAGE).toBe("@mps/pool-amc");
  });
});
