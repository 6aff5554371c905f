import type { KernelMessage } from "@jupyterlab/services";
import type { Envelope } from "../transport/wire";

/** One request being handled: answer it, publish on iopub with it as parent. */
export interface RequestContext {
  readonly envelope: Envelope;
  readonly message: KernelMessage.IMessage;
  reply(content: object): void;
  publish(msgType: KernelMessage.IOPubMessageType, content: object): void;
}

export type Handler = (request: RequestContext) => void | Promise<void>;
