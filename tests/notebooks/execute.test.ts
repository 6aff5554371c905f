import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { courseNotebooks } from "../../scripts/jupyter/course-notebooks";

// Every notebook is executed once per edition, by its own content test (tests/notebooks/<name>.test.ts),
// through runCourseNotebook, which also checks what holds for every notebook. This keeps any one from being left out.
test("every course notebook has a content test that executes it in each edition", () => {
  const untested = courseNotebooks().filter((name) => {
    const testFile = path.join(__dirname, name.replace(/\.ipynb$/, ".test.ts"));
    return !fs.existsSync(testFile) || !/describeCourseNotebook\(name, /.test(fs.readFileSync(testFile, "utf8"));
  });
  expect(untested).toEqual([]);
});
