// The shell socket lives in the main thread, unlike the others (transport-thread.ts): its requests
// are handled there one at a time anyway, and a request and its reply crossing to another thread
// and back cost every cell two thread hand-offs. While a cell blocks this thread, requests wait in
// ZeroMQ's queue, as they would wait in the handler queue.
import { setImmediate as nextTurn } from "node:timers/promises";
import * as zmq from "zeromq";
import type { ConnectionInfo } from "./connection";
import { endpointOf } from "./connection";
import { SendQueue } from "./send-queue";
import type { MessageSigner } from "./signer";
import { decodeFrames, encodeFrames, type Envelope } from "./wire";
import { logKernel } from "../lifecycle/log";

export class ShellSocket {
  private readonly queue: SendQueue;
  private closing = false;

  private constructor(
    private readonly socket: zmq.Router,
    private readonly signer: MessageSigner,
    private readonly maxMessageBytes: number,
  ) {
    this.queue = new SendQueue(socket);
  }

  /** Binds the shell port. Requests that arrive meanwhile wait in ZeroMQ's queue until listen(). */
  static async bind(connection: ConnectionInfo, signer: MessageSigner, maxMessageBytes: number): Promise<ShellSocket> {
    // Linger lets the last replies (shutdown_reply) leave before the socket closes.
    const socket = new zmq.Router({ maxMessageSize: maxMessageBytes, linger: 500 });
    await socket.bind(endpointOf(connection, "shell"));
    return new ShellSocket(socket, signer, maxMessageBytes);
  }

  /** Requests that decode and verify go to `onRequest`, in arrival order. */
  listen(onRequest: (envelope: Envelope) => void): void {
    void this.receive(onRequest);
  }

  send(envelope: Envelope): void {
    this.queue.push(encodeFrames(envelope, this.signer));
  }

  /** Resolves once every request that had reached ZeroMQ's queue has been passed on. */
  async arrived(): Promise<void> {
    // Right after a read, ZeroMQ can report nothing readable although the next message waits; the
    // receive loop's poll callback still takes it. Two turns pass the event loop's poll phase once.
    await nextTurn();
    await nextTurn();
    while (this.socket.readable) await nextTurn();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.queue.drained();
    this.socket.close();
  }

  private async receive(onRequest: (envelope: Envelope) => void): Promise<void> {
    try {
      for await (const frames of this.socket) {
        const decoded = decodeFrames(frames, "shell", this.signer, this.maxMessageBytes);
        if (decoded.ok) onRequest(decoded.envelope);
        else logKernel(`dropped a message on shell: ${decoded.reason}`);
      }
    } catch (error) {
      if (!this.closing) logKernel(`shell socket failed: ${(error as Error).message}`);
    }
  }
}
