// Runs in its own worker thread and owns every ZeroMQ socket but shell (shell-socket.ts), so
// heartbeat, interrupt, shutdown and a cell's output keep working while the cell blocks the main thread.
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import type { KernelMessage } from "@jupyterlab/services";
import { endpointOf } from "./connection";
import { MessageSigner } from "./signer";
import { decodeFrames, encodeFrames, type Envelope } from "./wire";
import { MessageFactory } from "./message-factory";
import { SendQueue } from "./send-queue";
import type { ContentOf, MessageOf } from "./message-types";
import type { FromTransport, ToTransport, TransportThreadOptions } from "./thread-protocol";
import { isAlive, killDescendantsNow } from "../lifecycle/process-tree";
import { logKernel } from "../lifecycle/log";

const options = workerData as TransportThreadOptions;
const port = parentPort;
if (port === null) throw new Error("transport-thread.js must run in a worker thread");
const signer = new MessageSigner(options.connection.key);
const interruptsSent = new Int32Array(options.interruptsSent);
const factory = new MessageFactory(options.session);

// Linger lets the last replies (shutdown_reply, the final idle) leave before the sockets close.
const linger = 500;
const sockets = {
  control: new zmq.Router({ maxMessageSize: options.maxMessageBytes, linger }),
  stdin: new zmq.Router({ maxMessageSize: options.maxMessageBytes, linger }),
  iopub: new zmq.Publisher({ linger }),
  hb: new zmq.Reply({ linger: 0 }),
};

function post(message: FromTransport): void {
  port?.postMessage(message);
}

const queues = {
  control: new SendQueue(sockets.control),
  stdin: new SendQueue(sockets.stdin),
  iopub: new SendQueue(sockets.iopub),
};

/** The execute_request whose cell runs right now, seen from the status messages the main thread sends. */
let runningExecute: KernelMessage.IHeader | undefined;
let closing = false;

function send(envelope: Envelope): void {
  const { message } = envelope;
  if (message.channel === "iopub" && message.header.msg_type === "status") trackExecution(message as MessageOf<"status">);
  const channel = message.channel;
  if (channel === "shell") throw new Error("shell messages are sent by the main thread (shell-socket.ts)");
  queues[channel].push(encodeFrames(envelope, signer));
}

function trackExecution(status: MessageOf<"status">): void {
  const parent = status.parent_header as Partial<KernelMessage.IHeader>;
  if (parent.msg_type !== "execute_request") return;
  const state = status.content.execution_state;
  if (state === "busy") runningExecute = parent as KernelMessage.IHeader;
  else if (state === "idle" && runningExecute?.msg_id === parent.msg_id) runningExecute = undefined;
}

function publish<T extends KernelMessage.IOPubMessageType>(msgType: T, content: ContentOf<T>, parent: KernelMessage.IHeader): void {
  send({ identities: [], message: factory.create("iopub", msgType, content, parent) });
}

/**
 * Interrupt is handled here, not in the main thread, because the main thread may be stuck in the
 * very loop that should stop. SIGINT breaks a synchronous cell (vm breakOnSigint) and, through the
 * main thread's SIGINT listener, a pending await and the cell's AbortSignal.
 */
function interrupt(request: Envelope): void {
  const header = request.message.header;
  const interrupted = runningExecute;
  publish("status", { execution_state: "busy" }, header);
  // Idle: nothing to stop. A SIGINT now could arrive after the next cell started and break it.
  if (interrupted !== undefined) {
    Atomics.add(interruptsSent, 0, 1);
    process.kill(process.pid, "SIGINT");
  }
  send({ identities: request.identities, message: factory.create("control", "interrupt_reply", { status: "ok" }, header) });
  publish("status", { execution_state: "idle" }, header);
  if (interrupted === undefined) return;
  setTimeout(() => {
    if (runningExecute?.msg_id !== interrupted.msg_id) return;
    logKernel("an interrupted cell is still busy");
    publish(
      "stream",
      {
        name: "stderr",
        text: "still busy — restart the kernel (the cell is stuck in code that an interrupt cannot stop: a loop after an await or in a timer)\n",
      },
      interrupted,
    );
  }, options.stillBusyAfterMs).unref();
}

/** Last resort when the main thread cannot finish a shutdown: nothing the cells started may outlive the kernel. */
function forceExitLater(reason: string, reply?: Envelope): void {
  setTimeout(() => {
    logKernel(`main thread did not finish the ${reason} in time; forcing exit`);
    if (reply !== undefined) send(reply);
    killDescendantsNow();
    setTimeout(() => process.kill(process.pid, "SIGKILL"), 100);
  }, options.forcedExitAfterMs).unref();
}

async function receiveFrom(channel: "control" | "stdin"): Promise<void> {
  const socket = sockets[channel];
  try {
    for await (const frames of socket) {
      const decoded = decodeFrames(frames, channel, signer, options.maxMessageBytes);
      if (!decoded.ok) {
        logKernel(`dropped a message on ${channel}: ${decoded.reason}`);
        continue;
      }
      const { envelope } = decoded;
      const msgType = envelope.message.header.msg_type;
      if (channel === "control" && msgType === "interrupt_request") {
        interrupt(envelope);
        continue;
      }
      if (channel === "control" && msgType === "shutdown_request") {
        const content = envelope.message.content as ContentOf<"shutdown_request">;
        const reply = factory.create("control", "shutdown_reply", { status: "ok", restart: Boolean(content.restart) }, envelope.message.header);
        forceExitLater("shutdown", { identities: envelope.identities, message: reply });
      }
      post({ kind: "request", envelope });
    }
  } catch (error) {
    if (!closing) logKernel(`${channel} socket failed: ${(error as Error).message}`);
  }
}

async function echoHeartbeats(): Promise<void> {
  try {
    for await (const frames of sockets.hb) await sockets.hb.send(frames);
  } catch (error) {
    if (!closing) logKernel(`heartbeat socket failed: ${(error as Error).message}`);
  }
}

let parentWatch: NodeJS.Timeout | undefined;

function watchParent(): void {
  const original = process.ppid;
  const timer = setInterval(() => {
    const gone = !isAlive(options.parentPid) || (options.parentPid === original && process.ppid !== original);
    if (!gone) return;
    clearInterval(timer);
    logKernel(`parent process ${options.parentPid} is gone; shutting down`);
    post({ kind: "parent-gone" });
    forceExitLater("shutdown after the parent process ended");
  }, 1000);
  parentWatch = timer;
}

async function close(): Promise<void> {
  closing = true;
  clearInterval(parentWatch);
  await Promise.all(Object.values(queues).map((queue) => queue.drained()));
  for (const socket of Object.values(sockets)) socket.close();
  port?.close();
}

async function start(): Promise<void> {
  for (const [name, socket] of Object.entries(sockets)) {
    await socket.bind(endpointOf(options.connection, name as keyof typeof sockets));
  }
  port?.on("message", (message: ToTransport) => {
    if (message.kind === "send") send(message.envelope);
    else void close();
  });
  void receiveFrom("control");
  void receiveFrom("stdin");
  void echoHeartbeats();
  watchParent();
  post({ kind: "ready" });
}

start().catch((error: unknown) => post({ kind: "failed", message: (error as Error).message }));
