import { expect, it } from "vitest";
import { MpsError, alignUp, zoneSetOfRange, zoneSetHasAddr, CHECK_LEVEL } from "../src/index.js";

it("the README example runs", () => {
  const size = alignUp(13, 8);
  const zones = zoneSetOfRange(0x100000, 0x300000, 20);
  expect(size).toBe(16);
  expect(zones.toString(2)).toBe("110");
  expect(zoneSetHasAddr(zones, 0x250000, 20)).toBe(true);
  expect(["cool", "hot", "rash"]).toContain(CHECK_LEVEL);
  let caught = "";
  try {
    throw new MpsError("PARAM", "size must be positive, not 0");
  } catch (e) {
    if (e instanceof MpsError && e.code === "PARAM") caught = e.message;
  }
  expect(caught).toBe("PARAM: size must be positive, not 0");
});
