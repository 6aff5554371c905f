import type { KernelMessage } from "@jupyterlab/services";
import type { CellError } from "../engine/engine";
import type { ContentOf } from "../transport/message-types";
import type { OutputBundle } from "./mime-bundle";

export type PublishOnIopub = <T extends KernelMessage.IOPubMessageType>(msgType: T, content: ContentOf<T>) => void;

/**
 * The outputs of one execute request, sent on iopub with that request as parent. Stream text is
 * buffered briefly so a loop of console.log calls becomes a few messages, and is always flushed
 * before any other output so the order the cell produced survives.
 */
export class CellOutput {
  private pending: { name: "stdout" | "stderr"; text: string } | undefined;
  private flushScheduled = false;

  constructor(private readonly publish: PublishOnIopub) {}

  stream(name: "stdout" | "stderr", text: string): void {
    if (text.length === 0) return;
    if (this.pending !== undefined && this.pending.name !== name) this.flush();
    this.pending = { name, text: (this.pending?.text ?? "") + text };
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => this.flush(), 20).unref();
    }
  }

  flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) this.publish("stream", pending);
  }

  display(bundle: OutputBundle, displayId?: string): void {
    this.flush();
    this.publish("display_data", { data: bundle, metadata: {}, transient: displayId === undefined ? {} : { display_id: displayId } });
  }

  updateDisplay(displayId: string, bundle: OutputBundle): void {
    this.flush();
    this.publish("update_display_data", { data: bundle, metadata: {}, transient: { display_id: displayId } });
  }

  clear(wait: boolean): void {
    this.flush();
    this.publish("clear_output", { wait });
  }

  result(executionCount: number, bundle: OutputBundle): void {
    this.flush();
    this.publish("execute_result", { execution_count: executionCount, data: bundle, metadata: {} });
  }

  error(error: CellError): void {
    this.flush();
    this.publish("error", error);
  }
}
