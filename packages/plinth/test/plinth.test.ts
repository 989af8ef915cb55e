import { describe, expect, it } from "vitest";
import { PLINTH_PACKAGE } from "../src/index.js";

describe("@mps/plinth", () => {
  it("knows its name", () => {
    expect(PLINTH_PACKAGE).toBe("@mps/plinth");
  });
});
