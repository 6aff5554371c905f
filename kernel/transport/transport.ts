import path from "node:path";
import { Worker } from "node:worker_threads";
import type { KernelMessage } from "@jupyterlab/services";
import type { ConnectionInfo } from "./connection";
import type { Envelope } from "./wire";
import type { FromTransport, ToTransport, TransportThreadOptions } from "./thread-protocol";
import { transportError } from "./errors";
import { ShellSocket } from "./shell-socket";
import { MessageSigner } from "./signer";

export interface TransportEvents {
  request(envelope: Envelope): void;
  parentGone(): void;
}

export interface TransportOptions {
  connection: ConnectionInfo;
  session: string;
  parentPid: number;
  maxMessageBytes: number;
  stillBusyAfterMs: number;
  forcedExitAfterMs: number;
}

/**
 * The main thread's side of the transport: the shell socket lives here (shell-socket.ts), the others
 * in a worker thread (transport-thread.ts).
 */
export class Transport {
  private readonly worker: Worker;
  private readonly interruptsSent: Int32Array;

  private constructor(
    private readonly shell: ShellSocket,
    worker: Worker,
    interruptsSent: SharedArrayBuffer,
    private readonly events: TransportEvents,
  ) {
    this.worker = worker;
    this.interruptsSent = new Int32Array(interruptsSent);
    worker.on("message", (message: FromTransport) => this.receive(message));
  }

  /**
   * Binds all five sockets; resolves once they accept connections. Shell requests reach `events`
   * from listen() on, so that the caller can first keep the Transport it needs to reply.
   */
  static async start(options: TransportOptions, events: TransportEvents): Promise<Transport> {
    const signer = new MessageSigner(options.connection.key);
    const shell = await ShellSocket.bind(options.connection, signer, options.maxMessageBytes);
    const interruptsSent = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const workerOptions: TransportThreadOptions = {
      interruptsSent,
      connection: options.connection,
      session: options.session,
      maxMessageBytes: options.maxMessageBytes,
      stillBusyAfterMs: options.stillBusyAfterMs,
      forcedExitAfterMs: options.forcedExitAfterMs,
      parentPid: options.parentPid,
    };
    // The worker's stdout/stderr would flow through this thread's redirected streams into cells.
    const worker = new Worker(path.join(__dirname, "transport-thread.js"), {
      workerData: workerOptions,
      stdout: true,
      stderr: true,
    });
    return new Promise((resolve, reject) => {
      const onReady = (message: FromTransport): void => {
        if (message.kind === "ready") {
          worker.off("message", onReady);
          worker.off("error", reject);
          resolve(new Transport(shell, worker, interruptsSent, events));
        } else if (message.kind === "failed") {
          reject(transportError(`cannot bind sockets: ${message.message}`));
        }
      };
      worker.on("message", onReady);
      worker.once("error", reject);
    });
  }

  listen(): void {
    this.shell.listen((envelope) => this.events.request(envelope));
  }

  send(identities: Uint8Array[], message: KernelMessage.IMessage): void {
    if (message.channel === "shell") this.shell.send({ identities, message });
    else this.post({ kind: "send", envelope: { identities, message } });
  }

  /**
   * How many interrupt requests have been turned into a SIGINT so far. Readable while this thread
   * has not yet run the SIGINT listener: a change tells that one is on its way.
   */
  interruptCount(): number {
    return Atomics.load(this.interruptsSent, 0);
  }

  /** Resolves once every shell request that had arrived so far has been passed on. */
  shellRequestsArrived(): Promise<void> {
    return this.shell.arrived();
  }

  /** Sends what is queued, closes the sockets and ends the thread. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.post({ kind: "close" });
    await Promise.all([exited, this.shell.close()]);
  }

  private post(message: ToTransport): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromTransport): void {
    switch (message.kind) {
      case "request":
        this.events.request(message.envelope);
        return;
      case "parent-gone":
        this.events.parentGone();
        return;
      case "ready":
      case "failed":
        return;
    }
  }
}
