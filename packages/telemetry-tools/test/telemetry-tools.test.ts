import { describe, expect, it } from "vitest";
import { TELEMETRYTOOLS_PACKAGE } from "../src/index.js";

describe("@mps/telemetry-tools", () => {
  it("knows its name", () => {
    expect(TELEMETRYTOOLS_PACKAGE).toBe("@mps/telemetry-tools");
  });
});
