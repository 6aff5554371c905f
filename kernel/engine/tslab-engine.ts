import vm from "node:vm";
import type { Converter, ConvertResult } from "tslab/dist/converter";
import type { CellOutcome, Completeness, Completion, Engine } from "./engine";
import { ProjectModules } from "./project-modules";
import { installCellTypes } from "./cell-types";
import { compileError, interruptedError, runtimeError } from "./cell-errors";
import { CellLineMapper } from "./cell-line-mapper";
import { expandShorthandProperties } from "./expand-shorthand";
import { hasTopLevelForAwait } from "./top-level-await";
import { declarationsAfterUnfinishedCell, withoutExportHoisting } from "./unfinished-cell";

/** tslab's compiler: a TypeScript 5.0 fork. Only the converter module of tslab is used. */
type TslabTypeScript = typeof import("@tslab/typescript-for-tslab");

/** Where compiled cells find their `exports` (the variables of all cells) and `require`. */
const CELL_SCOPE = Symbol.for("ts-concurrency-course.cell-scope");

interface CellScope {
  exports: Record<string, unknown>;
  require: NodeJS.Require;
}

const INTERRUPTED_BY_SIGINT = "Script execution was interrupted by `SIGINT`";
/** A compile shorter than this leaves a plain SIGINT (not the transport's) too little time to matter. */
const SIGINT_WINDOW_MS = 20;

export interface TslabEngineOptions {
  /** The notebook's folder: relative imports and `require` resolve from here. */
  workingDirectory: string;
  /** Grows with every interrupt the transport sends as SIGINT (Transport.interruptCount). */
  interruptCount: () => number;
}

/**
 * Cells compiled by tslab's converter (type information from earlier cells), run by our own small
 * executor: it keeps the error and the last value as objects instead of printing them.
 */
export class TslabEngine implements Engine {
  private readonly converter: Converter;
  private readonly tsForCells: TslabTypeScript;
  private readonly isCompleteCode: (code: string) => { completed: boolean; indent?: string };
  private readonly locals: Record<string, unknown>;
  /** Names the running cell has assigned so far (through `exports.<name>`). */
  private readonly assignedNames = new Set<string>();
  private previousDeclarations = "";
  private cellNumber = 0;
  private rejectInterrupt: (error: Error) => void = () => undefined;
  private interruption: Promise<never> = this.newInterruption();
  private readonly mapper = new CellLineMapper();
  private readonly modules: ProjectModules;
  private readonly interruptCount: () => number;
  private interruptsSeen = 0;

  constructor(options: TslabEngineOptions) {
    this.interruptCount = options.interruptCount;
    this.tsForCells = require("@tslab/typescript-for-tslab") as TslabTypeScript;
    this.modules = new ProjectModules();
    this.modules.install(this.tsForCells.sys);
    installCellTypes(this.tsForCells.sys);
    // tslab's converter takes its root from the current directory, read once at creation.
    const converterModule = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
    this.converter = converterModule.createConverter({ isJS: false, isBrowser: false });
    this.isCompleteCode = converterModule.isCompleteCode;
    this.locals = createLocals(this.assignedNames);
    const scope: CellScope = { exports: this.locals, require: this.modules.createRequire(options.workingDirectory) };
    (globalThis as Record<symbol, unknown>)[CELL_SCOPE] = scope;
  }

  async execute(code: string, signal?: AbortSignal): Promise<CellOutcome> {
    return this.run(code, true, signal);
  }

  async evaluate(expression: string): Promise<CellOutcome> {
    return this.run(expression, false);
  }

  private convert(code: string): ConvertResult {
    this.modules.refresh();
    return this.converter.convert(this.previousDeclarations, expandShorthandProperties(this.tsForCells, code));
  }

