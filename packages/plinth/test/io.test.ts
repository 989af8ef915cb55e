// The I/O module: the memory stream, the file stream (lazily opened, truncating
// then appending), the choice of stream by host, and no static node:fs import.
import { afterEach, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import * as nodeFs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import {
  FileStream, HostPlinth, MemoryStream, TELEMETRY_FILENAME_DEFAULT, createIOStream, hostFileSystem, type FileSystemHost,
} from "../src/index.js";

const bytes = (...xs: number[]) => new Uint8Array(xs);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mps-plinth-"));
}

describe("MemoryStream", () => {
  it(".req.io.no-fs: keeps copies of what is written, across close and reopen", () => {
    const s = new MemoryStream();
    expect(s.isOpen).toBe(false);
    s.open();
    const buf = bytes(1, 2, 3);
    s.write(buf);
    buf[0] = 99; // the caller reuses its buffer
    s.write(bytes());
    s.flush();
    s.close();
    s.open();
    s.write(bytes(4));
    s.close();
    expect(Array.from(s.bytes())).toEqual([1, 2, 3, 4]);
    expect(s.size()).toBe(4);
    s.clear();
    expect(s.size()).toBe(0);
  });

  it(".if.io: every operation out of protocol is PARAM", () => {
    const s = new MemoryStream();
    expect(codeOf(() => s.write(bytes(1)))).toBe("PARAM");
    expect(codeOf(() => s.flush())).toBe("PARAM");
    expect(codeOf(() => s.close())).toBe("PARAM");
    s.open();
    expect(codeOf(() => s.open())).toBe("PARAM");
    expect(s.size()).toBe(0);
  });
});

describe("FileStream", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it(".if.io.file: the first open truncates, a later open appends; nothing is created before open", () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir, "t.log");
    const s = new FileStream(path);
    expect(s.name).toBe(path);
    expect(existsSync(path)).toBe(false);
    s.open();
    s.write(bytes(1, 2));
    s.flush();
    s.close();
    expect(Array.from(readFileSync(path))).toEqual([1, 2]);
    s.open();
    s.write(bytes(3));
    s.close();
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    // A new stream on the same file starts it afresh, as fopen "wb" does.
    const t = new FileStream(path);
    t.open();
    t.write(bytes(7));
    t.close();
    expect(Array.from(readFileSync(path))).toEqual([7]);
  });

  it(".if.io.file: a file that cannot be opened is IO, and the stream stays closed", () => {
    const s = new FileStream(join(tempDir(), "no", "such", "dir", "x.log"));
    const e = mpsErrorOf(() => s.open());
    expect(e?.code).toBe("IO");
    expect(s.isOpen).toBe(false);
  });

  it(".if.io.file: with no file system, open is IO", () => {
    const s = new FileStream("x.log", null);
    expect(codeOf(() => s.open())).toBe("IO");
  });

  it(".if.io.file: short writes are continued; a failing write or close is IO", () => {
    const written: number[] = [];
    let failWrite = false;
    let failClose = false;
    const fs: FileSystemHost = {
      openSync: () => 3,
      writeSync: (_fd, buf, off, len) => {
        if (failWrite) throw new Error("ENOSPC");
        const n = Math.min(len, 2); // at most two bytes at a time
        for (let i = 0; i < n; i++) written.push(buf[off + i]!);
        return n;
      },
      closeSync: () => {
        if (failClose) throw new Error("EIO");
      },
    };
    const s = new FileStream("mock.log", fs);
    s.open();
    s.write(bytes(1, 2, 3, 4, 5));
    expect(written).toEqual([1, 2, 3, 4, 5]);
    failWrite = true;
    const e = mpsErrorOf(() => s.write(bytes(6)));
    expect(e?.code).toBe("IO");
    expect(e?.message).toContain("ENOSPC");
    failClose = true;
    expect(codeOf(() => s.close())).toBe("IO");
    expect(s.isOpen).toBe(false); // closed all the same
  });

  it(".if.io: operations out of protocol are PARAM; an empty path is PARAM", () => {
    const s = new FileStream("never-opened.log");
    expect(codeOf(() => s.write(bytes(1)))).toBe("PARAM");
    expect(codeOf(() => s.flush())).toBe("PARAM");
    expect(codeOf(() => s.close())).toBe("PARAM");
    expect(codeOf(() => new FileStream(""))).toBe("PARAM");
    expect(existsSync("never-opened.log")).toBe(false);
  });
});

describe("choosing a stream", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it(".impl.io.builtin: Node's file system is found through process.getBuiltinModule", () => {
    const fs = hostFileSystem();
    expect(fs).not.toBeNull();
    expect(fs?.openSync).toBe(nodeFs.openSync);
  });

  it(".req.io.browser: with no process (a browser), there is no file system and the stream is in memory", () => {
    vi.stubGlobal("process", undefined);
    let fs: FileSystemHost | null | undefined;
    try {
      fs = hostFileSystem();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fs).toBeNull();
    expect(createIOStream("x.log", null)).toBeInstanceOf(MemoryStream);
  });

  it(".req.io.browser: a runtime whose getBuiltinModule refuses node:fs has no file system", () => {
    const real = process.getBuiltinModule;
    const p = process as { getBuiltinModule: unknown };
    p.getBuiltinModule = () => {
      throw new Error("not here");
    };
    try {
      expect(hostFileSystem()).toBeNull();
    } finally {
      p.getBuiltinModule = real;
    }
  });

  it(".req.io.browser: no source file imports a node: module, statically or dynamically", () => {
    const dir = new URL("../src/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files).toContain("io.ts");
    for (const f of files) {
      const ts = readFileSync(new URL(f, dir), "utf8");
      expect(ts, f).not.toMatch(/\bfrom\s+["']node:/);
      expect(ts, f).not.toMatch(/\bimport\s*\(\s*["']node:/);
      expect(ts, f).not.toMatch(/\brequire\s*\(/);
    }
  });

  it(".if.io.create: a file stream where there is a file system, named as asked or mpsio.log", () => {
    expect(TELEMETRY_FILENAME_DEFAULT).toBe("mpsio.log");
    const s = createIOStream();
    expect(s).toBeInstanceOf(FileStream);
    expect(s.name).toBe("mpsio.log");
    expect(createIOStream("other.log").name).toBe("other.log");
  });

  it(".req.io.lazy: the host plinth reads MPS_TELEMETRY_FILENAME when its stream is first asked for, and opens nothing", () => {
    vi.stubEnv("MPS_TELEMETRY_FILENAME", "from-env.log");
    const p = new HostPlinth();
    vi.stubEnv("MPS_TELEMETRY_FILENAME", "later.log");
    const io = p.io;
    expect(io.name).toBe("later.log");
    expect(p.io).toBe(io);
    expect(io.isOpen).toBe(false);
    expect(existsSync("later.log")).toBe(false);
    vi.stubEnv("MPS_TELEMETRY_FILENAME", "");
    expect(new HostPlinth().io.name).toBe("mpsio.log");
  });
});
