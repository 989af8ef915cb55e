import { describe, expect, it } from "vitest";
import { POOLAMS_PACKAGE } from "../src/index.js";

describe("@mps/pool-ams", () => {
  it("knows its name", () => {
    expect(POOLAMS_PACKAGE).toBe("@mps/pool-ams");
  });
});
