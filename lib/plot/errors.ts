// Every plotting error is built here, so messages read the same:
// "<function>: <what was wrong>. <what to do>."

/**
 * Thrown when a plot or table is asked for with input it cannot draw. The message names the
 * function, what was wrong and what to do: "table: rows is empty, so there is nothing to show. …".
 *
 * Python: the ValueError plotting libraries raise.
 *
 * @example
 * try {
 *   table([]);
 * } catch (error) {
 *   if (error instanceof PlotInputError) console.log(error.message);
 * }
 */
export class PlotInputError extends Error {
  override name = "PlotInputError";
}

/** Builds the error for bad input to `caller`; `fix` tells the reader what to change. */
export function plotInputError(caller: string, problem: string, fix: string): PlotInputError {
  return new PlotInputError(`${caller}: ${problem}. ${fix}.`);
}

/** Checks that `value` is a finite number (and positive when `positive`), naming the field in the error. */
export function requireFiniteNumber(caller: string, field: string, value: unknown, options: { positive?: boolean; nonNegative?: boolean } = {}): number {
  if (value === undefined) {
    throw plotInputError(caller, `${field} is missing`, "Pass the records lib/measure returned, which have that field");
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw plotInputError(caller, `${field} is ${describeValue(value)}, not a finite number`, "NaN and Infinity cannot be drawn; fix or drop that value");
  }
  if (options.positive && value <= 0) {
    throw plotInputError(caller, `${field} is ${value}, but it must be greater than 0`, "Drop or fix that record");
  }
  if (options.nonNegative && value < 0) {
    throw plotInputError(caller, `${field} is ${value}, but it must not be negative`, "Drop or fix that record");
  }
  return value;
}

/** A short, readable rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === "number") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}
