import { describe, expect, it } from "vitest";
import { BT_PACKAGE } from "../src/index.js";

describe("@mps/bt", () => {
  it("knows its name", () => {
    expect(BT_PACKAGE).toBe("@mps/bt");
  });
});
