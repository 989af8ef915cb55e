import { describe, expect, it } from "vitest";
import { PLATFORM_PACKAGE } from "../src/index.js";

describe("@mps/platform", () => {
  it("knows its name", () => {
    expect(PLATFORM_PACKAGE).toBe("@mps/platform");
  });
});
