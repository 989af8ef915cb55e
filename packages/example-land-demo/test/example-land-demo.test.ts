import { describe, expect, it } from "vitest";
import { EXAMPLELANDDEMO_PACKAGE } from "../src/index.js";

describe("example-land-demo", () => {
  it("knows its name", () => {
    expect(EXAMPLELANDDEMO_PACKAGE).toBe("example-land-demo");
  });
});
