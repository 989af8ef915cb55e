// The arena package entry point: re-exports only (written by the arena author).
export {};
