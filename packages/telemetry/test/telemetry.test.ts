import { describe, expect, it } from "vitest";
import { TELEMETRY_PACKAGE } from "../src/index.js";

describe("@mps/telemetry", () => {
  it("knows its name", () => {
    expect(TELEMETRY_PACKAGE).toBe("@mps/telemetry");
  });
});
