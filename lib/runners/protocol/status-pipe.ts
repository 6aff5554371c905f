// A child process's second line to its parent, beside IPC: a pipe on fd 4 that any thread
// of the child can write to synchronously, so a message still gets out when the child is
// about to die (its exit handler, its sidecar thread just before a kill). Frames are a
// 4-byte length and a v8-serialized message. Child side writes, parent side reads.
import fs from "node:fs";
import type { Readable } from "node:stream";
import { deserialize, serialize } from "node:v8";
import type { DistributedLastWords } from "../distributed/queue-protocol";
import type { LastWords } from "./messages";

/** The child's end of the pipe: stdio index 4 (0–2 are the standard streams, 3 is IPC). */
export const statusFd = 4;

export type StatusMessage =
  /** The input with this seq has run a while: if the child dies without a word, it is the one. */
  | { type: "running"; job: number; index: number; seq: number }
  /** The reported input is over; this seq started after it. */
  | { type: "moved-on"; seq: number }
  /** The job ran past its deadline; the sidecar kills the child right after this. */
  | { type: "timed-out"; job: number; index: number }
  | LastWords;

/** Child side (pool children write StatusMessage, distributed workers their own). A parent that is gone cannot be told anything: errors are ignored. */
export function writeStatus(message: StatusMessage | DistributedLastWords): void {
  const body = serialize(message);
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, 4);
  try {
    for (let written = 0; written < frame.length;) written += fs.writeSync(statusFd, frame, written);
  } catch {
    // EPIPE: the parent closed its end.
  }
}

/** Parent side: calls onMessage for each frame as it arrives. */
export function readStatus<Message = StatusMessage>(stream: Readable, onMessage: (message: Message) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  stream.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readUInt32LE(0);
      if (pending.length < 4 + length) break;
      onMessage(deserialize(pending.subarray(4, 4 + length)) as Message);
      pending = pending.subarray(4 + length);
    }
  });
}
