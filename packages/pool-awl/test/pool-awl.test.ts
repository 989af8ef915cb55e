import { describe, expect, it } from "vitest";
import { POOLAWL_PACKAGE } from "../src/index.js";

describe("@mps/pool-awl", () => {
  it("knows its name", () => {
    expect(POOLAWL_PACKAGE).toBe("@mps/pool-awl");
  });
});
