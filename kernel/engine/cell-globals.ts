/**
 * Declarations of what the kernel puts on globalThis for cells (implemented in kernel/display and
 * kernel/handlers/stdin). Given to the cell compiler as a type package of its own (cell-types.ts), so the project's
 * own type check does not see these globals.
 */
export const cellGlobalsDeclarations = `
/** Shows a value in the cell's output: a mime bundle ({"text/html": ...}), an object with [Symbol.for("jupyter.mimebundle")](), or anything else as text. */
declare function display(value: unknown, options?: { displayId?: string }): void;
/** Replaces every output shown with display(..., { displayId }). */
declare function updateDisplay(displayId: string, value: unknown): void;
/** Clears the cell's output; with wait: true only when the next output arrives. */
declare function clearOutput(options?: { wait?: boolean }): void;
/** Asks the front end for a line of text (needs a front end that allows stdin). */
declare function input(prompt?: string): Promise<string>;
/** Aborted when the running cell is interrupted; pass it to fetch, timers and runners. */
declare function cellSignal(): AbortSignal;
`;
