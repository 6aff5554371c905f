import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    reporters: ["default", "./tests/support/count-reporter.mts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machine has 2 cores and many tests start workers, kernels or servers of their own.
    maxWorkers: 2,
  },
});
