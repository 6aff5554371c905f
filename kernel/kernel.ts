import crypto from "node:crypto";
import type { ConnectionInfo } from "./transport/connection";
import { Transport } from "./transport/transport";
import { MessageFactory, replyTypeOf } from "./transport/message-factory";
import type { MessageOf, RequestType } from "./transport/message-types";
import type { Envelope } from "./transport/wire";
import type { Engine } from "./engine/engine";
import { TslabEngine } from "./engine/tslab-engine";
import { captureProcessOutput } from "./display/output-capture";
import { installCellApi } from "./display/cell-api";
import type { Handler, Handlers, RequestContext } from "./handlers/request-context";
import { kernelInfoHandler } from "./handlers/kernel-info";
import { ExecuteHandler } from "./handlers/execute";
import { completeHandler, inspectHandler, isCompleteHandler } from "./handlers/editor";
import { History, historyHandler } from "./handlers/history";
import { commIgnoredHandler, commInfoHandler, commOpenHandler } from "./handlers/comm";
import { StdinChannel } from "./handlers/stdin";
import { endDescendants } from "./lifecycle/process-tree";
import { logKernel } from "./lifecycle/log";

export interface KernelOptions {
  projectRoot: string;
  connection: ConnectionInfo;
  parentPid: number;
  maxMessageBytes: number;
  stillBusyAfterMs: number;
  forcedExitAfterMs: number;
}

type ShellType =
  | "kernel_info_request"
  | "execute_request"
  | "complete_request"
  | "inspect_request"
  | "is_complete_request"
  | "history_request"
  | "comm_info_request"
  | "comm_open"
  | "comm_msg"
  | "comm_close"
  | "shutdown_request";
type ControlType = "kernel_info_request" | "shutdown_request";

/**
 * The handler of a message's type; it is given only messages of that type. Own properties only: a
 * message typed "constructor" or "toString" names no handler, not an inherited method.
 */
function handlerFor<T extends ShellType>(handlers: Handlers<T>, msgType: string): Handler<ShellType> | undefined {
  return Object.hasOwn(handlers, msgType) ? ((handlers as Partial<Record<string, unknown>>)[msgType] as Handler<ShellType>) : undefined;
}

/**
 * Dispatches requests to handlers by message type (as ipykernel's kernelbase does). Shell requests
 * run one at a time in arrival order; control requests run at once.
 */
export class Kernel {
  private readonly factory = new MessageFactory(crypto.randomUUID());
  private transport: Transport | undefined;
  private engineInstance: Engine | undefined;
  private readonly history = new History();
  private readonly stdin = new StdinChannel((identities, msgType, content, parent) =>
    this.transport?.send(identities, this.factory.create("stdin", msgType, content, parent)),
  );
  private readonly execute: ExecuteHandler;
  private readonly shellHandlers: Handlers<ShellType>;
  private readonly controlHandlers: Handlers<ControlType>;
  private readonly shellQueue: Envelope[] = [];
  private draining = false;
  private shuttingDown = false;

  constructor(private readonly options: KernelOptions) {
    this.execute = new ExecuteHandler({
      engine: () => this.engine(),
      history: this.history,
      stdin: this.stdin,
      abortQueuedExecutions: () => this.abortQueuedExecutions(),
    });
    const engine = (): Engine => this.engine();
    const kernelInfo = kernelInfoHandler(options.projectRoot);
    const shutdown: Handler<"shutdown_request"> = (request) => this.shutdown(request);
    this.shellHandlers = {
      kernel_info_request: kernelInfo,
      execute_request: (request) => this.execute.handle(request),
      complete_request: completeHandler(engine),
      inspect_request: inspectHandler(engine),
      is_complete_request: isCompleteHandler(engine),
      history_request: historyHandler(this.history),
      comm_info_request: commInfoHandler,
      comm_open: commOpenHandler,
      comm_msg: commIgnoredHandler,
      comm_close: commIgnoredHandler,
      shutdown_request: shutdown,
    };
    this.controlHandlers = { kernel_info_request: kernelInfo, shutdown_request: shutdown };
  }

