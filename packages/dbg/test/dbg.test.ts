import { describe, expect, it } from "vitest";
import { DBG_PACKAGE } from "../src/index.js";

describe("@mps/dbg", () => {
  it("knows its name", () => {
    expect(DBG_PACKAGE).toBe("@mps/dbg");
  });
});
