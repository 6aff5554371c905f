/** What a cell produced, as the execute handler needs it. */
export type CellOutcome = { status: "ok"; hasValue: boolean; value: unknown } | { status: "error"; error: CellError };

/** An error as Jupyter shows it: name, message and the traceback lines (may contain ANSI colours). */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface Completion {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
}

export type Completeness = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

/** The TypeScript engine behind the kernel: compiles and runs cells, answers editor questions. */
export interface Engine {
  /**
   * Runs a cell; declarations it makes are visible to later cells. A cell whose `signal` is
   * aborted before it starts running (an interrupt during compilation) does not run.
   */
  execute(code: string, signal?: AbortSignal): Promise<CellOutcome>;
  /** Evaluates an expression without keeping declarations (user_expressions). */
  evaluate(expression: string): Promise<CellOutcome>;
  complete(code: string, cursor: number): Completion;
  /** Type and documentation at the cursor, as plain text; undefined when there is nothing. */
  inspect(code: string, cursor: number): string | undefined;
  isComplete(code: string): Completeness;
  /** Makes a pending `await` of the running cell fail with an interruption. */
  interrupt(): void;
  close(): void;
}
