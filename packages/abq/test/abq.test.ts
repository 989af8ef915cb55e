import { describe, expect, it } from "vitest";
import { ABQ_PACKAGE } from "../src/index.js";

describe("@mps/abq", () => {
  it("knows its name", () => {
    expect(ABQ_PACKAGE).toBe("@mps/abq");
  });
});
