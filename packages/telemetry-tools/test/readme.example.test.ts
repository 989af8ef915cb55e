import { expect, it, vi } from "vitest";

it(".test.readme: the README example runs and prints what it says", async () => {
  const logs: unknown[][] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logs.push(args);
  });
  try {
    await import("./readme.example.js");
  } finally {
    spy.mockRestore();
  }
  expect(logs).toEqual([[undefined], ['PoolInit            pool:2[MFS] arena:1[VM] poolClass:2="MFS" serial:0'], [65536]]);
});
