import { describe, expect, it } from "vitest";
import { RING_PACKAGE } from "../src/index.js";

describe("@mps/ring", () => {
  it("knows its name", () => {
    expect(RING_PACKAGE).toBe("@mps/ring");
  });
});
