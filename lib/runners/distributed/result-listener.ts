// Parent side: takes the workers' results off the runner's Redis list. One blocking
// pop wakes the loop; everything queued behind it comes in one more round trip.
import type { Redis } from "ioredis";
import type { ResultMessage } from "./wire";

const drainBatch = 1000;
/** Seconds a pop blocks before the loop checks whether it should stop. */
const blockSeconds = 1;

export class ResultListener {
  private stopped = false;

  constructor(
    private readonly connection: Redis,
    private readonly key: string,
    private readonly onMessage: (message: ResultMessage) => void,
  ) {
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const first = await this.connection.blpop(this.key, blockSeconds);
        if (first === null) continue;
        this.deliver(first[1]);
        const rest = await this.connection.lpop(this.key, drainBatch);
        for (const text of rest ?? []) this.deliver(text);
      } catch {
        // The connection dropped; ioredis reconnects, and the runner's watchdog decides when to give up.
        if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private deliver(text: string): void {
    let message: ResultMessage;
    try {
      message = JSON.parse(text) as ResultMessage;
    } catch {
      return; // Not ours: someone else pushed onto the list.
    }
    this.onMessage(message);
  }

  /**
   * Ends the loop; the caller then disconnects the connection. Not awaited: a pop queued
   * while ioredis was reconnecting never settles after disconnect (no socket left to close).
   */
  stop(): void {
    this.stopped = true;
  }
}
