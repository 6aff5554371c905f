import { defineConfig } from "vitest/config";

const measuringTests = ["tests/notebooks/**/*.test.ts"];
/**
 * The editions the course project runs through the Jupyter server: German. The English notebooks
 * run in the browser project on this Node.js (the same content tests, by Run All in Chromium) and
 * through the server on Node 22 and 24 (`npm run test:nodes` sets COURSE_EDITIONS=en), so every
 * edition and every supported Node.js is covered without running a notebook twice on one of them.
 * COURSE_EDITIONS=en,de runs both here.
 */
const courseEditions = (process.env.COURSE_EDITIONS ?? "de").split(",") as ("en" | "de")[];
/** Every notebook's content test (tests/notebooks/<notebook>.test.ts), run again in the browser project. */
const notebookContentTests = ["tests/notebooks/0*.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    reporters: ["default", "./tests/support/count-reporter.mts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Not `courseEditions` here: vite merges a project's arrays into the root's, so each project that
    // runs notebooks sets its own.
    provide: { notebookRunner: "server" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: [...measuringTests, "tests/export/**/*.test.ts"],
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
          provide: { courseEditions },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Last: the export takes the notebooks the course and browser projects ran
          // (.vitest/executed) instead of running them again, and runs one itself.
          name: "export",
          include: ["tests/export/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
      {
        extends: true,
        test: {
          // The same content tests, with each notebook run by Run All in Chromium in the front end
          // `npm start` serves (tests/support/browser-notebook.ts): the verdicts must hold there too.
          name: "browser",
          include: notebookContentTests,
          globalSetup: ["tests/support/front-end-setup.ts"],
          provide: { notebookRunner: "browser", courseEditions: ["en"] },
          fileParallelism: false,
          // A notebook in the browser takes longer than through the server's API.
          hookTimeout: 900_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
