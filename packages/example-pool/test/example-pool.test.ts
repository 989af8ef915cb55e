import { describe, expect, it } from "vitest";
import { EXAMPLEPOOL_PACKAGE } from "../src/index.js";

describe("example-pool", () => {
  it("knows its name", () => {
    expect(EXAMPLEPOOL_PACKAGE).toBe("example-pool");
  });
});
