import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { courseNotebooks } from "../../scripts/jupyter/course-notebooks";

// Every notebook is executed once, by its own content test (tests/notebooks/<name>.test.ts), through
// runCourseNotebook, which also checks what holds for every notebook. This keeps any one from being left out.
test("every course notebook has a content test that executes it", () => {
  const untested = courseNotebooks().filter((name) => {
    const testFile = path.join(__dirname, name.replace(/\.ipynb$/, ".test.ts"));
    return !fs.existsSync(testFile) || !fs.readFileSync(testFile, "utf8").includes("runCourseNotebook(name)");
  });
  expect(untested).toEqual([]);
});
