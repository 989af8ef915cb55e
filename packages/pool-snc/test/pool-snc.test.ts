import { describe, expect, it } from "vitest";
import { POOLSNC_PACKAGE } from "../src/index.js";

describe("@mps/pool-snc", () => {
  it("knows its name", () => {
    expect(POOLSNC_PACKAGE).toBe("@mps/pool-snc");
  });
});
