import type * as nbformat from "@jupyterlab/nbformat";
import { describe, expect, test } from "vitest";
import { codeDifferences, germanCode, withEnglishCode } from "../../scripts/jupyter/editions";

const solution = (summary: string, code: string, discussion: string) =>
  `<details class="solution">\n<summary>${summary}</summary>\n\n\`\`\`typescript\n${code}\n\`\`\`\n\n${discussion}\n</details>`;

function notebook(cells: Array<["code" | "markdown" | "solution", string]>): nbformat.INotebookContent {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map(([kind, source], index) =>
      kind === "code"
        ? { cell_type: "code", id: `c${index}`, metadata: {}, source, outputs: [], execution_count: null }
        : { cell_type: "markdown", id: `c${index}`, metadata: kind === "solution" ? { tags: ["solution"] } : {}, source },
    ),
  };
}

const english = notebook([
  ["markdown", "# Title"],
  ["code", 'import { setCourseLanguage, table } from "../lib";\nsetCourseLanguage("en");\nfs.readFileSync("../tests/x.ts")'],
  ["solution", solution("Solution (click to show)", 'const x = await import("../lib");', "**Discussion.** Words.")],
]);
const german = notebook([
  ["markdown", "# Titel"],
  ["code", 'import { setCourseLanguage, table } from "../../lib";\nsetCourseLanguage("de");\nfs.readFileSync("../../tests/x.ts")'],
  ["solution", solution("Lösung (zum Anzeigen klicken)", 'const x = await import("../../lib");', "**Diskussion.** Wörter.")],
]);

describe("the editions' code", () => {
  test("the German code sets German and reaches one folder further up", () => {
    expect(germanCode('import { x } from "../lib";\nsetCourseLanguage("en");\nconst f = `../data`;')).toBe(
      'import { x } from "../../lib";\nsetCourseLanguage("de");\nconst f = `../../data`;',
    );
  });

  test("matching editions differ in nothing; any other change in a code cell or a solution's code is named with its cell and line", () => {
    expect(codeDifferences(english, german, "x.ipynb")).toEqual([]);
    const drifted = structuredClone(german);
    drifted.cells[1].source = 'import { setCourseLanguage, table } from "../../lib";\nsetCourseLanguage("de");\nfs.readFileSync("../../tests/y.ts")';
    drifted.cells[2].source = solution("Lösung (zum Anzeigen klicken)", "const x = 2;", "**Diskussion.**");
    expect(codeDifferences(english, drifted, "x.ipynb")).toEqual([
      'x.ipynb, cell 1: the German code differs from the English at line 3: expected "fs.readFileSync(\\"../../tests/x.ts\\")", found "fs.readFileSync(\\"../../tests/y.ts\\")"',
      'x.ipynb, cell 2: the German code differs from the English at line 1: expected "const x = await import(\\"../../lib\\");", found "const x = 2;"',
    ]);
  });

  test("editions with different cells are refused, and syncing them says what to do", () => {
    const shorter = { ...german, cells: german.cells.slice(0, 2) };
    expect(codeDifferences(english, shorter, "x.ipynb")).toEqual([
      expect.stringMatching(/differ in number or kind .* give both the same cells in the same order$/),
    ]);
    expect(() => withEnglishCode(english, shorter, "x.ipynb")).toThrow(/give both the same cells/);
  });

  test("syncing copies the English code and keeps the German prose, summary and discussion", () => {
    const stale = structuredClone(german);
    stale.cells[1].source = "old code";
    stale.cells[2].source = solution("Lösung (zum Anzeigen klicken)", "old solution", "**Diskussion.** Wörter.");
    const synced = withEnglishCode(english, stale, "x.ipynb");
    expect(synced.cells.map((cell) => cell.source)).toEqual(german.cells.map((cell) => cell.source));
  });
});
