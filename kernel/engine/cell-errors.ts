import type { CellError } from "./engine";
import type { Diagnostic } from "tslab/dist/converter";

const RED = "\u001b[31m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** Compile errors: one traceback line per diagnostic, with the cell line and column, then the line itself. */
export function compileError(diagnostics: readonly Diagnostic[], code: string): CellError {
  const lines = code.split("\n");
  const traceback: string[] = [];
  for (const diagnostic of diagnostics) {
    const where = diagnostic.fileName ?? "cell";
    const position = `${where}:${diagnostic.start.line + 1}:${diagnostic.start.character + 1}`;
    traceback.push(`${RED}${BOLD}${position}${RESET} - error TS${diagnostic.code}: ${diagnostic.messageText}`);
    const source = diagnostic.fileName === undefined ? lines[diagnostic.start.line] : undefined;
    if (source !== undefined) {
      const width = diagnostic.start.line === diagnostic.end.line ? Math.max(1, diagnostic.end.character - diagnostic.start.character) : 1;
      traceback.push(`    ${source}`, `    ${" ".repeat(diagnostic.start.character)}${RED}${"~".repeat(width)}${RESET}`);
    }
  }
  const first = diagnostics[0];
  const summary = first === undefined ? "compilation failed" : `${first.start.line + 1}:${first.start.character + 1} - ${first.messageText}`;
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
  return { ename: "TypeScript compile error", evalue: summary + more, traceback };
}

export function interruptedError(): CellError {
  return { ename: "Interrupted", evalue: "the cell was interrupted", traceback: [`${RED}Interrupted${RESET}: the cell was interrupted`] };
}

/**
 * Runtime errors: the error's own name and message, and the stack frames that belong to the cell
 * and the project (the kernel's frames are dropped), with cell positions translated by `mapFrame`.
 */
export function runtimeError(thrown: unknown, mapFrame: (frame: string) => string | undefined): CellError {
  if (!(thrown instanceof Error)) {
    const text = String(thrown);
    return { ename: "Error", evalue: `a non-Error value was thrown: ${text}`, traceback: [`${RED}Uncaught${RESET} ${text}`] };
  }
  const ename = thrown.name || "Error";
  const evalue = thrown.message;
  const stack = typeof thrown.stack === "string" ? thrown.stack.split("\n") : [];
  const frames = stack.filter((line) => /^\s+at /.test(line));
  const kept: string[] = [];
  for (const frame of frames) {
    const mapped = mapFrame(frame);
    if (mapped === undefined) break;
    kept.push(mapped);
  }
  return { ename, evalue, traceback: [`${RED}${BOLD}${ename}${RESET}: ${evalue}`, ...kept] };
}