  async start(): Promise<void> {
    captureProcessOutput((name, text) => this.execute.currentTarget().output.stream(name, text));
    installCellApi(() => this.execute.currentTarget());
    process.on("SIGINT", () => this.interrupt());
    process.on("SIGTERM", () => void this.shutdown());
    // A cell's forgotten promise or throwing timer must not end the kernel; it is shown where it belongs.
    process.on("uncaughtException", (error) => this.reportStray("Uncaught exception", error));
    process.on("unhandledRejection", (reason) => this.reportStray("Unhandled promise rejection", reason));
    this.transport = await Transport.start(
      { ...this.options, session: this.factory.session },
      { request: (envelope) => this.receive(envelope), parentGone: () => void this.shutdown() },
    );
    this.transport.listen();
    // Warm the compiler after the sockets answer, so kernel_info is not kept waiting by it.
    setTimeout(() => this.engine(), 0);
  }

  private engine(): Engine {
    this.engineInstance ??= new TslabEngine({
      workingDirectory: process.cwd(),
      interruptCount: () => this.transport?.interruptCount() ?? 0,
    });
    return this.engineInstance;
  }

  private interrupt(): void {
    this.engineInstance?.interrupt();
    this.execute.abortRunningCell();
  }

  private reportStray(what: string, error: unknown): void {
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    this.execute.currentTarget().output.stream("stderr", `${what}: ${text}\n`);
  }

  private receive(envelope: Envelope): void {
    const { channel, header } = envelope.message;
    if (channel === "stdin") {
      if (header.msg_type === "input_reply") this.stdin.receive(envelope.message);
      return;
    }
    if (channel === "control") {
      void this.handle(envelope, this.controlHandlers);
      return;
    }
    this.shellQueue.push(envelope);
    if (!this.draining) void this.drainShell();
  }

  private async drainShell(): Promise<void> {
    this.draining = true;
    for (let next = this.shellQueue.shift(); next !== undefined; next = this.shellQueue.shift()) {
      await this.handle(next, this.shellHandlers);
    }
    this.draining = false;
  }

  private context(envelope: Envelope): RequestContext<ShellType> {
    // Typed by its msg_type, as the handler it goes to is chosen by it.
    const message = envelope.message as MessageOf<ShellType>;
    const requestType = message.header.msg_type as Extract<ShellType, RequestType>;
    return {
      envelope,
      message,
      reply: (content) => this.transport?.send(envelope.identities, this.factory.create(message.channel, replyTypeOf(requestType), content, message.header)),
      publish: (msgType, content) => this.transport?.send([], this.factory.create("iopub", msgType, content, message.header)),
    };
  }

  private async handle(envelope: Envelope, handlers: Handlers<ShellType> | Handlers<ControlType>): Promise<void> {
    const request = this.context(envelope);
    const msgType = envelope.message.header.msg_type;
    const handler = handlerFor(handlers, msgType);
    if (handler === undefined) {
      logKernel(`ignored a message of unknown type "${msgType}" on ${envelope.message.channel}`);
      return;
    }
    request.publish("status", { execution_state: "busy" });
    try {
      await handler(request);
    } catch (error) {
      logKernel(`handler for ${msgType} failed: ${(error as Error).stack ?? String(error)}`);
      if (msgType.endsWith("_request")) request.reply({ status: "error", ename: "KernelError", evalue: (error as Error).message, traceback: [] });
    } finally {
      request.publish("status", { execution_state: "idle" });
    }
  }

  /** stop_on_error: the execute requests already sent are answered "aborted" instead of run. */
  private async abortQueuedExecutions(): Promise<void> {
    await this.transport?.shellRequestsArrived();
    const aborted = this.shellQueue.filter((envelope) => envelope.message.header.msg_type === "execute_request");
    this.shellQueue.splice(0, this.shellQueue.length, ...this.shellQueue.filter((envelope) => !aborted.includes(envelope)));
    for (const envelope of aborted) {
      const request = this.context(envelope);
      request.publish("status", { execution_state: "busy" });
      request.reply({ status: "aborted" });
      request.publish("status", { execution_state: "idle" });
    }
  }

  /** shutdown_request (also restart: the front end starts a new process), SIGTERM, or the parent's end. */
  private async shutdown(request?: RequestContext<"shutdown_request">): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const restart = Boolean(request?.message.content.restart);
    request?.reply({ status: "ok", restart });
    request?.publish("shutdown_reply", { status: "ok", restart });
    request?.publish("status", { execution_state: "idle" });
    this.engineInstance?.close();
    await endDescendants(500);
    await this.transport?.close();
    process.exit(0);
  }
}
