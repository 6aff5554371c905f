import { describe, expect, test } from "vitest";
import { courseNotebooks, quickParameters } from "../../scripts/jupyter/course-notebooks";
import { nbformatProblems, runNotebook } from "../support/course";

// Each notebook runs top to bottom with its small test workloads through the course kernel.
describe.each(courseNotebooks())("%s", (name) => {
  test("executes every cell without error, with the quick parameters", async () => {
    const executed = await runNotebook(`notebooks/${name}`, { parameters: quickParameters(name) });
    const codeCells = executed.cells.filter((cell) => cell.cell_type === "code");
    expect(codeCells.every((cell) => typeof cell.execution_count === "number")).toBe(true);
    expect(nbformatProblems(executed)).toBe("");
  });
});
