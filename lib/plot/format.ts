// Plain-text tables for text/plain outputs: aligned columns, readable numbers, long series cut in the middle.
import { inspect } from "node:util";
import { courseLanguage, courseLocale, fixed } from "../language";
import { plotWords } from "./words";

/** At most this many rows are printed; longer tables keep their head and tail. */
export const maxTextRows = 20;
const headRows = 12;
const tailRows = 6;

/**
 * Four significant digits, thousands separated, no trailing zeros, in the course language's
 * notation: 12,346 / 3.142 / 0.01234 in English, 12.346 / 3,142 / 0,01234 in German.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(4));
  if (Math.abs(rounded) >= 1000) return Math.round(value).toLocaleString(courseLocale());
  const text = value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential(2) : String(rounded);
  return courseLanguage() === "de" ? text.replace(".", ",") : text;
}

/**
 * An Amdahl fit's serial fraction as text: "12.3 %", or, when the fit was clamped at 0 or 1, a
 * phrase that says so (a bare "100.0 %" would read as a measured value).
 *
 * @example
 * formatSerialFraction(fitAmdahl(points)); // e.g. "12.3 %"
 * formatSerialFraction({ serialFraction: 0.05 }); // "5.0 %"
 */
export function formatSerialFraction(fit: { serialFraction: number; atBound?: "lower" | "upper" }): string {
  if (fit.atBound !== undefined) return fit.atBound === "upper" ? plotWords().serialAtUpperBound : plotWords().serialAtLowerBound;
  return `${fixed(100 * fit.serialFraction, 1)} %`;
}

export function formatCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? plotWords().yes : plotWords().no;
  if (typeof value === "string") return value;
  // An object shows what it holds, not "[object Object]", on one line.
  return inspect(value, { breakLength: Infinity });
}

export type Alignment = "left" | "right";

export interface TextTable {
  headers: string[];
  /** A second header line under `headers`, e.g. "(tasks/s)"; keeps columns narrow when names are long. */
  units?: string[];
  rows: string[][];
  align: Alignment[];
}

/** Head and tail of a long list with `null` where rows were left out, so a 10,000-sample series stays a screenful. */
export function truncateRows<T>(rows: readonly T[]): (T | null)[] {
  return rows.length > maxTextRows ? [...rows.slice(0, headRows), null, ...rows.slice(rows.length - tailRows)] : [...rows];
}

export function omittedRowsNote(total: number): string {
  return plotWords().moreRows(total - headRows - tailRows);
}

/** Renders a table with a header rule; long tables are cut in the middle (see truncateRows). */
export function renderTextTable({ headers, units, rows, align }: TextTable): string {
  const shown = truncateRows(rows);
  const widths = headers.map((header, column) => Math.max(header.length, (units?.[column] ?? "").length, ...rows.map((row) => (row[column] ?? "").length)));
  const pad = (cells: string[]) =>
    cells
      .map((cell, column) => (align[column] === "right" ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  const headerLines = units ? [headers, units] : [headers];
  const lines = [...headerLines.map(pad), widths.map((width) => "-".repeat(width)).join("  ")];
  for (const row of shown) {
    lines.push(row === null ? omittedRowsNote(rows.length) : pad(row));
  }
  return lines.join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
