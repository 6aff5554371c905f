import type { KernelMessage } from "@jupyterlab/services";
import type { ContentOf } from "../transport/message-types";
import type { Envelope } from "../transport/wire";
import { handlerError } from "./errors";

export type SendOnStdin = (identities: Uint8Array[], msgType: "input_request", content: ContentOf<"input_request">, parent: KernelMessage.IHeader) => void;

/** input_request / input_reply: one pending prompt at a time, for the cell that asked. */
export class StdinChannel {
  private pending: { resolve(value: string): void; reject(error: Error): void } | undefined;

  constructor(private readonly send: SendOnStdin) {}

  /** Asks the front end that sent `request` for a line; fails when it does not allow stdin. */
  ask(request: Envelope, prompt: string, signal: AbortSignal): Promise<string> {
    const content = request.message.content as KernelMessage.IExecuteRequestMsg["content"];
    if (content.allow_stdin === false) {
      return Promise.reject(
        handlerError(
          "input() needs a front end that accepts input, but this one sent allow_stdin: false (as nbconvert and nbclient do). Give the value in the code instead, or run the notebook in JupyterLab.",
        ),
      );
    }
    if (this.pending !== undefined) return Promise.reject(handlerError("input() is already waiting for an answer; await it before asking again."));
    if (signal.aborted) return Promise.reject(handlerError("input() was called after the cell was interrupted."));
    return new Promise<string>((resolve, reject) => {
      const onAbort = (): void => this.settle(undefined, handlerError("input() was interrupted."));
      signal.addEventListener("abort", onAbort, { once: true });
      this.pending = {
        resolve: (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      this.send(request.identities, "input_request", { prompt, password: false }, request.message.header);
    });
  }

  /**
   * An input_reply arrived on the stdin socket. The messaging spec defines its content as `{ value }`
   * (what jupyter_client's KernelClient.input() sends); JupyterLab adds `status: "ok"`.
   */
  receive(reply: KernelMessage.IMessage): void {
    const content = reply.content as { status?: unknown; value?: unknown };
    if (content.status === "error") this.settle(undefined, handlerError("the front end answered input() with an error."));
    else if (typeof content.value === "string") this.settle(content.value);
    else this.settle(undefined, handlerError(`the front end answered input() without a text value (its reply was ${JSON.stringify(content)}).`));
  }

  private settle(value: string | undefined, error?: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending === undefined) return;
    if (error !== undefined) pending.reject(error);
    else pending.resolve(value ?? "");
  }
}