  private async run(code: string, keepDeclarations: boolean, signal?: AbortSignal): Promise<CellOutcome> {
    const compileStarted = performance.now();
    const converted = this.convert(code);
    // Compiling blocks the thread; a SIGINT that arrived meanwhile reaches its listener in the next
    // poll phase of the event loop, which lies between two setImmediate turns. Those turns (and the
    // GC work the loop runs there) would add to every cell, so they are waited for only when the
    // transport sent an interrupt, or when a SIGINT from elsewhere had a real window to arrive in.
    const compileMs = performance.now() - compileStarted;
    if (this.interruptCount() !== this.interruptsSeen || compileMs >= SIGINT_WINDOW_MS) await this.letPendingInterruptArrive();
    if (signal?.aborted === true) return { status: "error", error: interruptedError() };
    if (converted.diagnostics.length > 0) return { status: "error", error: compileError(converted.diagnostics, code) };
    const declarations = converted.declOutput ?? "";
    const keep = (): void => {
      if (keepDeclarations) this.previousDeclarations = declarations;
    };
    if (converted.output === undefined) {
      keep();
      return { status: "ok", hasValue: false, value: undefined };
    }
    const { code: output, declaredNames } = withoutExportHoisting(converted.output);
    const keepReached = (): void => {
      if (keepDeclarations) {
        this.previousDeclarations = declarationsAfterUnfinishedCell(
          this.tsForCells,
          this.previousDeclarations,
          declarations,
          declaredNames,
          this.assignedNames,
        );
      }
    };
    this.cellNumber += 1;
    const filename = `cell[${this.cellNumber}]`;
    const isAsync = converted.hasToplevelAwait || hasTopLevelForAwait(this.tsForCells, code);
    const prefix = isAsync ? "(async function (exports, require) {\n" : "(function (exports, require) {\n";
    const wrapped = `${prefix}${output}\n})(globalThis[Symbol.for("ts-concurrency-course.cell-scope")].exports, globalThis[Symbol.for("ts-concurrency-course.cell-scope")].require)`;
    this.mapper.remember(filename, code, output, 1);
    const mapFrame = (frame: string): string | undefined => this.mapper.mapFrame(frame);
    // An interrupt sent since that check has not reached its listener, and vm's SIGINT watchdog
    // starts only with the cell: started now, the cell would run past it.
    if (this.interruptCount() !== this.interruptsSeen) {
      await this.letPendingInterruptArrive();
      return { status: "error", error: interruptedError() };
    }
    this.assignedNames.clear();
    try {
      const result: unknown = vm.runInThisContext(wrapped, { filename, breakOnSigint: true });
      if (isAsync) await Promise.race([result, this.interruption]);
    } catch (error) {
      keepReached();
      if (error instanceof Error && (error.message === INTERRUPTED_BY_SIGINT || error === interruptedMarker)) {
        return { status: "error", error: interruptedError() };
      }
      return { status: "error", error: runtimeError(error, mapFrame) };
    }
    keep();
    const name = converted.lastExpressionVar;
    if (name === undefined || !(name in this.locals)) return { status: "ok", hasValue: false, value: undefined };
    const value = this.locals[name];
    delete this.locals[name];
    return { status: "ok", hasValue: value !== undefined, value };
  }

  /** Two event loop turns: a SIGINT that arrived meanwhile reaches its listener in the poll phase between them. */
  private async letPendingInterruptArrive(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    this.interruptsSeen = this.interruptCount();
  }

  complete(code: string, cursor: number): Completion {
    this.modules.refresh();
    const info = this.converter.complete(this.previousDeclarations, code, cursor);
    return { matches: info.candidates, cursorStart: info.start, cursorEnd: info.end };
  }

  inspect(code: string, cursor: number): string | undefined {
    this.modules.refresh();
    // Hovering just after a name (the usual cursor position) should still find it.
    const info =
      this.converter.inspect(this.previousDeclarations, code, cursor) ??
      (cursor > 0 ? this.converter.inspect(this.previousDeclarations, code, cursor - 1) : undefined);
    if (info === undefined) return undefined;
    const signature = this.tsForCells.displayPartsToString(info.displayParts);
    const documentation = this.tsForCells.displayPartsToString(info.documentation);
    return documentation.length > 0 ? `${signature}\n\n${documentation}` : signature;
  }

  isComplete(code: string): Completeness {
    const result = this.isCompleteCode(code);
    if (!result.completed) return { status: "incomplete", indent: result.indent ?? "" };
    const sourceFile = this.tsForCells.createSourceFile("cell.ts", code, this.tsForCells.ScriptTarget.Latest, false, this.tsForCells.ScriptKind.TS);
    // parseDiagnostics is internal to TypeScript but is the only syntax-only check it offers.
    const syntaxErrors = (sourceFile as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
    return syntaxErrors.length > 0 ? { status: "invalid" } : { status: "complete" };
  }

  interrupt(): void {
    this.rejectInterrupt(interruptedMarker);
    this.interruption = this.newInterruption();
  }

  close(): void {
    this.converter.close();
  }

  private newInterruption(): Promise<never> {
    const interruption = new Promise<never>((_, reject) => {
      this.rejectInterrupt = reject;
    });
    interruption.catch(() => undefined);
    return interruption;
  }
}

const interruptedMarker = new Error("interrupted");

/**
 * The shared `exports` of all cells. TypeScript emits imports as getters (defineProperty); storing
 * their values instead lets a later cell assign a name an earlier cell imported. Every assignment
 * (plain ones reach defineProperty too) is noted in `assigned`.
 */
function createLocals(assigned: Set<string>): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  return new Proxy(target, {
    defineProperty(_, property, attributes) {
      if (property === "__esModule") return true;
      target[property as string] = attributes.get !== undefined ? attributes.get() : attributes.value;
      assigned.add(property as string);
      return true;
    },
  });
}
