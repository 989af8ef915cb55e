import { describe, expect, it } from "vitest";
import { POOLLO_PACKAGE } from "../src/index.js";

describe("@mps/pool-lo", () => {
  it("knows its name", () => {
    expect(POOLLO_PACKAGE).toBe("@mps/pool-lo");
  });
});
