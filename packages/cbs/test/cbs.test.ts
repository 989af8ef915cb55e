import { describe, expect, it } from "vitest";
import { CBS_PACKAGE } from "../src/index.js";

describe("@mps/cbs", () => {
  it("knows its name", () => {
    expect(CBS_PACKAGE).toBe("@mps/cbs");
  });
});
