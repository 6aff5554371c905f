import type { KernelMessage } from "@jupyterlab/services";
import { setMaxListeners } from "node:events";
import type { CellError, CellOutcome, Engine } from "../engine/engine";
import { CellOutput } from "../display/cell-output";
import { resultBundleOf, type OutputBundle } from "../display/mime-bundle";
import { setKernelHook, type CellApiTarget } from "../display/cell-api";
import type { History } from "./history";
import type { RequestContext } from "./request-context";
import type { StdinChannel } from "./stdin";

type ExecuteReply = KernelMessage.IExecuteReply;
/** An execute reply's user_expressions: per name, the value's bundle or the error. */
type UserExpressionResults = ExecuteReply["user_expressions"];
/** A bundle is JSON, but nbformat's type allows undefined values, which user_expressions' type does not. */
type JsonBundle = UserExpressionResults[string];

export interface ExecuteServices {
  engine(): Engine;
  history: History;
  stdin: StdinChannel;
  /** Called after a failed cell whose request said stop_on_error: drop the queued execute requests. */
  abortQueuedExecutions(): Promise<void>;
}

/** A cell `?name` (or `name?`) shows the documentation of name in the pager, as in IPython. */
const PAGER_REQUEST = /^\s*\?\s*([\w$.]+)\s*$|^\s*([\w$.]+)\s*\?\s*$/;

/** execute_request: runs the cell, publishes its outputs, keeps history and the execution count. */
export class ExecuteHandler {
  private executionCount = 0;
  private current: CellApiTarget;
  private controller = new AbortController();

  constructor(private readonly services: ExecuteServices) {
    // Before the first cell, stray output (e.g. from a timer set up at start) has no cell to go to.
    this.current = { output: new CellOutput(() => undefined), signal: this.controller.signal, input: () => Promise.reject(new Error("no cell is running")) };
  }

  /** The cell whose output receives console output and display calls right now. */
  currentTarget(): CellApiTarget {
    return this.current;
  }

  /** Interrupt: aborts the running cell's AbortSignal (lib runners stop their tasks on it). */
  abortRunningCell(): void {
    this.controller.abort(new Error("the cell was interrupted"));
  }

  async handle(request: RequestContext<"execute_request">): Promise<void> {
    const content = request.message.content;
    const code = content.code;
    const silent = content.silent ?? false;
    const storeHistory = silent ? false : (content.store_history ?? true);
    if (storeHistory) this.executionCount += 1;
    const count = this.executionCount;
    if (!silent) request.publish("execute_input", { code, execution_count: count });

    const output = new CellOutput(silent ? () => undefined : (msgType, body) => request.publish(msgType, body));
    this.controller = new AbortController();
    const signal = this.controller.signal;
    // Every runner and task of the cell listens to this one signal; dozens at once are expected.
    setMaxListeners(0, signal);
    this.current = { output, signal, input: (prompt) => this.services.stdin.ask(request.envelope, prompt, signal) };
    setKernelHook(this.current);
    let outcome: CellOutcome;
    let payload: NonNullable<ExecuteReply["payload"]> = [];
    let resultText: string | null = null;
    try {
      const pager = PAGER_REQUEST.exec(code);
      if (pager !== null) {
        const name = pager[1] ?? pager[2] ?? "";
        payload = [
          { source: "page", data: { "text/plain": this.services.engine().inspect(name, name.length) ?? `No documentation found for ${name}` }, start: 0 },
        ];
        outcome = { status: "ok", hasValue: false, value: undefined };
      } else {
        outcome = await this.services.engine().execute(code, signal);
      }
      if (outcome.status === "ok" && outcome.hasValue) {
        const bundle = renderResult(outcome.value);
        if (bundle.status === "error") outcome = bundle;
        else {
          output.result(count, bundle.bundle);
          resultText = typeof bundle.bundle["text/plain"] === "string" ? bundle.bundle["text/plain"] : null;
        }
      }
    } finally {
      setKernelHook(undefined);
    }
    if (outcome.status === "error" && outcome.error.ename === "Interrupted") this.abortRunningCell();
    if (outcome.status === "error") output.error(outcome.error);
    output.flush();
    if (storeHistory) this.services.history.add(count, code, resultText);

    if (outcome.status === "error") {
      request.reply({ status: "error", execution_count: count, ...outcome.error });
      if (content.stop_on_error ?? true) await this.services.abortQueuedExecutions();
      return;
    }
    const userExpressions = await this.evaluateUserExpressions(content.user_expressions ?? {});
    request.reply({ status: "ok", execution_count: count, payload, user_expressions: userExpressions });
  }

  private async evaluateUserExpressions(expressions: Record<string, unknown>): Promise<UserExpressionResults> {
    const results: UserExpressionResults = {};
    for (const [name, expression] of Object.entries(expressions)) {
      const outcome = await this.services.engine().evaluate(String(expression));
      if (outcome.status === "error") {
        results[name] = { status: "error", ...outcome.error };
        continue;
      }
      const bundle = renderResult(outcome.value);
      results[name] = bundle.status === "error" ? { status: "error", ...bundle.error } : { status: "ok", data: bundle.bundle as JsonBundle, metadata: {} };
    }
    return results;
  }
}

function renderResult(value: unknown): { status: "ok"; bundle: OutputBundle } | { status: "error"; error: CellError } {
  try {
    return { status: "ok", bundle: resultBundleOf(value) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return {
      status: "error",
      error: {
        ename: failure.name,
        evalue: `cannot display the cell's value: ${failure.message}`,
        traceback: [`${failure.name}: cannot display the cell's value: ${failure.message}`],
      },
    };
  }
}
