// Measurements as a table: HTML for notebooks, an aligned text table for text/plain, and the rows
// as JSON under a vendor type that front ends ignore, so tests and tools can read the numbers.
import { localized, type Bilingual, type CourseText } from "../language";
import { describeValue, plotInputError } from "./errors";
import { escapeHtml, formatCell, omittedRowsNote, renderTextTable, truncateRows, type Alignment } from "./format";
import { mimeBundleSymbol, type Displayable, type MimeBundle } from "./mime";
import { columnHeader } from "./words";
import { isRecordArray } from "./chart-parts";

/** A column of `table()` written out: the record's field, and how the header names it. */
export interface TableColumn<Row> {
  key: keyof Row & string;
  /** Header text, in one or both course languages; when left out, the key (or lib's word for it). */
  title?: CourseText;
  /** Shown in the header as "title (unit)". */
  unit?: CourseText;
}

/** A column of `table()`: a field name, or a TableColumn for a title or a unit. */
export type TableColumnInput<Row> = (keyof Row & string) | TableColumn<Row>;

/** Front ends have no renderer for it (a plain application/json would replace the HTML in JupyterLab). */
export const tableMimeType = "application/vnd.ts-concurrency-course.table+json";

interface ResolvedColumn {
  key: string;
  header: string;
  align: Alignment;
}

/**
 * Records shown as a table: a cell that ends with one (or `display(table)`) shows HTML, with an
 * aligned text table where HTML is not shown. Made by `table()`, not constructed directly.
 *
 * Python: a pandas DataFrame shown in a notebook.
 *
 * @example
 * const shown: Table = table(records, ["kind", "workers"]);
 * console.log(shown.toText());
 */
export class Table implements Displayable {
  constructor(
    private readonly columns: readonly ResolvedColumn[],
    private readonly cells: readonly unknown[][],
  ) {}

  toText(): string {
    return renderTextTable({
      headers: this.columns.map((column) => column.header),
      rows: this.cells.map((row) => row.map(formatCell)),
      align: this.columns.map((column) => column.align),
    });
  }

  toHtml(): string {
    const style = (column: ResolvedColumn) => `style="text-align:${column.align}"`;
    const head = this.columns.map((column) => `<th ${style(column)}>${escapeHtml(column.header)}</th>`).join("");
    const body = truncateRows(this.cells).map((row) =>
      row === null
        ? `<tr><td colspan="${this.columns.length}">${escapeHtml(omittedRowsNote(this.cells.length))}</td></tr>`
        : `<tr>${row.map((cell, index) => `<td ${style(this.columns[index])}>${escapeHtml(formatCell(cell))}</td>`).join("")}</tr>`,
    );
    return `<table class="ts-course-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
  }

  /** The shown columns of every row, keyed by field name. */
  toRecords(): Record<string, unknown>[] {
    return this.cells.map((row) => Object.fromEntries(this.columns.map((column, index) => [column.key, row[index]])));
  }

  [mimeBundleSymbol](): MimeBundle {
    return {
      "text/html": this.toHtml(),
      "text/plain": this.toText(),
      [tableMimeType]: { columns: this.columns.map((column) => column.key), rows: this.toRecords() },
    };
  }
}

/** A cell written in both course languages (`{ en, de }`) as the text of the current one; any other value as it is. */
function inCourseLanguageIfBilingual(value: unknown): unknown {
  const bilingual =
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).sort().join() === "de,en" &&
    Object.values(value).every((text) => typeof text === "string");
  return bilingual ? localized(value as Bilingual) : value;
}

/**
 * Shows records as a table, one row per record. `columns` picks and orders the fields (keys, or
 * `{ key, title, unit }`); without it every field of the records is shown. Numbers are right-aligned.
 * A cell, title or unit written as `{ en, de }` shows the text of the language setCourseLanguage chose.
 * Throws PlotInputError for no rows, no columns, or a column that no record has.
 *
 * Python: `pandas.DataFrame(rows)[columns]`, shown as the cell's result.
 *
 * @example
 * table(records, ["kind", "workers", { key: "tasksPerSecond", title: "throughput", unit: "tasks/s" }])
 */
export function table<Row extends object>(rows: readonly Row[], columns?: readonly TableColumnInput<Row>[]): Table {
  const caller = "table";
  if (!isRecordArray(rows) || rows.length === 0) {
    const problem = isRecordArray(rows) ? "rows is empty" : `rows is ${describeValue(rows)}, not an array`;
    throw plotInputError(caller, `${problem}, so there is nothing to show`, "Pass a non-empty array of records");
  }
  const present = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const wanted: TableColumn<Row>[] = (columns ?? (present as (keyof Row & string)[])).map((column) => (typeof column === "string" ? { key: column } : column));
  if (wanted.length === 0) throw plotInputError(caller, "columns is empty", "Name at least one column, or leave columns out");
  const valuesOf = (key: string) => rows.map((row) => inCourseLanguageIfBilingual((row as Record<string, unknown>)[key]));
  const resolved = wanted.map(({ key, title, unit }): ResolvedColumn => {
    if (!present.includes(key)) {
      throw plotInputError(caller, `no record has a field "${key}"`, `Use one of: ${present.join(", ")}`);
    }
    const text = columnHeader(key, title);
    const numeric = valuesOf(key).every((value) => typeof value === "number" || value === undefined);
    const unitText = unit === undefined ? "" : localized(unit);
    return { key, header: unitText ? `${text} (${unitText})` : text, align: numeric ? "right" : "left" };
  });
  const cells = rows.map((row) => resolved.map((column) => inCourseLanguageIfBilingual((row as Record<string, unknown>)[column.key])));
  return new Table(resolved, cells);
}
