import { describe, expect, it } from "vitest";
import { SPLAY_PACKAGE } from "../src/index.js";

describe("@mps/splay", () => {
  it("knows its name", () => {
    expect(SPLAY_PACKAGE).toBe("@mps/splay");
  });
});
