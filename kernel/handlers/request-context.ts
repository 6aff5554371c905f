import type { KernelMessage } from "@jupyterlab/services";
import type { ContentOf, MessageOf, ReplyTypeOf, RequestType } from "../transport/message-types";
import type { Envelope } from "../transport/wire";

/** One request of type T being handled: answer it, publish on iopub with it as parent. */
export interface RequestContext<T extends KernelMessage.MessageType> {
  readonly envelope: Envelope;
  readonly message: MessageOf<T>;
  /** Only requests have a reply; a comm message has none. */
  reply(content: T extends RequestType ? ContentOf<ReplyTypeOf<T>> : never): void;
  publish<P extends KernelMessage.IOPubMessageType>(msgType: P, content: ContentOf<P>): void;
}

export type Handler<T extends KernelMessage.MessageType> = (request: RequestContext<T>) => void | Promise<void>;

/** A handler for each of the types T, each given only messages of its own type. */
export type Handlers<T extends KernelMessage.MessageType> = { [Type in T]: Handler<Type> };
