import crypto from "node:crypto";
import type { KernelMessage } from "@jupyterlab/services";
import type { ContentOf, ReplyTypeOf, RequestType } from "./message-types";

export const PROTOCOL_VERSION = "5.3";

/** Builds the messages the kernel sends: one session id, one username, fresh ids and dates. */
export class MessageFactory {
  constructor(readonly session: string) {}

  create<T extends KernelMessage.MessageType>(
    channel: KernelMessage.Channel,
    msgType: T,
    content: ContentOf<T>,
    parent: KernelMessage.IHeader | Record<string, never>,
    metadata: Record<string, unknown> = {},
  ): KernelMessage.IMessage<T> {
    return {
      channel,
      header: {
        date: new Date().toISOString(),
        msg_id: crypto.randomUUID(),
        msg_type: msgType,
        session: this.session,
        username: "kernel",
        version: PROTOCOL_VERSION,
      },
      parent_header: parent,
      metadata: metadata as KernelMessage.IMessage["metadata"],
      content,
    };
  }
}

/** "execute_request" -> "execute_reply". */
export function replyTypeOf<T extends RequestType>(requestType: T): ReplyTypeOf<T> {
  return requestType.replace(/_request$/, "_reply") as ReplyTypeOf<T>;
}
