// An error as it crosses a thread or process boundary, and the short rendering of an
// input that every message uses. Both sides import this module; it imports nothing.
import { inspect } from "node:util";

/** Short, single-line rendering of a task input for error messages. */
export function previewInput(input: unknown): string {
  const text = inspect(input, { depth: 2, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 60 });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** An error as it crosses a thread or process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** NotSerializableError: where in the value the problem is (e.g. "result.counts"). */
  path?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: `non-Error value thrown: ${previewInput(error)}` };
}
