// Reading an executed notebook in tests: cells by tag, plotly figures, tables and printed text.
import type * as nbformat from "@jupyterlab/nbformat";
import { plotlyMimeType, tableMimeType, type PlotlySpec } from "../../lib/plot";
import { solutionRunTag } from "../../scripts/jupyter/notebook-solutions";

export interface TableData {
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface PlotTrace {
  name?: string;
  x: number[];
  y: number[];
}

function codeCells(notebook: nbformat.INotebookContent): nbformat.ICodeCell[] {
  return notebook.cells.filter((cell): cell is nbformat.ICodeCell => cell.cell_type === "code");
}

/** The code cell carrying this tag; fails the test when there is not exactly one. */
export function cellTagged(notebook: nbformat.INotebookContent, tag: string): nbformat.ICodeCell {
  const cells = codeCells(notebook).filter((cell) => Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag));
  if (cells.length !== 1) throw new Error(`expected one code cell tagged "${tag}", found ${cells.length}`);
  return cells[0];
}

function dataOf(output: nbformat.IOutput): Record<string, unknown> {
  return (output as nbformat.IDisplayData).data ?? {};
}

function isNotebook(where: nbformat.INotebookContent | nbformat.ICodeCell): where is nbformat.INotebookContent {
  return "cells" in where;
}

function outputsOf(notebookOrCell: nbformat.INotebookContent | nbformat.ICodeCell): nbformat.IOutput[] {
  return isNotebook(notebookOrCell) ? codeCells(notebookOrCell).flatMap((cell) => cell.outputs) : notebookOrCell.outputs;
}

/** Every plotly figure in the notebook or cell, in output order. */
export function figuresIn(where: nbformat.INotebookContent | nbformat.ICodeCell): PlotlySpec[] {
  return outputsOf(where)
    .map((output) => dataOf(output)[plotlyMimeType])
    .filter((spec): spec is PlotlySpec => spec !== undefined);
}

/** The one figure a cell shows, as traces with numeric x and y. */
export function tracesOf(cell: nbformat.ICodeCell): PlotTrace[] {
  const figures = figuresIn(cell);
  if (figures.length !== 1) throw new Error(`expected one figure in the cell, found ${figures.length}`);
  return figures[0].data.map((trace) => ({ name: trace.name, x: (trace.x ?? []) as number[], y: trace.y ?? [] }));
}

/** The trace whose legend name matches; fails when none does. */
export function traceNamed(traces: PlotTrace[], name: string | RegExp): PlotTrace {
  const found = traces.find((trace) => (typeof name === "string" ? trace.name === name : name.test(trace.name ?? "")));
  if (found === undefined) throw new Error(`no trace named ${String(name)} among ${traces.map((trace) => trace.name).join(", ")}`);
  return found;
}

/** Every table in the notebook or cell. */
export function tablesIn(where: nbformat.INotebookContent | nbformat.ICodeCell): TableData[] {
  return outputsOf(where)
    .map((output) => dataOf(output)[tableMimeType])
    .filter((data): data is TableData => data !== undefined);
}

/** The one table a cell shows. */
export function tableOf(cell: nbformat.ICodeCell): TableData {
  const tables = tablesIn(cell);
  if (tables.length !== 1) throw new Error(`expected one table in the cell, found ${tables.length}`);
  return tables[0];
}

/** The code cells the runner added to run each exercise solution, in order. */
export function solutionRuns(notebook: nbformat.INotebookContent): nbformat.ICodeCell[] {
  return codeCells(notebook).filter((cell) => Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(solutionRunTag));
}

/** What the cell printed to stdout. */
export function printedBy(cell: nbformat.ICodeCell): string {
  return cell.outputs
    .filter((output): output is nbformat.IStream => output.output_type === "stream" && (output as nbformat.IStream).name === "stdout")
    .map((output) => String(output.text))
    .join("");
}

/** The rows of the first table shown by the cell with this tag. */
export function tableRowsTagged(notebook: nbformat.INotebookContent, tag: string): Record<string, unknown>[] {
  const [first] = tablesIn(cellTagged(notebook, tag));
  if (first === undefined) throw new Error(`the cell tagged "${tag}" shows no table`);
  return first.rows;
}

/** The figures shown by the cell with this tag. */
export function figuresTagged(notebook: nbformat.INotebookContent, tag: string): PlotlySpec[] {
  return figuresIn(cellTagged(notebook, tag));
}
