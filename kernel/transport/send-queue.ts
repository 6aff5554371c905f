import type * as zmq from "zeromq";
import { logKernel } from "../lifecycle/log";

/** ZeroMQ refuses a second send while one is pending, so each socket sends from a queue. */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly socket: zmq.Writable) {}

  push(frames: Buffer[]): void {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch((error: unknown) => logKernel(`send failed: ${(error as Error).message}`));
  }

  /** Resolves once everything pushed so far has been handed to ZeroMQ. */
  drained(): Promise<void> {
    return this.tail;
  }
}
