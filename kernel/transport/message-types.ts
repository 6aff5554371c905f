// The content of each Jupyter message type, taken from @jupyterlab/services' KernelMessage, so that
// every reply and every iopub or stdin message the kernel sends is checked against its type.
import type { KernelMessage } from "@jupyterlab/services";

type MessageType = KernelMessage.MessageType;

/** @jupyterlab/services has no types for shutdown (front ends shut a kernel down through the REST API). */
interface ShutdownContents {
  shutdown_request: { restart?: boolean };
  shutdown_reply: { status: "ok"; restart: boolean };
}

/**
 * The content of a message of type T. Any reply may also be an error or an aborted reply (the
 * messaging spec's request-reply rule), without the fields of the successful one.
 */
export type ContentOf<T extends MessageType> = T extends keyof ShutdownContents
  ? ShutdownContents[T]
  : T extends `${string}_reply`
    ? ServicesContentOf<T> | KernelMessage.IReplyErrorContent | KernelMessage.IReplyAbortContent
    : ServicesContentOf<T>;

type ServicesContentOf<T extends MessageType> = Extract<KernelMessage.Message, { header: { msg_type: T } }>["content"];

/** A message of type T, its content typed. */
export type MessageOf<T extends MessageType> = Omit<KernelMessage.IMessage<T>, "content"> & { content: ContentOf<T> };

export type RequestType = Extract<MessageType, `${string}_request`>;

/** "execute_request" -> "execute_reply". */
export type ReplyTypeOf<T extends RequestType> = T extends `${infer Name}_request` ? Extract<`${Name}_reply`, MessageType> : never;
