import { describe, expect, it } from "vitest";
import { EXAMPLEPLATFORM_PACKAGE } from "../src/index.js";

describe("example-platform", () => {
  it("knows its name", () => {
    expect(EXAMPLEPLATFORM_PACKAGE).toBe("example-platform");
  });
});
