// The log's bytes are the same on every platform (design .req.port): read here with a
// little-endian DataView, independently of the package's reader, so that a change of
// byte order, width or padding fails even if writer and reader changed together.
import { describe, expect, it } from "vitest";
import { MockPlinth } from "@mps/plinth/test-util";
import { EVENT_KIND_ALL, EVENTS, Telemetry } from "../src/index.js";
import { write } from "./support.js";

describe("log format", () => {
  it(".req.port: a record is code u16, size u16, clock u64, then its parameters, little-endian and unpadded", () => {
    const start = 2 ** 40 + 7;
    const plinth = new MockPlinth({ clock: start });
    const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL });
    const words = [1, 2 ** 40 + 5, 0xfffffffe, 0, 2 ** 53 - 1, 6];
    write(tel, "AMCScanNailed", words);
    tel.flush();
    const bytes = plinth.io.bytes();
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = v.getUint16(2, true); // the header record's size: the next record starts there
    expect(v.getUint16(at, true)).toBe(EVENTS.AMCScanNailed.code);
    expect(v.getUint16(at + 2, true)).toBe(12 + 8 * words.length);
    expect(v.getBigUint64(at + 4, true)).toBe(BigInt(start));
    words.forEach((w, i) => expect(v.getBigUint64(at + 12 + 8 * i, true)).toBe(BigInt(w)));
  });
});
