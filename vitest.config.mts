import { defineConfig } from "vitest/config";

const measuringTests = ["tests/notebooks/**/*.test.ts", "tests/export/**/*.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    reporters: ["default", "./tests/support/count-reporter.mts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: measuringTests,
          // The machine has 2 cores and many tests start workers, kernels or servers of their own.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "course",
          include: measuringTests,
          // The notebooks measure speed-ups: each runs alone, after the unit tests, so no other test
          // competes for the two cores while it measures.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
