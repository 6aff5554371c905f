// lib/index.ts is trimmed to the learners' API: every name a notebook imports from "../lib" (in code
// cells and in the solutions, which run as cells) must still be exported.
import fs from "node:fs";
import path from "node:path";
import type * as nbformat from "@jupyterlab/nbformat";
import { expect, test } from "vitest";
import { courseNotebooks, notebooksFolder } from "../../../scripts/jupyter/course-notebooks";
import { sourceOf } from "../../../scripts/jupyter/notebook-solutions";
import { publicExportDocs } from "./public-docs";

const libImport = /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"\.\.\/lib"/g;

function namesImportedFromLib(notebook: string): string[] {
  const content = JSON.parse(fs.readFileSync(path.join(notebooksFolder, notebook), "utf8")) as nbformat.INotebookContent;
  return content.cells.flatMap((cell) =>
    [...sourceOf(cell).matchAll(libImport)].flatMap((match) =>
      match[1]
        .split(",")
        .map((name) => name.trim().replace(/^type\s+/, ""))
        // Prose writes `import { … } from "../lib"`; only identifiers are imports.
        .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name)),
    ),
  );
}

test("every name the notebooks import from ../lib is exported by lib/index.ts", () => {
  const exported = new Set(publicExportDocs().map((entry) => entry.name));
  const imported = courseNotebooks().flatMap((notebook) => namesImportedFromLib(notebook).map((name) => ({ notebook, name })));
  expect(imported.length).toBeGreaterThan(40);
  expect(imported.filter(({ name }) => !exported.has(name))).toEqual([]);
});
