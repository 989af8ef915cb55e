import { expect, it, vi } from "vitest";

it(".test.readme: the README example runs", async () => {
  const logs: unknown[][] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logs.push(args);
  });
  try {
    await import("./readme.example.js");
  } finally {
    spy.mockRestore();
  }
  expect(logs).toEqual([[16000], [160]]);
});
