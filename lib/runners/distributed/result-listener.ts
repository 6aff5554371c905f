// Parent side: reads the queue's event stream, where BullMQ puts each completed job with
// its return value (our outcomes), each job a worker takes ("active") and each it gives up
// on ("failed"), and where workers put initializer failures. Reads resume from
// the last event seen, so an outage loses nothing the stream still holds.
import type { Redis } from "ioredis";
import type { SerializedError } from "../errors";
import { initErrorEvent, type JobReturn, type ResultMessage } from "./queue-protocol";

const readBatch = 1000;
/** Milliseconds a read blocks before the loop checks whether it should stop. */
const blockMs = 1000;

export class ResultListener {
  private stopped = false;

  /**
   * @param lastId the stream's last event when the runner started: older events are not ours.
   */
  constructor(
    private readonly connection: Redis,
    private readonly key: string,
    private lastId: string,
    private readonly onMessage: (message: ResultMessage) => void,
  ) {
    void this.loop();
  }

  /** The id of the last event delivered. */
  get lastSeenId(): string {
    return this.lastId;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const reply = await this.connection.xread("COUNT", readBatch, "BLOCK", blockMs, "STREAMS", this.key, this.lastId);
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.deliver(fields);
          }
        }
      } catch {
        // The connection dropped; ioredis reconnects, and the runner's sweep decides when to give up.
        if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private deliver(fields: string[]): void {
    const message = messageOf(fields);
    if (message !== undefined) this.onMessage(message);
  }

  /**
   * Ends the loop; the caller then disconnects the connection. Not awaited: a read queued
   * while ioredis was reconnecting never settles after disconnect (no socket left to close).
   */
  stop(): void {
    this.stopped = true;
  }
}

/** Orders stream ids ("<ms>-<seq>"): negative, zero or positive like a comparator. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split("-").map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split("-").map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** Our message in one stream entry, or undefined for BullMQ's other events and anything not ours. */
function messageOf(fields: string[]): ResultMessage | undefined {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) values.set(fields[index] ?? "", fields[index + 1] ?? "");
  try {
    switch (values.get("event")) {
      case "completed": {
        const { outcomes, ms } = JSON.parse(values.get("returnvalue") ?? "null") as JobReturn;
        return Array.isArray(outcomes) ? { type: "result", jobId: values.get("jobId") ?? "", outcomes, ms } : undefined;
      }
      case "active":
        return { type: "active", jobId: values.get("jobId") ?? "" };
      case "failed":
        return { type: "failed", jobId: values.get("jobId") ?? "", reason: values.get("failedReason") ?? "" };
      case initErrorEvent:
        return { type: "init-error", worker: values.get("worker") ?? "?", error: JSON.parse(values.get("error") ?? "null") as SerializedError };
      default:
        return undefined;
    }
  } catch {
    return undefined; // Not ours: another producer on a shared queue name.
  }
}
