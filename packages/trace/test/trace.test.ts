import { describe, expect, it } from "vitest";
import { TRACE_PACKAGE } from "../src/index.js";

describe("@mps/trace", () => {
  it("knows its name", () => {
    expect(TRACE_PACKAGE).toBe("@mps/trace");
  });
});
