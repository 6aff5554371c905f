// Pieces every chart function shares: record checks, grouping into lines, colours and titles.
import { localized, type CourseText } from "../language";
import { describeValue, plotInputError } from "./errors";

/** plotly.js's default colourway, assigned explicitly so a kind's reference lines share its colour. */
const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

export function colorFor(index: number): string {
  return palette[index % palette.length];
}

export const referenceColor = "#444444";

/** Array.isArray that keeps the element type (the built-in narrows a readonly array to any[]). */
export function isRecordArray<T>(value: readonly T[] | undefined): value is readonly T[] {
  return Array.isArray(value);
}

export function requireRecords<T>(caller: string, records: readonly T[] | undefined, what: string): readonly T[] {
  if (!isRecordArray(records)) {
    throw plotInputError(caller, `${what} is ${describeValue(records)}, not an array`, "Pass the array of records lib/measure returned");
  }
  if (records.length === 0) {
    throw plotInputError(caller, `${what} is empty, so there is nothing to plot`, "Run the measurement first and pass its records");
  }
  return records;
}

/** Groups records into lines by a label, keeping the order labels first appear in. */
export function groupBy<T>(records: readonly T[], labelOf: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const label = labelOf(record);
    const group = groups.get(label);
    if (group) group.push(record);
    else groups.set(label, [record]);
  }
  return groups;
}

export function requireLabel(caller: string, field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw plotInputError(caller, `${field} is ${describeValue(value)}`, "Give every record a non-empty name for its line");
  }
  return value;
}

/** Sorts by x and refuses two points at the same x on one line: the caller must aggregate repeats first. */
export function sortedUniqueBy<T>(caller: string, line: string, points: T[], xOf: (point: T) => number, xName: string): T[] {
  const sorted = [...points].sort((a, b) => xOf(a) - xOf(b));
  sorted.forEach((point, index) => {
    if (index > 0 && xOf(sorted[index - 1]) === xOf(point)) {
      throw plotInputError(
        caller,
        `${line} has two records with ${xName} = ${xOf(point)}`,
        "Pass one record per point (aggregate repeats, e.g. take the median)",
      );
    }
  });
  return sorted;
}

/** The chart's own title unless the caller passed one; an empty title is a mistake, not a wish. */
export function chartTitle(caller: string, title: CourseText | undefined, fallback: string): string {
  if (title === undefined) return fallback;
  const text = typeof title === "object" && title !== null ? localized(title) : title;
  if (typeof text !== "string" || text.trim() === "") {
    throw plotInputError(caller, `title is ${describeValue(title)}`, "Pass a non-empty title, or leave it out for the default");
  }
  return text;
}
