import type { KernelMessage } from "@jupyterlab/services";
import type { MessageSigner } from "./signer";

/** A message plus the ZeroMQ routing identities that a reply must carry back. */
export interface Envelope {
  identities: Uint8Array[];
  message: KernelMessage.IMessage;
}

export type DecodeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const DELIMITER = Buffer.from("<IDS|MSG>", "utf8");

function toBuffer(frame: Uint8Array): Buffer {
  return Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

function parseObject(frame: Buffer, what: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch {
    return `${what} is not valid JSON`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${what} is not a JSON object`;
  return value as Record<string, unknown>;
}

/**
 * Splits, verifies and parses the frames of one message. Never throws: whatever arrives on a
 * socket is untrusted, and the reason it was refused goes to the kernel's own log.
 * The reason never contains a signature.
 */
export function decodeFrames(frames: readonly Uint8Array[], channel: KernelMessage.Channel, signer: MessageSigner, maxBytes: number): DecodeResult {
  const buffers = frames.map(toBuffer);
  const size = buffers.reduce((sum, frame) => sum + frame.length, 0);
  if (size > maxBytes) return { ok: false, reason: `message of ${size} bytes exceeds the limit of ${maxBytes}` };
  const delimiterAt = buffers.findIndex((frame) => frame.equals(DELIMITER));
  if (delimiterAt < 0) return { ok: false, reason: "no <IDS|MSG> delimiter" };
  if (buffers.length < delimiterAt + 6) return { ok: false, reason: "fewer than 5 frames after the delimiter" };
  const [signature, headerFrame, parentFrame, metadataFrame, contentFrame] = buffers.slice(delimiterAt + 1, delimiterAt + 6) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  if (!signer.verify(signature, [headerFrame, parentFrame, metadataFrame, contentFrame])) {
    return { ok: false, reason: "bad or missing signature" };
  }
  const header = parseObject(headerFrame, "header");
  const parent = parseObject(parentFrame, "parent header");
  const metadata = parseObject(metadataFrame, "metadata");
  const content = parseObject(contentFrame, "content");
  for (const part of [header, parent, metadata, content]) if (typeof part === "string") return { ok: false, reason: part };
  const checkedHeader = header as Record<string, unknown>;
  if (typeof checkedHeader.msg_type !== "string" || typeof checkedHeader.msg_id !== "string") {
    return { ok: false, reason: "header lacks msg_type or msg_id" };
  }
  const message = {
    channel,
    header: checkedHeader as unknown as KernelMessage.IHeader,
    parent_header: parent as KernelMessage.IHeader | Record<string, never>,
    metadata: metadata as KernelMessage.IMessage["metadata"],
    content: content as KernelMessage.IMessage["content"],
    buffers: buffers.slice(delimiterAt + 6),
  } satisfies KernelMessage.IMessage;
  return { ok: true, envelope: { identities: buffers.slice(0, delimiterAt), message } };
}

/** Serializes and signs a message into ZeroMQ frames. */
export function encodeFrames(envelope: Envelope, signer: MessageSigner): Buffer[] {
  const { message } = envelope;
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) => Buffer.from(JSON.stringify(part), "utf8"));
  const extra = (message.buffers ?? []).map((buffer) =>
    ArrayBuffer.isView(buffer) ? Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength) : Buffer.from(buffer),
  );
  return [...envelope.identities.map(toBuffer), DELIMITER, Buffer.from(signer.sign(parts), "utf8"), ...parts, ...extra];
}
