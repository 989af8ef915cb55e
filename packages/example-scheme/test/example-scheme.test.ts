import { describe, expect, it } from "vitest";
import { EXAMPLESCHEME_PACKAGE } from "../src/index.js";

describe("example-scheme", () => {
  it("knows its name", () => {
    expect(EXAMPLESCHEME_PACKAGE).toBe("example-scheme");
  });
});
